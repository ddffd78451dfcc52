"""Demo contracts and commissioner reports (called by keyring_net.demo.seed_all).

Each demo organisation has one contract with its council, covering all its
networks, a ready report for the last full quarter before the day it is
seeded, and one for the twelve months to the end of that quarter, made there
and then (figures, suppression, PDF and CSV) so the
commissioner's login has something to download at once. Nothing is added
on a second run.
"""

from __future__ import annotations

import datetime

from keyring_net.models import LocalAuthority, Organisation
from members.models import Member
from networks.models import Network
from outcomes.models import CommissionerReport, Contract, OutcomeIndicator
from outcomes.services import reports as services_reports


def last_full_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter that ended most recently before ``today``."""
    first_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    end = first_of_quarter - datetime.timedelta(days=1)
    return end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), end


def seed_reports(
    organisation: Organisation, local_authority: LocalAuthority, today: datetime.date
) -> CommissionerReport | None:
    """The organisation's demo contract and its ready report. Does nothing
    when the organisation has a contract already."""
    if Contract.objects.filter(organisation=organisation).exists():
        return None
    start, end = last_full_quarter(today)
    contract = Contract.objects.create(
        organisation=organisation,
        local_authority=local_authority,
        name=f"{local_authority.name}: KeyRing living support networks",
        reference=f"{local_authority.code}-KR-{start.year}",
        starts_on=datetime.date(start.year - 1, 4, 1),
        ends_on=datetime.date(start.year + 2, 3, 31),
    )
    contract.networks.set(Network.objects.filter(organisation=organisation))
    report = CommissionerReport.objects.create(
        organisation=organisation,
        contract=contract,
        period_start=start,
        period_end=end,
        scheduled=True,
    )
    # Made quietly: nobody is e-mailed about demo data.
    made = services_reports.report_make_now(
        organisation=organisation, report_id=report.pk, notify=False
    )
    # And a year's report, as a commissioner asks for before a contract
    # review: over twelve months fewer counts are small enough to hide.
    year = CommissionerReport.objects.create(
        organisation=organisation,
        contract=contract,
        period_start=(end + datetime.timedelta(days=1)).replace(year=end.year - 1),
        period_end=end,
    )
    services_reports.report_make_now(organisation=organisation, report_id=year.pk, notify=False)
    return made


def seed_report_load(
    *,
    organisation: Organisation,
    local_authority: LocalAuthority,
    recorded_by,
    networks: int,
    members_per_network: int,
    start: datetime.date,
    end: datetime.date,
) -> Contract:
    """A contract of ``networks`` new networks with ``members_per_network``
    members each, some with outcome indicators in the period, written in
    bulk: for the benchmark (50 networks, 600 members) and the test that
    a report's query count does not grow with them."""
    from networks.models import Cluster

    cluster = Cluster.objects.create(
        organisation=organisation, name=f"Report load {Cluster.objects.count() + 1}"
    )
    made = Network.objects.bulk_create(
        Network(
            organisation=organisation,
            cluster=cluster,
            name=f"{cluster.name} network {index + 1}",
            status=Network.Status.ACTIVE,
        )
        for index in range(networks)
    )
    members = Member.objects.bulk_create(
        Member(
            organisation=organisation,
            network=network,
            full_name=f"Load member {network.pk}-{index}",
            status=Member.Status.ACTIVE,
            joined_on=start - datetime.timedelta(days=400 - index),
            support_hours_per_week=2 + index % 5,
        )
        for network in made
        for index in range(members_per_network)
    )
    kinds = [k for k, _ in OutcomeIndicator.Kind.choices]
    OutcomeIndicator.objects.bulk_create(
        OutcomeIndicator(
            organisation=organisation,
            member=member,
            kind=kinds[position % len(kinds)],
            happened_on=start + datetime.timedelta(days=position % 60),
            recorded_by=recorded_by,
        )
        for position, member in enumerate(members)
        if position % 3 == 0
    )
    contract = Contract.objects.create(
        organisation=organisation,
        local_authority=local_authority,
        name=f"{cluster.name}: {networks} networks",
        starts_on=start - datetime.timedelta(days=365),
        ends_on=end + datetime.timedelta(days=365),
    )
    contract.networks.set(made)
    return contract
