"""Pages of the tenancy core: the signed-in home and the organisation switcher."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keyring_net.middleware import SESSION_ORGANISATION_KEY


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's starting page, shaped by their roles."""
    return render(request, "keyring_net/home.html")


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Work in another organisation the person holds a role in.

    An organisation they hold no role in is "not found", like any other.
    """
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in {org.pk for org in request.actor.organisations}:
        raise Http404
    request.session[SESSION_ORGANISATION_KEY] = wanted
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
