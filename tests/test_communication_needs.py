"""Members' information and communication needs (the NHS Accessible
Information Standard): recorded by staff, audited, shown to staff, and
followed by the member's own pages and their printed plan."""

import io

import pdfplumber
import pytest

from keyring_net.tenancy import organisation_scope
from members.models import Member
from support_plans.models import SupportPlan

pytestmark = pytest.mark.django_db


def needs_of(world) -> list[str]:
    with organisation_scope(world.organisation):
        return Member.objects.get(pk=world.member.pk).communication_needs


def test_a_worker_records_needs_and_the_change_is_audited(client, org_a):
    client.force_login(org_a.clv)
    response = client.post(
        f"/members/{org_a.member.pk}/communication/",
        {"needs": ["read_aloud", "large_print"], "notes": "Likes her sister Jo with her."},
    )
    assert response.status_code == 302
    assert needs_of(org_a) == ["large_print", "read_aloud"]  # in the standard's order
    with organisation_scope(org_a.organisation):
        member = Member.objects.get(pk=org_a.member.pk)
        last = member.history.first()
    assert last.history_user == org_a.clv
    assert last.communication_notes == "Likes her sister Jo with her."
    page = client.get(f"/members/{org_a.member.pk}/").content.decode()
    assert "Large print, Read aloud to them" in page
    assert "Likes her sister Jo with her." in page


def test_an_unknown_need_is_refused_and_what_was_typed_is_kept(client, org_a):
    client.force_login(org_a.clv)
    html = client.post(
        f"/members/{org_a.member.pk}/communication/",
        {"needs": ["large_print", "telepathy"], "notes": "Keep this note"},
    ).content.decode()
    assert "Keep this note" in html
    assert "Select a valid choice" in html or "Choose only from the list" in html
    assert needs_of(org_a) == []


def test_another_organisations_member_is_not_found(client, org_a, org_b):
    client.force_login(org_a.clv)
    response = client.post(f"/members/{org_b.member.pk}/communication/", {"needs": ["bsl"]})
    assert response.status_code == 404
    assert needs_of(org_b) == []


def set_needs(world, needs):
    with organisation_scope(world.organisation):
        Member.objects.filter(pk=world.member.pk).update(communication_needs=needs)


def test_the_members_own_pages_follow_their_needs(client, org_a):
    client.force_login(org_a.member_user)
    plain = client.get("/my/").content.decode()
    assert "large-print.css" not in plain and "data-read-all" not in plain
    assert "go through this with you" not in plain
    set_needs(org_a, ["large_print", "read_aloud", "supporter", "bsl"])
    for url in ("/my/", "/my/plan/", "/my/who-looked/"):
        page = client.get(url).content.decode()
        assert "css/large-print.css" in page, url
        assert "data-read-all" in page, url
        assert "You can ask someone you trust to go through this with you." in page, url
        assert "We will bring an interpreter when we meet you." in page, url


def font_sizes(client) -> set[int]:
    response = client.get("/my/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return {round(c["size"]) for page in pdf.pages for c in page.chars}


def test_the_printed_plan_is_in_large_print_when_they_need_it(client, org_a):
    client.force_login(org_a.clv)
    client.post(f"/members/{org_a.member.pk}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)
    client.post(f"/plans/{plan.pk}/goals/add/", {"in_own_words": "Walk to the park."})
    client.force_login(org_a.member_user)
    assert min(font_sizes(client)) < 18
    set_needs(org_a, ["large_print"])
    assert min(font_sizes(client)) >= 18
