"""Who may do lone visits: an in-date DBS check and the four mandatory courses."""

import datetime

import pytest

from keyring_net.tenancy import organisation_scope
from volunteers.clearance import blockers, blockers_for, ensure_mandatory_modules
from volunteers.models import DBSCheck, TrainingRecord, VolunteerProfile

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 25)


def cleared(org, user, *, dbs_until=DAY + datetime.timedelta(days=300), skip=()):
    profile = VolunteerProfile.objects.create(
        organisation=org, user=user, kind="clv", stage="active"
    )
    DBSCheck.objects.create(
        organisation=org,
        profile=profile,
        level="enhanced",
        certificate_number="001234567890",
        issued_on=DAY.replace(year=2024),
        renewal_due=dbs_until,
    )
    for module in ensure_mandatory_modules(org):
        if module.name not in skip:
            TrainingRecord.objects.create(
                organisation=org,
                profile=profile,
                module=module,
                completed_on=DAY.replace(year=2025),
                expires_on=DAY.replace(year=2028),
            )
    return profile


def test_a_cleared_person_has_no_blockers(org_a):
    with organisation_scope(org_a.organisation):
        cleared(org_a.organisation, org_a.clv)
        assert blockers(org_a.organisation, org_a.clv.pk, DAY) == []


def test_reasons_are_plain_and_specific(org_a):
    with organisation_scope(org_a.organisation):
        cleared(
            org_a.organisation,
            org_a.clv,
            dbs_until=datetime.date(2026, 10, 31),
            skip=("Safeguarding",),
        )
        assert blockers(org_a.organisation, org_a.clv.pk, DAY) == [
            "DBS check ran out on 31 October 2026.",
            "Safeguarding training not done.",
        ]
        enabler = org_a.users["community_enabler"]
        assert blockers(org_a.organisation, enabler.pk, DAY) == [
            "No volunteer or enabler record.",
            "No DBS check recorded.",
            "Health and Safety training not done.",
            "Lone Working training not done.",
            "Safeguarding training not done.",
            "Supporting Equality and Diversity training not done.",
        ]


def test_many_people_in_a_fixed_number_of_queries(org_a, django_assert_num_queries):
    with organisation_scope(org_a.organisation):
        cleared(org_a.organisation, org_a.clv)
        ids = [u.pk for u in org_a.users.values()]
        with django_assert_num_queries(4):
            result = blockers_for(org_a.organisation, ids, DAY)
    assert result[org_a.clv.pk] == []
    assert len(result) == len(ids)
