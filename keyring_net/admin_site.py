"""The Django admin's site: platform staff only, and only after two-step
sign-in.

The admin crosses organisations, so it is the most valuable door in the
service. It has no password form of its own: ``login`` sends people to the
product's sign-in (django-allauth, with its two-step code), and
``has_permission`` refuses any session whose sign-in did not include the
second step, however it was made. Installed by
``keyring_net.apps.ServiceAdminConfig``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from keyring_net.selectors import has_two_step
from keyring_net.two_step import completed_two_step


class KeyRingAdminSite(admin.AdminSite):
    site_header = "KeyRing Net service admin"
    site_title = "KeyRing Net service admin"
    index_title = "Service admin"

    def has_permission(self, request: HttpRequest) -> bool:
        """Active platform staff whose sign-in in this session included the
        two-step code (or a recovery code)."""
        return super().has_permission(request) and completed_two_step(request)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Never takes a password (GET and POST alike): sends the person on
        to the step they are missing, then back to the page they wanted."""
        wanted = self._wanted_page(request)
        user = request.user
        if not user.is_authenticated:
            return _to("account_login", wanted)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied("The service admin is only for platform staff.")
        if not has_two_step(user):
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if not completed_two_step(request):
            # Signed in before they set up two-step sign-in (or without the
            # code some other way): ask for a code now.
            return _to("mfa_reauthenticate", wanted)
        return HttpResponseRedirect(wanted)

    def _wanted_page(self, request: HttpRequest) -> str:
        wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return wanted
        return reverse("admin:index", current_app=self.name)


def _to(url_name: str, wanted: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: wanted})}")
