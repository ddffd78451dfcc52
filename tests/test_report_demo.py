"""The demo's contract and ready reports (outcomes/demo/reports.py: the
last full quarter, and the year to its end): their figures, recomputed
here from the raw rows with plain loops (not through ``outcome_figures``),
match what each report prints once the small-number rule is applied;
nobody is named in them; a second run adds nothing."""

from __future__ import annotations

from collections import defaultdict

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from keyring_net.demo import seed_all
from keyring_net.models import Organisation, Role, RoleAssignment
from keyring_net.tenancy import organisation_scope
from members.models import Member, StatusChange
from outcomes.demo.reports import last_full_quarter
from outcomes.models import CommissionerReport, Contract, OutcomeIndicator, ReportFile
from tests.report_helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db

SUPPORTED = (Member.Status.ACTIVE, Member.Status.MOVED_ON)
KINDS = {
    "tenancy_lost": "tenancy_lost",
    "admission_avoided": "admission_avoided",
    "admission": "admission",
    "homelessness_avoided": "homelessness_avoided",
    "homelessness": "homelessness",
    "work": "work",
    "learning": "learning",
    "volunteering": "volunteering",
    "visits_ended": "visits_ended",
}


def recount(contract: Contract, start, end) -> dict[str, dict[str, int]]:
    """Counts by network name (and "All networks") from the raw rows."""
    networks = {n.pk: n.name for n in contract.networks.all()}
    became = defaultdict(set)
    for change in StatusChange.objects.all():
        if change.on <= end:
            became[change.member_id].add(change.to_status)
    supported: dict[int, int] = {}  # member -> network
    joined_in_period = set()
    for member in Member.objects.all():
        if member.network_id not in networks or member.joined_on is None:
            continue
        if member.joined_on > end or (member.left_on is not None and member.left_on < start):
            continue
        if member.status in SUPPORTED or became[member.pk] & set(SUPPORTED):
            supported[member.pk] = member.network_id
            if start <= member.joined_on <= end:
                joined_in_period.add(member.pk)
    with_kind = defaultdict(set)
    for indicator in OutcomeIndicator.objects.all():
        if (
            indicator.member_id in supported
            and indicator.withdrawn_at is None
            and start <= indicator.happened_on <= end
        ):
            with_kind[indicator.kind].add(indicator.member_id)
    counts = {name: defaultdict(int) for name in ["All networks", *networks.values()]}
    for member_id, network_id in supported.items():
        for row in ("All networks", networks[network_id]):
            counts[row]["members_supported"] += 1
            counts[row]["new_members"] += member_id in joined_in_period
            lost = member_id in with_kind["tenancy_lost"]
            counts[row]["tenancy_lost"] += lost
            counts[row]["tenancy_sustained"] += not lost
            for figure, kind in KINDS.items():
                if figure != "tenancy_lost":
                    counts[row][figure] += member_id in with_kind[kind]
    return counts


def agrees(shown, count: int, threshold: int) -> bool:
    """``shown`` is what the rule allows for ``count``: 0 as 0, 1 to the
    threshold as "fewer than ...", more as itself or hidden behind a true
    bound or "not shown"."""
    if count == 0:
        return shown == 0
    if count <= threshold:
        return shown == f"fewer than {threshold + 1}"
    if isinstance(shown, int):
        return shown == count
    if shown.startswith("at least "):
        return threshold < int(shown.removeprefix("at least ")) <= count
    return shown == "not shown"


def test_the_demo_report_matches_the_raw_rows(settings):
    seed_all()
    today = timezone.localdate()
    start, end = last_full_quarter(today)
    organisations = list(Organisation.objects.order_by("pk"))
    assert len(organisations) == 2
    for organisation in organisations:
        with organisation_scope(organisation):
            contract = Contract.objects.get()
            quarter = CommissionerReport.objects.get(scheduled=True)
            assert (quarter.period_start, quarter.period_end) == (start, end)
            year = CommissionerReport.objects.get(scheduled=False)
            assert (year.period_start, year.period_end) == (
                start - relativedelta(months=9),  # the four quarters to ``end``
                end,
            )
            assert RoleAssignment.objects.get(role=Role.COMMISSIONER).local_authority_id == (
                contract.local_authority_id
            )
            threshold = organisation.small_count_threshold
            for report in (quarter, year):
                assert report.status == CommissionerReport.Status.READY, report.error
                period = (report.period_start, report.period_end)
                counts = recount(contract, *period)
                rows = {row["name"]: row["values"] for row in report.figures["rows"]}
                assert set(rows) == set(counts)
                assert counts["All networks"]["members_supported"] > threshold
                checked = 0
                for name, values in counts.items():
                    for figure in ["members_supported", "new_members", "tenancy_sustained", *KINDS]:
                        assert agrees(rows[name][figure], values[figure], threshold), (
                            period,
                            name,
                            figure,
                            rows[name][figure],
                            values[figure],
                        )
                        checked += 1
                assert checked >= 4 * 11
                pdf = bytes(ReportFile.objects.get(report=report).pdf)
                text = squashed(pdf_text(pdf)).lower()
                for member in Member.objects.all():
                    assert squashed(member.full_name).lower() not in text
    # A second run adds nothing.
    seed_all()
    for organisation in organisations:
        with organisation_scope(organisation):
            assert CommissionerReport.objects.count() == 2
            assert Contract.objects.count() == 1
