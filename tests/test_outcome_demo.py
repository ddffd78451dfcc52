"""The demo's outcomes look like the published evidence for KeyRing over
the last twelve months, and seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from keyring_net.models import Organisation
from keyring_net.tenancy import organisation_scope
from networks.models import Network
from outcomes.costs import cost_model
from outcomes.figures.counting import outcome_figures
from outcomes.figures.results import share
from outcomes.forms.figures import default_period
from outcomes.models import OutcomeIndicator, UnitCost

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--allow-production", "--json", stdout=io.StringIO())


def test_demo_outcomes_look_like_the_published_evidence():
    seed()
    start, end = default_period(timezone.localdate())
    lost = 0
    for organisation in Organisation.objects.order_by("slug"):
        with organisation_scope(organisation):
            figures = outcome_figures(
                organisation=organisation,
                networks=Network.objects.filter(organisation=organisation),
                start=start,
                end=end,
            )
            t = figures.total
            assert t.members_supported >= 20
            assert share(t.tenancy_sustained, t.members_supported) >= 95
            assert 25 <= share(t.admission_or_homelessness_avoided, t.members_supported) <= 35
            assert 20 <= share(t.visits_ended, t.members_supported) <= 30
            assert t.work_learning_or_volunteering >= 1
            assert t.admission_avoided > t.homelessness_avoided >= 1
            lost += t.tenancy_lost
            assert UnitCost.objects.count() == 4
            assert all(line.is_default for line in cost_model(organisation))
            assert not OutcomeIndicator.objects.filter(happened_on__gt=end).exists()
    assert lost == 1
    with organisation_scope(Organisation.objects.order_by("slug").first()):
        before = sorted(
            OutcomeIndicator.objects.values_list("member__full_name", "kind", "happened_on")
        )
    seed()
    with organisation_scope(Organisation.objects.order_by("slug").first()):
        after = sorted(
            OutcomeIndicator.objects.values_list("member__full_name", "kind", "happened_on")
        )
    assert after == before
