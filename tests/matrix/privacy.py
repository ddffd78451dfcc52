"""Role matrix for subject access (privacy/). Staff pages are for the
organisation admin (the data protection lead) and support managers; a
request is reached by the admin, the member's support manager and the
member (whose role is too low for the staff pages: 403); everyone else
does not reach it (404). The member's own pages are the member's."""

from __future__ import annotations

from tests.routes import ROLES, A, F, N, only

HANDLERS = ("org_admin", "support_manager")


def _request_page() -> dict[str, str]:
    by_role = {role: (A if role in HANDLERS else N) for role in ROLES}
    by_role["member"] = F
    return by_role


MATRIX = {
    "privacy:list": {"GET": only(*HANDLERS)},
    "privacy:new": {m: only(*HANDLERS) for m in ("GET", "POST")},
    "privacy:detail": {"GET": _request_page()},
    "privacy:redact": {"POST": _request_page()},
    "privacy:release": {"POST": _request_page()},
    "privacy:download": {"GET": _request_page()},
    "privacy:my": {"GET": only("member")},
    "privacy:my-ask": {m: only("member") for m in ("GET", "POST")},
    "privacy:my-download": {"GET": only("member", otherwise=N)},
}


def world_access_request(world) -> int:
    """The world member's request, already released with a small archive
    (made on first use, so other tests' counts do not change)."""
    import datetime

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from privacy.models import AccessRelease, AccessRequest

    with scopes_disabled():
        found = AccessRequest.objects.filter(member=world.member).first()
        if found is not None:
            return found.pk
        today = timezone.localdate()
        made = AccessRequest.objects.create(
            organisation=world.organisation,
            member=world.member,
            received_on=today - datetime.timedelta(days=3),
            received_how=AccessRequest.Received.LETTER,
            due_on=today + datetime.timedelta(days=28),
            logged_by=world.manager,
            status=AccessRequest.Status.RELEASED,
        )
        AccessRelease.objects.create(
            organisation=world.organisation,
            request=made,
            released_by=world.manager,
            file_name="records.zip",
            archive=b"PK\x05\x06" + b"\x00" * 18,
        )
        return made.pk


OBJECT_KWARGS = {"access_request_id": world_access_request}
