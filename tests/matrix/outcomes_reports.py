"""Role matrix entries for contracts and commissioner reports (pages and
API).

Reach (``policy.contract_reach``): organisation admins and support
managers reach every contract, commissioners their own council's, nobody
else any (404). Reports are reached through their contract. Contracts are
added and changed by organisation admins only; inside reach the others are
refused (403)."""

from __future__ import annotations

from tests.routes import only

READERS = ("org_admin", "support_manager", "commissioner")


def _reached(*allowed: str) -> dict:
    """A route about one contract or report: readers reach it (403 if their
    role may not do this), everyone else does not (404)."""
    from tests.routes import ROLES

    return {
        role: ("allowed" if role in allowed else "forbidden") if role in READERS else "not found"
        for role in ROLES
    }


MATRIX = {
    # Pages
    "contracts:list": {"GET": only("org_admin")},
    "contracts:add": {"GET": only("org_admin"), "POST": only("org_admin")},
    "contracts:edit": {"GET": _reached("org_admin"), "POST": _reached("org_admin")},
    "reports:list": {"GET": only(*READERS)},
    "reports:request": {"GET": _reached(*READERS), "POST": _reached(*READERS)},
    "reports:detail": {"GET": _reached(*READERS)},
    "reports:pdf": {"GET": _reached(*READERS)},
    "reports:csv": {"GET": _reached(*READERS)},
    # API
    "api-contract-list": {"GET": only(*READERS), "POST": only("org_admin")},
    "api-contract-detail": {
        "GET": _reached(*READERS),
        "PUT": _reached("org_admin"),
        "PATCH": _reached("org_admin"),
    },
    "api-report-list": {"GET": only(*READERS), "POST": only(*READERS)},
    "api-report-detail": {"GET": _reached(*READERS)},
    "api-report-download": {"GET": _reached(*READERS)},
}


def world_contract(world):
    """The world's contract: its council, its network. Made on first use."""
    import datetime

    from django_scopes import scopes_disabled

    from keyring_net.models import Role
    from outcomes.models import Contract

    with scopes_disabled():
        council = world.users[Role.COMMISSIONER].role_assignments.get().local_authority
        contract, created = Contract.objects.get_or_create(
            organisation=world.organisation,
            local_authority=council,
            name=f"Contract {world.marker}",
            defaults={
                "starts_on": datetime.date(2026, 4, 1),
                "ends_on": datetime.date(2027, 3, 31),
            },
        )
        if created:
            contract.networks.set([world.network])
    return contract


def world_report(world):
    """A ready report of the world's contract, with its files."""
    import datetime

    from django_scopes import scopes_disabled

    from outcomes.models import CommissionerReport, ReportFile

    contract = world_contract(world)
    with scopes_disabled():
        report, created = CommissionerReport.objects.get_or_create(
            organisation=world.organisation,
            contract=contract,
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 6, 30),
            defaults={"status": CommissionerReport.Status.READY, "figures": {}},
        )
        if created:
            ReportFile.objects.create(
                organisation=world.organisation,
                report=report,
                pdf=b"%PDF-1.7 " + world.marker.encode(),
                csv=f"section,network,figure,value\r\nnetworks,{world.marker},x,0\r\n",
            )
    return report


OBJECT_KWARGS = {
    "contract_id": lambda world: world_contract(world).pk,
    "report_id": lambda world: world_report(world).pk,
}
