"""Casework joined to the rest: documents kept with safeguarding concerns
and incidents (reached exactly as the record is, on the pages and in the
API), and follow-up tasks made from a concern or an incident (which never
show the concern to someone outside its audience)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import ConcernView, Task
from casework.selectors import tasks as selectors
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


# --- Follow-up tasks from a concern or an incident ------------------------------------------------


def add_task(client, source: str, owner, member=None, title="Check in with them on Friday"):
    fields = {
        "source": source,
        "title": title,
        "owner": owner.pk,
        "due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    if member is not None:
        fields["member"] = member.pk
    return client.post("/tasks/add/", fields)


def tasks_of(world) -> list[Task]:
    with scopes_disabled():
        return list(Task.objects.filter(organisation=world.organisation).order_by("pk"))


def test_those_who_handle_a_concern_add_a_follow_up_task_from_its_page(client, org_a):
    concern = raise_one(org_a)
    source = f"safeguarding:{concern.pk}"
    link = f"/tasks/add/?member={org_a.member.pk}&amp;source=safeguarding%3A{concern.pk}"
    client.force_login(org_a.users["support_manager"])
    page = client.get(reverse("safeguarding:detail", args=[concern.pk])).content.decode()
    assert link in page
    assert "No open follow-up tasks." in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Add a follow-up task" in form and "A safeguarding concern" in form
    assert f'<option value="{org_a.member.pk}" selected>' in form
    answer = add_task(client, source, org_a.users["community_enabler"], org_a.member)
    assert answer.status_code == 302
    [task] = tasks_of(org_a)
    assert (task.source_kind, task.source_id) == ("safeguarding", concern.pk)
    assert task.source_link == f"/safeguarding/{concern.pk}/"
    page = client.get(reverse("safeguarding:detail", args=[concern.pk])).content.decode()
    assert reverse("tasks:detail", args=[task.pk]) in page

    # The manager, in the audience, sees where it came from.
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert f'href="/safeguarding/{concern.pk}/"' in page

    # The enabler owns the task but is outside the concern's audience: the
    # task shows nothing of the concern, on the page or in the API.
    client.force_login(org_a.users["community_enabler"])
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "A record you cannot open" in text
    main = text[text.index("<main") :]  # the navigation names the safeguarding page
    assert f"/safeguarding/{concern.pk}/" not in main and "safeguarding" not in main.lower()
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404
    shown = client.get(reverse("api-task-detail", args=[task.pk])).json()
    assert (shown["source_kind"], shown["source_id"], shown["source_link"]) == ("", None, "")
    listed = client.get(reverse("api-task-list")).json()["results"]
    assert [(row["id"], row["source_kind"]) for row in listed] == [(task.pk, "")]
    changed = client.patch(
        reverse("api-task-detail", args=[task.pk]),
        {"title": "Check in with them on Saturday"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["source_link"] == ""
    # The caseload lists it without the concern.
    caseload = client.get("/caseload/").content.decode()
    assert "Check in with them" in caseload and f"/safeguarding/{concern.pk}/" not in caseload


def test_outside_the_audience_a_concern_cannot_be_followed_up(client, org_a, org_b):
    concern = raise_one(org_a)
    source = f"safeguarding:{concern.pk}"
    # In the audience but not handling it (the CLV who raised it): no link,
    # and a plain refusal.
    client.force_login(org_a.users["clv"])
    page = client.get(reverse("safeguarding:detail", args=[concern.pk])).content.decode()
    assert "/tasks/add/" not in page
    form = client.get(f"/tasks/add/?source={source}").content.decode()
    assert selectors.NOT_HANDLER.replace("'", "&#x27;") in form
    assert 'name="source"' not in form
    # Outside the audience, or another organisation: refused, never linked.
    for person in (org_a.users["community_enabler"], org_b.users["support_manager"]):
        client.force_login(person)
        form = client.get(f"/tasks/add/?member={org_a.member.pk}&source={source}")
        main = form.content.decode().split("<main", 1)[1]
        assert selectors.SOURCE_REFUSED in main
        assert 'name="source"' not in main and "safeguarding" not in main.lower()
        add_task(client, source, person, title="Sneaked")
    made = tasks_of(org_a) + tasks_of(org_b)
    assert made and all(t.source_kind == "" and t.source_id is None for t in made)


def test_an_incidents_follow_up_tasks(client, org_a, org_b):
    recorded = incident(org_a)
    source = f"incident:{recorded.pk}"
    client.force_login(org_a.users["clv"])
    page = client.get(reverse("incidents:detail", args=[recorded.pk])).content.decode()
    assert f"source=incident%3A{recorded.pk}" in page
    assert add_task(client, source, org_a.users["clv"], org_a.member).status_code == 302
    [task] = tasks_of(org_a)
    assert (task.source_kind, task.source_id) == ("incident", recorded.pk)
    page = client.get(reverse("incidents:detail", args=[recorded.pk])).content.decode()
    assert reverse("tasks:detail", args=[task.pk]) in page

    # A connections volunteer does not reach the incident: refused.
    client.force_login(org_a.users["connections_volunteer"])
    text = client.get(f"/tasks/add/?source={source}").content.decode()
    assert selectors.SOURCE_REFUSED in text
    client.force_login(org_b.users["support_manager"])
    assert selectors.SOURCE_REFUSED in client.get(f"/tasks/add/?source={source}").content.decode()
    with scopes_disabled():
        assert Task.objects.filter(source_kind="incident").count() == 1
