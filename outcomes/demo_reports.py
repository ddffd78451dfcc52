"""Demo contracts and commissioner reports (called by keyring_net.demo.seed_all).

Each demo organisation has one contract with its council, covering all its
networks, and a ready report for the last full quarter before the day it is
seeded, made there and then (figures, suppression, PDF and CSV) so the
commissioner's login has something to download at once. Nothing is added
on a second run.
"""

from __future__ import annotations

import datetime

from keyring_net.models import LocalAuthority, Organisation
from networks.models import Network
from outcomes import services_reports
from outcomes.models import CommissionerReport, Contract


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
    return services_reports.report_make_now(
        organisation=organisation, report_id=report.pk, notify=False
    )
