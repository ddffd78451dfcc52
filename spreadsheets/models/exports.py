"""Every export of records, and every refused try: who, what, in which
format, how many rows, when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.fields import staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import AppendOnlyModel


class ExportRecord(AppendOnlyModel):
    """Someone exported records as a file, or tried to without the export
    permission and was refused. Append-only: written by
    ``spreadsheets.services.exports`` and never changed or deleted, so the
    organisation can always see who took what out of the service."""

    class What(models.TextChoices):
        MEMBERS = "members", _("Members")
        CONTACTS = "contacts", _("Contacts")
        HOURS = "hours", _("Volunteer hours")
        COMPLIANCE = "compliance", _("Volunteer checks and training")
        # The export page itself, for a refusal: nothing was asked for yet.
        PAGE = "page", _("The export page")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", _("Excel (.xlsx)")

    class Outcome(models.TextChoices):
        EXPORTED = "exported", _("Exported")
        REFUSED = "refused", _("Refused")

    class Channel(models.TextChoices):
        PAGE = "page", _("Web page")
        API = "api", _("API")

    person = staff_link("exports")
    what = models.CharField(max_length=12, choices=What.choices)
    format = models.CharField(max_length=4, choices=Format.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    channel = models.CharField(max_length=4, choices=Channel.choices)
    # How many rows the file held (none for a refusal).
    rows = models.PositiveIntegerField(null=True, blank=True)
    at = stamp(db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [org_index("person", "at")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_outcome_display().lower()} {self.what} ({self.format})"
