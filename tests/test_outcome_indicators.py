"""Members' outcome indicators: recorded by their workers, refused with a
plain message for a bad date, never deleted (withdrawn with a reason and
left out of the figures); the member's page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from outcomes.figures.counting import outcome_figures
from outcomes.models import OutcomeIndicator
from outcomes.services.indicators import indicator_record, indicator_withdraw
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def joined(org_a):
    with organisation_scope(org_a.organisation):
        org_a.member.joined_on = TODAY - 400 * DAY
        org_a.member.save(update_fields=["joined_on"])
    return org_a


def test_a_worker_records_an_indicator_and_it_is_counted(joined):
    org = joined
    with organisation_scope(org.organisation):
        indicator = indicator_record(
            actor=Actor.for_user(org.clv),
            member=org.member,
            kind="admission_avoided",
            happened_on=TODAY - 10 * DAY,
            note="  Stayed at home with daily visits  ",
        )
        assert indicator.note == "Stayed at home with daily visits"
        assert indicator.recorded_by == org.clv
        assert indicator.history.get().history_user == org.clv
        figures = outcome_figures(
            organisation=org.organisation, networks=[org.network], start=TODAY - 30 * DAY, end=TODAY
        )
    assert figures.total.admission_avoided == 1
    assert figures.total.admission_or_homelessness_avoided == 1


def test_a_bad_date_or_kind_is_refused_in_plain_words(joined):
    org = joined
    worker = Actor.for_user(org.clv)
    with organisation_scope(org.organisation):
        with pytest.raises(ValidationError) as error:
            indicator_record(
                actor=worker, member=org.member, kind="work", happened_on=TODAY + DAY, note=""
            )
        assert error.value.message_dict == {"happened_on": ["The date cannot be in the future."]}
        before = org.member.joined_on - DAY
        with pytest.raises(ValidationError) as error:
            indicator_record(
                actor=worker, member=org.member, kind="work", happened_on=before, note=""
            )
        joined_text = f"{org.member.joined_on.day} {org.member.joined_on:%B %Y}"
        assert error.value.message_dict == {
            "happened_on": [
                f"{org.member} joined on {joined_text}. Choose a date on or after that."
            ]
        }
        with pytest.raises(ValidationError) as error:
            indicator_record(
                actor=worker, member=org.member, kind="won_lottery", happened_on=TODAY, note=""
            )
        assert error.value.message_dict == {"kind": ["Choose what happened."]}
        with pytest.raises(PermissionDenied):
            indicator_record(
                actor=Actor.for_user(org.users["connections_volunteer"]),
                member=org.member,
                kind="work",
                happened_on=TODAY,
                note="",
            )
        assert not OutcomeIndicator.objects.exists()


def test_withdrawing_keeps_the_row_needs_a_reason_and_leaves_it_out_of_the_figures(joined):
    org = joined
    worker = Actor.for_user(org.clv)
    with organisation_scope(org.organisation):
        indicator = indicator_record(
            actor=worker, member=org.member, kind="tenancy_lost", happened_on=TODAY, note=""
        )
        with pytest.raises(ValidationError) as error:
            indicator_withdraw(actor=worker, indicator=indicator, reason="   ")
        assert error.value.message_dict == {"reason": ["Say why it is withdrawn."]}
        indicator_withdraw(actor=worker, indicator=indicator, reason="Wrong member")
        with pytest.raises(ValidationError) as error:
            indicator_withdraw(actor=worker, indicator=indicator, reason="Again")
        assert error.value.messages == [f"This was already withdrawn on {TODAY.day} {TODAY:%B %Y}."]
        kept = OutcomeIndicator.objects.get()
        assert kept.withdrawn_reason == "Wrong member" and kept.withdrawn_at is not None
        figures = outcome_figures(
            organisation=org.organisation, networks=[org.network], start=TODAY - DAY, end=TODAY
        )
    assert figures.total.tenancy_lost == 0
    assert figures.total.tenancy_sustained == 1


def test_the_members_outcomes_page_records_and_withdraws(client, joined):
    org = joined
    url = f"/members/{org.member.pk}/outcomes/"
    client.force_login(org.clv)
    detail = client.get(f"/members/{org.member.pk}/").content.decode()
    assert f'href="{url}"' in detail
    # Bad input: a plain message next to the field, what was typed kept.
    bad = client.post(
        url, {"kind": "work", "happened_on": (TODAY + DAY).isoformat(), "note": "Cafe job"}
    )
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "The date cannot be in the future." in html
    assert "Cafe job" in html and 'value="work" id="id_kind_' in html and "checked" in html
    response = client.post(
        url, {"kind": "work", "happened_on": TODAY.isoformat(), "note": "Cafe job"}
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Started work" in page and "Cafe job" in page
    with organisation_scope(org.organisation):
        indicator = OutcomeIndicator.objects.get()
    withdraw = f"/outcome-indicators/{indicator.pk}/withdraw/"
    refused = client.post(withdraw, {f"w{indicator.pk}-reason": ""}).content.decode()
    assert "Say why it is withdrawn." in refused
    assert client.post(withdraw, {f"w{indicator.pk}-reason": "Not this member"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Withdrawn" in page and "Not this member" in page
    with organisation_scope(org.organisation):
        assert OutcomeIndicator.objects.get().withdrawn_reason == "Not this member"


def test_the_outcomes_page_does_not_grow(client, joined):
    org = joined
    client.force_login(org.clv)

    def make(n):
        with organisation_scope(org.organisation):
            have = OutcomeIndicator.objects.count()
            OutcomeIndicator.objects.bulk_create(
                OutcomeIndicator(
                    organisation=org.organisation,
                    member=org.member,
                    kind="learning",
                    happened_on=TODAY - i * DAY,
                    recorded_by=org.clv,
                    withdrawn_at=timezone.now() if i % 3 == 0 else None,
                    withdrawn_reason="Mistake" if i % 3 == 0 else "",
                )
                for i in range(have, n)
            )

    def fetch():
        assert client.get(f"/members/{org.member.pk}/outcomes/").status_code == 200

    # 5, and the insert that logs who looked at the member's outcomes
    assert assert_constant_queries(make, fetch, sizes=(3, 40)) == pinned(6)


# --------------------------------------------------------------------------
# API


def test_the_api_records_lists_by_member_and_withdraws(client, joined, org_b):
    org = joined
    client.force_login(org.clv)
    created = client.post(
        "/api/v1/outcome-indicators/",
        {"member": org.member.pk, "kind": "volunteering", "happened_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["member"], body["kind"], body["kind_label"], body["withdrawn_at"]) == (
        org.member.pk,
        "volunteering",
        "Started volunteering",
        None,
    )
    listed = client.get(f"/api/v1/outcome-indicators/?member={org.member.pk}").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert client.get("/api/v1/outcome-indicators/?member=999999").json()["results"] == []
    future = client.post(
        "/api/v1/outcome-indicators/",
        {"member": org.member.pk, "kind": "work", "happened_on": (TODAY + DAY).isoformat()},
        content_type="application/json",
    )
    assert future.status_code == 400
    assert future.json()["errors"]["happened_on"] == ["The date cannot be in the future."]
    no_reason = client.post(
        f"/api/v1/outcome-indicators/{body['id']}/withdraw/", {}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"]["reason"] == ["Say why it is withdrawn."]
    withdrawn = client.post(
        f"/api/v1/outcome-indicators/{body['id']}/withdraw/",
        {"reason": "Duplicate"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_reason"] == "Duplicate"
    again = client.post(
        f"/api/v1/outcome-indicators/{body['id']}/withdraw/",
        {"reason": "Duplicate"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["errors"]["non_field_errors"][0].startswith("This was already withdrawn on")


def test_the_api_refuses_another_organisations_member(client, joined, org_b):
    org = joined
    client.force_login(org.clv)
    response = client.post(
        "/api/v1/outcome-indicators/",
        {"member": org_b.member.pk, "kind": "work", "happened_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["member"] == ["Not found."]
    with organisation_scope(org_b.organisation):
        assert not OutcomeIndicator.objects.filter(organisation=org_b.organisation).exists()
    with organisation_scope(org.organisation):
        assert not OutcomeIndicator.objects.exists()
