"""Role matrix entries for documents (pages and API). A document is reached
as what it is attached to: the world's document is attached to the world's
member, so its routes follow the member (the care roles; a connections
volunteer and the member reach the member but are refused, 403; the rest do
not find it, 404). A volunteer's documents follow the volunteer's profile
(managers and admins), a plan's the plan. A safeguarding concern's
documents follow the concern's audience (the world's concern: the CLV who
raised it and the member's support manager; everyone else 404), an
incident's the incident's reach (admins see them but do not add: they do
not record incidents)."""

from __future__ import annotations

from tests.routes import CARE, ROLES, A, F, N, member_object, only

MANAGERS = ("support_manager", "org_admin")
BY_ID = member_object(CARE)
CONCERN_AUDIENCE = only("clv", "support_manager", otherwise=N)
INCIDENT_SEEN = {r: A if r in ("org_admin", *CARE) else N for r in ROLES}
INCIDENT_ADDED = {**INCIDENT_SEEN, "org_admin": F}

MATRIX = {
    "documents:member-list": {"GET": member_object(CARE)},
    "documents:member-add": {m: member_object(CARE) for m in ("GET", "POST")},
    "documents:volunteer-list": {"GET": only(*MANAGERS, otherwise="not found")},
    "documents:volunteer-add": {m: only(*MANAGERS, otherwise="not found") for m in ("GET", "POST")},
    "documents:plan-list": {"GET": member_object(CARE)},
    "documents:plan-add": {m: member_object(CARE) for m in ("GET", "POST")},
    "documents:concern-list": {"GET": CONCERN_AUDIENCE},
    "documents:concern-add": dict.fromkeys(("GET", "POST"), CONCERN_AUDIENCE),
    "documents:incident-list": {"GET": INCIDENT_SEEN},
    "documents:incident-add": dict.fromkeys(("GET", "POST"), INCIDENT_ADDED),
    "documents:detail": {"GET": BY_ID},
    "documents:download": {"GET": BY_ID},
    "documents:withdraw": dict.fromkeys(("GET", "POST"), BY_ID),
    "api-document-list": {m: only(*CARE, "org_admin") for m in ("GET", "POST")},
    "api-document-detail": {"GET": BY_ID},
    "api-document-download": {"GET": BY_ID},
    "api-document-withdraw": {"POST": BY_ID},
}


def world_document(world):
    """The world member's document, made on first use (with a small text
    file in the tests' documents folder)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django_scopes import scopes_disabled

    from documents.models import Document

    with scopes_disabled():
        row = Document.objects.filter(
            organisation=world.organisation, attached_kind="member", attached_id=world.member.pk
        ).first()
        if row is None:
            stored = storages["documents"].save(
                f"{world.organisation.pk}/world-{world.marker}", ContentFile(b"A letter.\n")
            )
            row = Document.objects.create(
                organisation=world.organisation,
                attached_kind="member",
                attached_id=world.member.pk,
                title=f"Letter {world.marker}",
                category=Document.Category.LETTER,
                original_name="letter.txt",
                stored_name=stored,
                size=10,
                content_type="text/plain; charset=utf-8",
                uploaded_by=world.clv,
            )
        return row.pk


OBJECT_KWARGS = {"document_id": world_document}
