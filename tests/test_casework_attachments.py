"""Casework joined to the rest: documents kept with safeguarding concerns
and incidents (reached exactly as the record is, on the pages and in the
API), and follow-up tasks made from a concern or an incident (which never
show the concern to someone outside its audience)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from casework.models import ConcernView
from documents.models import Document, DocumentDownload
from members.models import RecordAccess
from tests.test_casework_incidents import incident
from tests.test_casework_safeguarding import other_cluster_manager, raise_one
from tests.test_documents import BOUNDARY, multipart

pytestmark = pytest.mark.django_db

LETTER = b"The council's letter about the concern.\n"


def upload(client, kind: str, row_id: int, *, title="Council letter", data=LETTER):
    path = reverse(f"documents:{kind}-add", kwargs={f"{kind}_id": row_id})
    body = multipart({"title": title, "category": "letter"}, "letter.txt", data)
    return client.generic(
        "POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def api_upload(client, kind: str, row_id: int):
    fields = {"attached_kind": kind, "attached_id": row_id, "title": "Sent", "category": "letter"}
    body = multipart(fields, "letter.txt", LETTER)
    return client.generic(
        "POST",
        reverse("api-document-list"),
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def documents_of(world, kind: str) -> list[Document]:
    with scopes_disabled():
        return list(Document.objects.filter(organisation=world.organisation, attached_kind=kind))


def every_route(client, kind: str, row_id: int, document_id: int) -> dict[str, int]:
    """The answer of every route that could show the record's documents."""
    ids = {f"{kind}_id": row_id}
    got = {
        "list": client.get(reverse(f"documents:{kind}-list", kwargs=ids)),
        "add": client.get(reverse(f"documents:{kind}-add", kwargs=ids)),
        "upload": upload(client, kind, row_id, title="Should not land"),
        "detail": client.get(reverse("documents:detail", args=[document_id])),
        "download": client.get(reverse("documents:download", args=[document_id])),
        "withdraw": client.post(
            reverse("documents:withdraw", args=[document_id]), {"reason": "No"}
        ),
        "api detail": client.get(reverse("api-document-detail", args=[document_id])),
        "api download": client.get(reverse("api-document-download", args=[document_id])),
        "api withdraw": client.post(
            reverse("api-document-withdraw", args=[document_id]), {"reason": "No"}
        ),
        "api upload": api_upload(client, kind, row_id),
    }
    return {name: response.status_code for name, response in got.items()}


# --- Documents on a safeguarding concern ----------------------------------------------------------


def test_the_concerns_audience_keeps_and_downloads_its_documents(client, org_a):
    concern = raise_one(org_a)  # raised by the CLV about the world's member
    client.force_login(org_a.users["clv"])
    page = client.get(reverse("safeguarding:detail", args=[concern.pk])).content.decode()
    add_url = reverse("documents:concern-add", kwargs={"concern_id": concern.pk})
    assert add_url in page  # the documents section, with its upload link

    response = upload(client, "concern", concern.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/safeguarding/{concern.pk}/#documents")
    [document] = documents_of(org_a, "concern")
    assert document.attached_id == concern.pk

    with scopes_disabled():
        looked_before = RecordAccess.objects.filter(member=org_a.member).count()
        views_before = ConcernView.objects.filter(concern=concern).count()
    client.force_login(org_a.users["support_manager"])
    page = client.get(reverse("safeguarding:detail", args=[concern.pk])).content.decode()
    assert "Council letter" in page
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == LETTER
    assert client.get(reverse("api-document-download", args=[document.pk])).status_code == 200
    listed = client.get(reverse("api-document-list"), {"attached_kind": "concern"}).json()
    assert [row["id"] for row in listed["results"]] == [document.pk]
    with scopes_disabled():
        assert DocumentDownload.objects.filter(document=document).count() == 2
        # Logged with the concern (the page and two downloads), never on the
        # member's own "who looked at my record".
        assert ConcernView.objects.filter(concern=concern).count() == views_before + 3
        assert RecordAccess.objects.filter(member=org_a.member).count() == looked_before


def test_outside_a_concerns_audience_its_documents_are_not_found_everywhere(client, org_a):
    concern = raise_one(org_a)
    client.force_login(org_a.users["clv"])
    assert upload(client, "concern", concern.pk).status_code == 302
    [document] = documents_of(org_a, "concern")
    outsiders = {
        "admin, not a lead": org_a.users["org_admin"],
        "enabler of the same network": org_a.users["community_enabler"],
        "connections volunteer": org_a.users["connections_volunteer"],
        "quality checker": org_a.users["quality_checker"],
        "manager of another cluster": other_cluster_manager(org_a),
    }
    for name, person in outsiders.items():
        client.force_login(person)
        found = every_route(client, "concern", concern.pk, document.pk)
        if name in ("connections volunteer", "quality checker"):
            # Their role keeps no documents at all: the API refuses the
            # upload before looking anything up, which says nothing about
            # the concern.
            assert found.pop("api upload") == 403
        assert set(found.values()) == {404}, (name, found)
        listed = client.get(reverse("api-document-list"))
        assert listed.status_code in (200, 403)
        if listed.status_code == 200:
            assert document.pk not in [row["id"] for row in listed.json()["results"]], name
        page = client.get(reverse("safeguarding:list")).content.decode()
        assert "Council letter" not in page
    assert documents_of(org_a, "concern") == [document]  # nothing landed
    with scopes_disabled():
        assert not DocumentDownload.objects.filter(document=document).exists()
        document.refresh_from_db()
        assert document.withdrawn_at is None


def test_another_organisations_concern_documents_are_not_found(client, org_a, org_b):
    concern = raise_one(org_b)
    client.force_login(org_b.users["clv"])
    assert upload(client, "concern", concern.pk).status_code == 302
    [document] = documents_of(org_b, "concern")
    client.force_login(org_a.users["support_manager"])
    found = every_route(client, "concern", concern.pk, document.pk)
    assert set(found.values()) == {404}, found
    assert documents_of(org_a, "concern") == []
    assert documents_of(org_b, "concern") == [document]


# --- Documents on an incident -----------------------------------------------------------------


def test_an_incidents_documents_follow_its_reach(client, org_a, org_b):
    recorded = incident(org_a)  # recorded by the world's CLV
    client.force_login(org_a.users["clv"])
    page = client.get(reverse("incidents:detail", args=[recorded.pk])).content.decode()
    assert reverse("documents:incident-add", kwargs={"incident_id": recorded.pk}) in page
    response = upload(client, "incident", recorded.pk, title="Photo of the step")
    assert response.status_code == 302
    [document] = documents_of(org_a, "incident")

    # The support manager reaches the network's incidents: sees and downloads.
    client.force_login(org_a.users["support_manager"])
    page = client.get(reverse("incidents:detail", args=[recorded.pk])).content.decode()
    assert "Photo of the step" in page
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    # An admin sees them but does not add (admins do not record incidents).
    client.force_login(org_a.users["org_admin"])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    add = reverse("documents:incident-add", kwargs={"incident_id": recorded.pk})
    assert client.get(add).status_code == 403

    # A connections volunteer reaches only the incidents they wrote.
    client.force_login(org_a.users["connections_volunteer"])
    found = every_route(client, "incident", recorded.pk, document.pk)
    assert found.pop("api upload") == 403  # their role keeps no documents at all
    assert set(found.values()) == {404}, found
    # Another organisation's people never find it.
    client.force_login(org_b.users["support_manager"])
    found = every_route(client, "incident", recorded.pk, document.pk)
    assert set(found.values()) == {404}, found
    assert documents_of(org_a, "incident") == [document]
    with scopes_disabled():
        assert DocumentDownload.objects.filter(document=document).count() == 2
