"""Reads of commissioner reports, within the viewer's organisation and
``policy.contract_reach`` (a report is reached through its contract)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission, contract_reach
from outcomes.models import CommissionerReport, Contract, ReportDownload, ReportFile
from outcomes.selectors.contracts import contracts_for_viewer


def reports_for_viewer(actor: Actor) -> QuerySet[CommissionerReport]:
    """Reports of the contracts ``actor`` reaches, newest first, with
    ``is_new``: ready and not yet downloaded by them."""
    if actor.organisation is None:
        return CommissionerReport.objects.none()
    contracts = Contract.objects.filter(organisation=actor.organisation).filter(
        contract_reach(actor)
    )
    downloaded = ReportDownload.objects.filter(report=OuterRef("pk"), user=actor.user)
    return (
        CommissionerReport.objects.filter(
            organisation=actor.organisation, contract__in=contracts.values("pk")
        )
        .select_related("contract", "contract__local_authority")
        .annotate(downloaded=Exists(downloaded))
        .order_by("-period_end", "-version", "-pk")
    )


def report_get_for_viewer(
    *, actor: Actor, report_id: int, permission: Permission = Permission.VIEW_REPORTS
) -> CommissionerReport:
    """One report the viewer reaches: 404 when missing, another
    organisation's or out of reach; 403 without ``permission``."""
    report = reports_for_viewer(actor).filter(pk=report_id).first()
    if report is None:
        raise not_found()
    require(actor, permission)
    return report


def report_file(report: CommissionerReport) -> ReportFile:
    """A ready report's files (404 while it is not ready)."""
    if report.status != CommissionerReport.Status.READY:
        raise not_found()
    files = ReportFile.objects.filter(organisation=report.organisation, report=report).first()
    if files is None:
        raise not_found()
    return files


def new_reports(actor: Actor) -> list[CommissionerReport]:
    """Ready reports the viewer has not downloaded yet: the "a new report
    is ready" notice (commissioners only: staff are not its audience)."""
    from keyring_net.models import Role

    if not actor.has_role(Role.COMMISSIONER):
        return []
    return list(
        reports_for_viewer(actor).filter(status=CommissionerReport.Status.READY, downloaded=False)[
            :20
        ]
    )


def download_name(report: CommissionerReport, extension: str) -> str:
    """The server's choice of file name: the contract's id, the period and
    the version, never text someone typed."""
    return (
        f"outcome-report-contract-{report.contract_id}-"
        f"{report.period_start:%Y-%m-%d}-to-{report.period_end:%Y-%m-%d}-v{report.version}.{extension}"
    )


def reports_page(actor: Actor) -> list[Contract]:
    """The reports page: each contract the viewer reaches with its kept
    reports, newest first (``contract.kept_reports``, each with
    ``downloaded``). A fixed number of queries whatever the number of
    contracts and reports; the figures stay in the database."""
    downloaded = ReportDownload.objects.filter(report=OuterRef("pk"), user=actor.user)
    reports = (
        CommissionerReport.objects.defer("figures", "error")
        .annotate(downloaded=Exists(downloaded))
        .order_by("-period_end", "-version", "-pk")
    )
    return list(
        contracts_for_viewer(actor).prefetch_related(
            Prefetch("reports", queryset=reports, to_attr="kept_reports")
        )
    )
