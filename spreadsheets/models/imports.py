"""An import of records from a CSV or Excel file, and what it changed.

An ``ImportRun`` keeps who brought in which file, when, how its columns
were matched, and the counts of what the dry run found and what was
applied; its row-by-row report is ``ImportReportRow`` rows, one for each
row of the file, written a batch at a time. Each ``ImportedRow`` is one
record the run created or changed, with its values before, so the run can
be undone while those records are untouched."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.fields import part_of, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel

# The largest file an import takes (20 MB); a bigger one is refused unread.
MAX_FILE_BYTES = 20 * 1024 * 1024
# The longest words a report keeps for a row's record or address (cut there).
WORDS_MAX = 1000


class ImportRun(OrgOwnedModel):
    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members and their homes")
        HOMES = "homes", _("Homes")
        NETWORKS = "networks", _("Networks")
        VOLUNTEERS = "volunteers", _("Volunteers")
        STAFF = "staff", _("Staff and their roles")

    class State(models.TextChoices):
        MATCHING = "matching", _("Columns to match")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, ready to apply")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        UNDONE = "undone", _("Undone")
        FAILED = "failed", _("Could not finish")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.MATCHING)
    file_name = models.CharField(max_length=255)
    # The uploaded file, kept between the steps (match, dry run, apply) and
    # emptied once it is applied: what it did is then in the rows below.
    file_bytes = models.BinaryField(null=True, blank=True, editable=False)
    file_size = models.PositiveIntegerField(default=0)
    started_by = staff_link()
    started_at = stamp()
    # The file's headers, in order, and the field each feeds ("" for none).
    headers = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    problem_rows = models.PositiveIntegerField(default=0)
    # The report shown now: the ``ImportReportRow`` rows with this number
    # (each check and each apply writes a new one; 0 before the first).
    report_number = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=500, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = staff_link(optional=True)

    # The file is working data, not a change anyone made: left out of the
    # change history, so saving a step's progress does not copy it.
    history_left_out = ("file_bytes",)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [org_index("started_at")]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"

    @property
    def is_busy(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.APPLYING)


class ImportedRow(AppendOnlyModel):
    """One record an import created or changed (append-only)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")

    run = part_of(ImportRun, "imported_rows")
    # "members.member" or "networks.home"
    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    # The changed fields' values before the import (for an update).
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["pk"]
        indexes = [org_index("run", "model")]

    def __str__(self) -> str:
        return f"{self.action} {self.model} {self.object_id}"


class ImportReportRow(AppendOnlyModel):
    """One row of the file in an import's report: what it would do (or
    did) and its problems, each with its column and plain words. Written a
    batch at a time, so the report is never held in memory whole; each
    check or apply writes a new report (``report``), and the run shows the
    one its ``report_number`` names. The address of a home the row names is
    kept apart from the rest, for those who may see addresses."""

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        UNCHANGED = "unchanged", _("Unchanged")
        PROBLEM = "problem", _("Not imported")

    run = part_of(ImportRun, "report_rows")
    report = models.PositiveIntegerField()
    # The row's number as the spreadsheet shows it (the header is row 1).
    row = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    # The record, in words: a name and the organisation's reference.
    what = models.TextField(max_length=WORDS_MAX, blank=True)
    address = models.TextField(max_length=WORDS_MAX, blank=True)
    # Each problem: {"column", "message"}.
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["row", "pk"]
        indexes = [org_index("run", "report", "row")]

    def __str__(self) -> str:
        return f"Row {self.row}: {self.action}"
