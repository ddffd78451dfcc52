"""Contracts and commissioner reports: a council's contract covers some
networks for a period; reports for it are aggregates only, with small counts
suppressed, rendered to PDF and CSV and kept."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.fields import record_date, staff_link, stamp
from keyring_net.tables import ShownBy, comes_after, once_in_organisation, org_index, within
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel

__all__ = ["CommissionerReport", "Contract", "ReportDownload", "ReportFile"]


class Contract(ShownBy, OrgOwnedModel):
    """A council pays the organisation for some networks for a period.
    Its commissioners see only these networks, only as aggregates."""

    local_authority = models.ForeignKey(
        "keyring_net.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=150)
    reference = models.CharField(max_length=60, blank=True)
    starts_on = record_date()
    ends_on = record_date()
    networks = models.ManyToManyField("networks.Network", related_name="contracts")
    # How often a report is made on schedule (quarterly by default).
    report_every_months = models.PositiveSmallIntegerField(default=3)
    is_active = models.BooleanField(default=True)
    created_at = stamp()

    class Meta:
        ordering = ["name"]
        constraints = [
            comes_after("ends_on", "starts_on", name="contract_ends_after_start"),
            within("report_every_months", 1, 12, name="contract_reports_at_least_yearly"),
        ]


class CommissionerReport(OrgOwnedModel):
    """One outcome report for a contract and a period, kept once made.

    Made by a background task: waiting, then rendering, then ready (its PDF
    and CSV in ``ReportFile``) or failed (with the reason). ``figures``
    holds the aggregates exactly as printed, small counts already
    suppressed.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="reports")
    period_start = record_date()
    period_end = record_date()
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    scheduled = models.BooleanField(default=False, help_text=_("Made on the contract's schedule."))
    requested_by = staff_link(optional=True, on_delete=models.SET_NULL)
    requested_at = stamp()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_end", "-version"]
        indexes = [org_index("status")]
        constraints = [
            once_in_organisation(
                "contract", "period_start", "period_end", "version", name="report_version_unique"
            ),
            comes_after("period_end", "period_start", name="report_period_ordered", or_same=True),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.period_start} to {self.period_end}"


class ReportFile(AppendOnlyModel):
    """A ready report's PDF and CSV, written once. Kept apart from the
    report so its change history does not copy the files each time."""

    report = models.OneToOneField(CommissionerReport, on_delete=models.PROTECT, related_name="file")
    pdf = models.BinaryField()
    csv = models.TextField()
    made_at = stamp()

    def __str__(self) -> str:
        return f"Files of {self.report}"


class ReportDownload(AppendOnlyModel):
    """Someone downloaded a report's PDF or CSV: the access log of reports,
    and how a commissioner's "a new report is ready" notice knows to go."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"

    report = models.ForeignKey(
        CommissionerReport, on_delete=models.PROTECT, related_name="downloads"
    )
    user = staff_link()
    format = models.CharField(max_length=3, choices=Format.choices)
    downloaded_at = stamp()

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [org_index("user", "report")]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.report} ({self.format})"
