"""Subject access: the member's copy of everything held about them.

The completeness walk (every model that refers to a member is in the copy
or excluded with a reason, and the walk fails when one is left out), the
deadline, logging a request (by the member, by staff), removing what is
about someone else, the release (one zip archive: tagged PDFs, JSON that
loads, a CSV a kind, the files), the member's message, the download, and
the list's queries."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pikepdf
import pytest
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_text

from casework.models import SafeguardingConcern
from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members.models import Contact, RecordAccess
from notifications.models import Notification
from privacy import collection as walk
from privacy.models import AccessRelease, AccessRequest, Redaction
from privacy.services.access import due_date, redaction_add, request_ask_own, request_release
from tests import factories
from tests.helpers import assert_constant_queries
from tests.routes import OBJECT_KWARGS

pytestmark = pytest.mark.django_db


# --- The walk over the model graph -------------------------------------------


def test_every_model_about_a_member_is_in_the_copy_or_excluded_with_a_reason():
    found = walk.models_about_a_member()
    labels = {walk.label(f.model) for f in found}
    # The walk finds direct links, links through a parent row, and links to
    # the member's account.
    assert {"members.Contact", "support_plans.Goal", "casework.Incident"} <= labels
    assert {"notifications.Notification", "members.RecordAccess"} <= labels
    assert walk.unaccounted(found, walk.collected_models(), walk.EXCLUDED) == []
    stale = sorted(set(walk.EXCLUDED) - labels - {"members.Member"})
    assert stale == [], "excluded models the walk no longer finds"


def test_the_completeness_walk_fails_when_a_model_is_left_out():
    found = walk.models_about_a_member()
    collected = walk.collected_models()
    # A model dropped from the copy without a reason is named...
    without_contacts = [f for f in collected if walk.label(f.model) != "members.Contact"]
    assert walk.unaccounted(found, without_contacts, walk.EXCLUDED) == ["members.Contact"]
    # ...and so is one excluded with an empty reason.
    blank = {**walk.EXCLUDED, "members.Contact": "  "}
    assert walk.unaccounted(found, without_contacts, blank) == ["members.Contact"]


@isolate_apps("privacy")
def test_a_new_model_that_refers_to_a_member_joins_the_walk():
    """A model that arrives later (made here, in a registry of its own) is
    found by the walk, and is unaccounted until it is collected or
    excluded with a reason."""
    from django.db import models

    from members.models import Member

    class Throwaway(models.Model):
        member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return "A test's row"

    found = walk.models_about_a_member([*walk.apps.get_models(), Throwaway])
    assert "privacy.Throwaway" in {walk.label(f.model) for f in found}
    collected = walk.collected_models()
    assert walk.unaccounted(found, collected, walk.EXCLUDED) == ["privacy.Throwaway"]
    reasoned = {**walk.EXCLUDED, "privacy.Throwaway": "A test's model: nobody's data."}
    assert walk.unaccounted(found, collected, reasoned) == []


# --- The deadline ------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2026, 3, 3), datetime.date(2026, 4, 3)),
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
    ],
)
def test_the_copy_is_due_one_calendar_month_after_the_request(received, due):
    assert due_date(received) == due


# --- A rich member, their copy -----------------------------------------------


def _rich(world):
    """The world member with a contact that names another member, a plan,
    a concern, an appointment, a task and a document."""
    with organisation_scope(world.organisation):
        neighbour = factories.MemberFactory(network=world.network, full_name="Neighbour Nia")
        contact = Contact.objects.create(
            organisation=world.organisation,
            member=world.member,
            worker=world.clv,
            peer=neighbour,
            happened_at=timezone.now() - datetime.timedelta(days=1),
            minutes=20,
            method="peer",
            notes="Had tea with Nia at her flat.",
        )
    for made in ("plan_id", "appointment_id", "task_id", "document_id"):
        OBJECT_KWARGS[made](world)
    with organisation_scope(world.organisation):
        concern = SafeguardingConcern.objects.get(pk=OBJECT_KWARGS["concern_id"](world))
    return contact, concern


def _zip(release: AccessRelease) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bytes(release.archive)))


def _tagged(pdf: bytes) -> bool:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        return "/StructTreeRoot" in root and bool(root.MarkInfo.Marked) and "/Lang" in root


def test_the_members_copy_opens_with_tagged_pdfs_json_csv_and_their_files(org_a):
    contact, concern = _rich(org_a)
    manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        access = request_ask_own(actor=Actor.for_user(org_a.member_user, org_a.organisation.pk))
        redaction_add(
            actor=manager,
            request=access,
            section="members.Contact",
            item_id=contact.pk,
            field="peer",
            reason="another member's name",
        )
        redaction_add(
            actor=manager,
            request=access,
            section="casework.SafeguardingConcern",
            item_id=concern.pk,
            field="raised_by",
            reason="who raised the concern",
        )
        release = request_release(actor=manager, request=access)
        access.refresh_from_db()
        assert access.status == AccessRequest.Status.RELEASED
        assert release.released_by == org_a.manager

    archive = _zip(release)
    names = archive.namelist()
    assert {"summary.pdf", "record.pdf", "data.json"} <= set(names)
    assert "csv/members-contact.csv" in names
    assert "csv/support-plans-supportplan.csv" in names
    for pdf in ("summary.pdf", "record.pdf"):
        assert _tagged(archive.read(pdf)), f"{pdf} is not a tagged PDF"

    data = json.loads(archive.read("data.json"))
    records = data["records"]
    assert records["members.Member"]["items"][0]["full_name"] == org_a.member.full_name
    for kind in (
        "members.Contact",
        "support_plans.SupportPlan",
        "casework.SafeguardingConcern",
        "casework.Appointment",
        "casework.Task",
        "documents.Document",
        "members.Consent",
    ):
        assert records[kind]["items"], kind
    assert any(n.startswith("documents/") and n.endswith("-letter.txt") for n in names)
    shown = {i["id"]: i for i in records["members.Contact"]["items"]}[contact.pk]
    assert shown["peer"] == "[Removed: another member's name]"
    assert shown["notes"] == "Had tea with Nia at her flat."
    raised = records["casework.SafeguardingConcern"]["items"][0]
    assert raised["raised_by"] == "[Removed: who raised the concern]"
    # Secrets never leave: no hashed codes, no stored file names.
    assert "stored_name" not in records["documents.Document"]["items"][0]
    assert "Neighbour Nia" not in archive.read("data.json").decode()
    assert "Neighbour Nia" not in archive.read("csv/members-contact.csv").decode()
    record_text = extract_text(io.BytesIO(archive.read("record.pdf")))
    assert "[Removed: another member" in record_text
    assert "Neighbour Nia" not in record_text
    summary_text = extract_text(io.BytesIO(archive.read("summary.pdf")))
    assert "Here is your copy" in summary_text

    with organisation_scope(org_a.organisation):
        told = Notification.objects.filter(
            recipient=org_a.member_user, about__startswith="privacy."
        )
        assert told.count() == 1
        assert RecordAccess.objects.filter(
            member=org_a.member, channel=RecordAccess.Channel.EXPORT
        ).exists()


# --- Pages -------------------------------------------------------------------


def test_the_member_asks_on_their_own_pages_and_sees_the_deadline(client, org_a):
    client.force_login(org_a.member_user)
    page = client.get(reverse("privacy:my")).content.decode()
    assert "I want a copy of my records." in page
    assert client.post(reverse("privacy:my-ask")).status_code == 302
    assert client.post(reverse("privacy:my-ask")).status_code == 302  # asking twice
    with organisation_scope(org_a.organisation):
        made = list(AccessRequest.objects.filter(member=org_a.member))
    assert len(made) == 1
    assert made[0].received_how == AccessRequest.Received.OWN_PAGES
    assert made[0].due_on == due_date(timezone.localdate())
    page = client.get(reverse("privacy:my")).content.decode()
    assert f"by {made[0].due_on:%-d %B %Y}" in page


def test_staff_log_a_request_and_bad_input_keeps_what_was_typed(client, org_a, org_b):
    client.force_login(org_a.manager)
    url = reverse("privacy:new")
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        url, {"member": org_a.member.pk, "received_on": future, "received_how": "letter"}
    )
    page = response.content.decode()
    assert "The day it came in cannot be in the future." in page
    assert f'value="{future}"' in page
    # Another organisation's member is not on the list: nothing lands there.
    response = client.post(
        url, {"member": org_b.member.pk, "received_on": "2026-11-20", "received_how": "letter"}
    )
    assert "Select a valid choice" in response.content.decode()
    with organisation_scope(org_b.organisation):
        assert not AccessRequest.objects.exists()
    response = client.post(
        url, {"member": org_a.member.pk, "received_on": "2026-11-20", "received_how": "phone"}
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        made = AccessRequest.objects.get(member=org_a.member)
    assert made.due_on == datetime.date(2026, 12, 20)
    assert made.logged_by == org_a.manager


def test_a_removal_needs_a_reason_and_shows_in_its_place(client, org_a):
    contact, _ = _rich(org_a)
    with organisation_scope(org_a.organisation):
        access = request_ask_own(actor=Actor.for_user(org_a.member_user, org_a.organisation.pk))
    client.force_login(org_a.manager)
    url = reverse("privacy:redact", args=[access.pk])
    sent = {"section": "members.Contact", "item_id": contact.pk, "field": "peer", "reason": ""}
    response = client.post(url, sent)
    assert response.status_code == 400
    assert "Say why this is removed, in a few words." in response.content.decode()
    with organisation_scope(org_a.organisation):
        assert not Redaction.objects.exists()
    response = client.post(url, {**sent, "reason": "another member's name"})
    assert response.status_code == 302
    page = client.get(reverse("privacy:detail", args=[access.pk])).content.decode()
    assert "[Removed: another member&#x27;s name]" in page
    assert "Neighbour Nia" not in page


def test_release_then_download_by_staff_and_member(client, org_a):
    with organisation_scope(org_a.organisation):
        access = request_ask_own(actor=Actor.for_user(org_a.member_user, org_a.organisation.pk))
    client.force_login(org_a.admin)  # the data protection lead
    response = client.post(reverse("privacy:release", args=[access.pk]))
    assert response.status_code == 302
    staff_copy = client.get(reverse("privacy:download", args=[access.pk]))
    assert staff_copy["Content-Type"] == "application/zip"
    client.force_login(org_a.member_user)
    own = client.get(reverse("privacy:my-download", args=[access.pk]))
    assert own.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(own.content)).testzip() is None
    # Released once: a second release changes nothing.
    client.force_login(org_a.admin)
    client.post(reverse("privacy:release", args=[access.pk]))
    with organisation_scope(org_a.organisation):
        assert AccessRelease.objects.filter(request=access).count() == 1


def test_a_manager_of_another_cluster_does_not_find_the_request(client, org_a):
    with organisation_scope(org_a.organisation):
        access = request_ask_own(actor=Actor.for_user(org_a.member_user, org_a.organisation.pk))
        other = factories.ClusterFactory(organisation=org_a.organisation, name="Elsewhere")
        manager = factories.UserFactory(full_name="Manager elsewhere")
        factories.RoleAssignmentFactory(
            organisation=org_a.organisation, user=manager, role="support_manager", cluster=other
        )
    from keyring_net.two_step import enrol_with_secret
    from tests.conftest import TEST_TOTP_SECRET

    enrol_with_secret(manager, TEST_TOTP_SECRET)
    client.force_login(manager)
    assert client.get(reverse("privacy:detail", args=[access.pk])).status_code == 404
    assert org_a.member.full_name not in client.get(reverse("privacy:list")).content.decode()


def test_the_list_of_open_requests_runs_the_same_queries_at_any_size(client, org_a):
    client.force_login(org_a.admin)
    today = timezone.localdate()

    def make_rows(n: int) -> None:
        with organisation_scope(org_a.organisation):
            have = AccessRequest.objects.count()
            for i in range(have, n):
                member = factories.MemberFactory(network=org_a.network, full_name=f"Asker {i}")
                AccessRequest.objects.create(
                    organisation=org_a.organisation,
                    member=member,
                    received_on=today,
                    received_how=AccessRequest.Received.LETTER,
                    due_on=due_date(today),
                    logged_by=org_a.manager if i % 2 else org_a.admin,
                )

    def fetch() -> None:
        response = client.get(reverse("privacy:list"))
        assert response.status_code == 200

    assert_constant_queries(make_rows, fetch, sizes=(3, 40))
