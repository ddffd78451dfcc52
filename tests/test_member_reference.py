"""A member's reference and date of birth: on their record page for staff
who may see personal details (date of birth: not connections volunteers),
changed by support managers on the page and through the API (audited; a
date in the future or before 1900 and a reference another member has are
refused in plain words, nothing typed lost), and in the members API with
the same field rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Member, RecordAccess
from members.services import record
from tests import factories
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db

BORN = datetime.date(1985, 3, 27)


def with_details(world, reference="KR-0042", born=BORN) -> Member:
    member = world.member
    with organisation_scope(world.organisation):
        record.member_details_change(
            actor=Actor.for_user(world.manager, world.organisation.pk),
            member=member,
            reference=reference,
            date_of_birth=born,
        )
    return member


def test_the_service_checks_both_and_keeps_the_history(org_a):
    member = with_details(org_a, reference="  KR-0042 ")
    manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        member.refresh_from_db()
        assert (member.reference, member.date_of_birth) == ("KR-0042", BORN)
        assert member.history.latest().history_user == org_a.manager
        other = factories.MemberFactory(network=org_a.network)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            record.member_details_change(
                actor=manager, member=other, reference="kr-0042", date_of_birth=tomorrow
            )
        assert refused.value.message_dict == {
            "reference": ["Another member already has the reference kr-0042."],
            "date_of_birth": ["A date of birth cannot be in the future."],
        }
        with pytest.raises(ValidationError) as old:
            record.member_details_change(
                actor=manager,
                member=other,
                reference="",
                date_of_birth=datetime.date(1899, 12, 31),
            )
        assert old.value.message_dict == {
            "date_of_birth": ["Enter a date of birth after 1 January 1900."]
        }
        # Its own reference again, and an empty one for several members, are fine.
        record.member_details_change(
            actor=manager, member=member, reference="KR-0042", date_of_birth=None
        )
        record.member_details_change(actor=manager, member=other, reference="", date_of_birth=None)


def test_only_support_managers_change_them(org_a):
    from django.core.exceptions import PermissionDenied

    with organisation_scope(org_a.organisation), pytest.raises(PermissionDenied):
        record.member_details_change(
            actor=Actor.for_user(org_a.clv, org_a.organisation.pk),
            member=org_a.member,
            reference="X",
            date_of_birth=None,
        )


def test_the_record_page_shows_the_date_of_birth_only_to_care_staff(client, org_a):
    with_details(org_a)
    path = f"/members/{org_a.member.pk}/"
    for role, sees_birth in (
        (Role.SUPPORT_MANAGER, True),
        (Role.CLV, True),
        (Role.CONNECTIONS_VOLUNTEER, False),
    ):
        client.force_login(org_a.users[role])
        page = client.get(path).content.decode()
        assert "KR-0042" in page
        assert ("27 March 1985" in page) is sees_birth, role
    with organisation_scope(org_a.organisation):
        assert RecordAccess.objects.filter(member=org_a.member).count() >= 3


def test_the_page_form_refuses_in_plain_words_and_keeps_what_was_typed(client, org_a):
    with organisation_scope(org_a.organisation):
        factories.MemberFactory(network=org_a.network, reference="TAKEN-1")
    client.force_login(org_a.manager)
    path = f"/members/{org_a.member.pk}/details/"
    assert client.get(path).status_code == 200
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(path, {"reference": "TAKEN-1", "date_of_birth": future})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Another member already has the reference TAKEN-1." in text
    assert "A date of birth cannot be in the future." in text
    assert 'value="TAKEN-1"' in text
    saved = client.post(path, {"reference": "KR-7", "date_of_birth": "1985-03-27"})
    assert saved.status_code == 302
    with organisation_scope(org_a.organisation):
        org_a.member.refresh_from_db()
    assert (org_a.member.reference, org_a.member.date_of_birth) == ("KR-7", BORN)
    client.force_login(org_a.clv)
    assert client.get(path).status_code == 403


def api(client, user, method, path, data=None):
    return getattr(client, method)(
        f"/api/v1/{path}",
        data or {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {api_token_for(user)}",
    )


def test_the_members_api_shows_them_with_the_same_field_rules(client, org_a):
    with_details(org_a)
    path = f"members/{org_a.member.pk}/"
    seen = api(client, org_a.manager, "get", path).json()
    assert (seen["reference"], seen["date_of_birth"]) == ("KR-0042", "1985-03-27")
    volunteer = api(client, org_a.users[Role.CONNECTIONS_VOLUNTEER], "get", path).json()
    assert volunteer["reference"] == "KR-0042" and "date_of_birth" not in volunteer
    listed = api(client, org_a.users[Role.CONNECTIONS_VOLUNTEER], "get", "members/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert all("date_of_birth" not in row for row in rows)


def test_the_members_api_changes_them_with_the_same_checks(client, org_a):
    path = f"members/{org_a.member.pk}/details/"
    refused = api(client, org_a.manager, "post", path, {"date_of_birth": "1850-01-01"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["date_of_birth"] == [
        "Check the date: it must be on or after 1 January 1900."
    ]
    changed = api(client, org_a.manager, "post", path, {"reference": "KR-9"})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["reference"] == "KR-9"
    born = api(client, org_a.manager, "post", path, {"date_of_birth": "1985-03-27"})
    assert (born.json()["reference"], born.json()["date_of_birth"]) == ("KR-9", "1985-03-27")
    assert api(client, org_a.clv, "post", path, {"reference": "X"}).status_code == 403
