"""Request middleware of the tenancy core."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.cache import patch_cache_control

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope, set_database_access

SESSION_ORGANISATION_KEY = "organisation_id"


class RequestTransactionMiddleware:
    """On PostgreSQL, run the request in one transaction whose row-level
    security grant lets sign-in find people: every person's account and
    sign-in rows (``identify``), no organisation's records.

    It sits before everything that reads accounts, API tokens or two-step
    devices (authentication, allauth, axes). ``OrganisationMiddleware``
    narrows the grant to one organisation and one person as soon as the
    person is known, so a signed-in page never runs with this one. A no-op
    on SQLite.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        with transaction.atomic():
            set_database_access(identify=True)
            return self.get_response(request)


class OrganisationMiddleware:
    """Resolve the organisation once per request and work inside it.

    Sets ``request.actor`` and ``request.organisation``. Everything after it
    (views, templates, serializers) runs inside that organisation's scope, so
    tenant-owned queries see only its rows; on PostgreSQL a signed-in
    request's row-level security grant is narrowed to that organisation and
    the person's own account rows. Anonymous requests run with no
    organisation: scoped queries find nothing, and the grant stays the
    sign-in one of ``RequestTransactionMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = Actor.for_user(user, request.session.get(SESSION_ORGANISATION_KEY))
        else:
            actor = Actor.anonymous()
        request.actor = actor
        request.organisation = actor.organisation

        with organisation_scope(actor.organisation):
            if actor.user is not None and connection.vendor == "postgresql":
                # Joins the request's transaction without a savepoint: rolling
                # back to a savepoint taken before this line would bring the
                # wider sign-in grant back.
                with transaction.atomic(savepoint=False):
                    set_database_access(
                        organisation_id=getattr(actor.organisation, "pk", None),
                        person_id=actor.user.pk,
                    )
                    return self.get_response(request)
            return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person hold personal data: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class ApiTokenMiddleware:
    """Resolve ``Authorization: Token <key>`` before the organisation is chosen.

    DRF authenticates inside the view, too late for the organisation scope to
    wrap the whole request. This reads the token once, here; the API's
    ``TokenAuthentication`` subclass then reuses what it found. A bad token
    leaves the request anonymous, and the API answers 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from rest_framework.authentication import get_authorization_header
        from rest_framework.exceptions import AuthenticationFailed

        from keyring_net.api.support import TokenAuthentication

        header = get_authorization_header(request).split()
        if header and header[0].lower() == b"token":
            try:
                found = TokenAuthentication().authenticate(request)
            except AuthenticationFailed:
                found = None
            if found is not None:
                request.user, request.api_token = found
        return self.get_response(request)


class RequireTwoStepMiddleware:
    """Staff who can read other people's records must set up two-step
    sign-in before anything else: until then every page sends them to the
    set-up page, and the API answers 403. Only the account pages (sign out,
    set-up, password), the login-card page and the health check stay open.
    """

    OPEN_PREFIXES = ("/accounts/", "/health/", "/static/", "/card/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib import messages
        from django.http import JsonResponse
        from django.shortcuts import redirect

        from keyring_net.policy import needs_two_step
        from keyring_net.selectors import has_two_step

        actor = request.actor
        if (
            actor.user is not None
            and not request.path.startswith(self.OPEN_PREFIXES)
            and needs_two_step(actor)
            and not has_two_step(actor.user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-step sign-in before using the API."}, status=403
                )
            messages.info(
                request,
                "Your role lets you see other people's records, so you need two-step "
                "sign-in. Set it up now: it takes two minutes with an authenticator app.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class AbsoluteSessionLimitMiddleware:
    """Session lifetime: an idle limit that slides, and a hard end.

    Idle: a sign-in ends SESSION_COOKIE_AGE after the last activity; the
    session is re-saved (moving that limit on) at most once a minute.
    Absolute: it ends after SESSION_ABSOLUTE_HOURS however active it is,
    which Django does not do by itself; shared phones and office PCs need it.
    """

    KEY = "signed_in_at"
    SEEN_KEY = "seen_at"
    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout
        from django.shortcuts import redirect

        user = getattr(request, "user", None)
        # API calls with a token have no sign-in session to limit (or save).
        if user is not None and user.is_authenticated and not hasattr(request, "api_token"):
            started = request.session.get(self.KEY)
            now = time.time()
            if started is None:
                request.session[self.KEY] = now
                request.session[self.SEEN_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                return redirect("account_login")
            elif now - request.session.get(self.SEEN_KEY, 0) > self.REFRESH_SECONDS:
                # Slide the idle limit, writing the session at most once a
                # minute rather than on every request.
                request.session[self.SEEN_KEY] = now
        return self.get_response(request)
