"""A volunteer import's DBS certificates and training dates: checked with
the volunteers app's own rules (a 12-digit certificate, a renewal three
years after issue unless the file says, a course's usual length), read a
batch at a time, and added only when not already recorded, so a second
run adds nothing."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from keyring_net.actors import Actor
from spreadsheets.services.imports.columns import Field, Problem, record_date
from spreadsheets.services.imports.engine import Prepared
from volunteers.clearance import MANDATORY_MODULES, ensure_mandatory_modules
from volunteers.models import DBSCheck, TrainingModule, TrainingRecord, VolunteerProfile
from volunteers.services.recruitment import CERTIFICATE, dbs_renewal_default
from volunteers.services.training import training_expiry_default

# With no level in the file: a CLV's or enabler's work with adults who
# need support is regulated activity, checked at this level.
DBS_LEVEL = DBSCheck.Level.ENHANCED_BARRED


def certificate(cell) -> str:
    if cell == "":
        return ""
    number = re.sub(r"[\s-]", "", str(cell))
    if not CERTIFICATE.match(number):
        raise Problem(f"{cell} is not a DBS certificate number (12 digits, like 001234567890)")
    return number


def _course_field(name: str) -> Field:
    short = name.replace("Supporting ", "")
    return Field(
        "course_" + re.sub(r"[^a-z]+", "_", name.lower()).strip("_"),
        f"{name} training",
        record_date,
        (name, short, f"{short} training", f"{name} course", f"{name} date"),
        help=f"The date they last did the {name} course.",
    )


COURSES = {_course_field(name).name: name for name, _ in MANDATORY_MODULES}
TRAINING_FIELDS = [_course_field(name) for name, _ in MANDATORY_MODULES]


class Records:
    """What the rows would add to each volunteer's DBS checks and
    training, and (when applying) adding it."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.dbs: dict[int, list[DBSCheck]] = {}
        self.training: dict[tuple[int, str], datetime.date] = {}
        self.pending: list[tuple[VolunteerProfile, object]] = []

    def check(self, row: Prepared, header) -> None:
        values = row.values
        refused = {column for column, _ in row.problems}
        number, issued = values.get("dbs_certificate"), values.get("dbs_issued_on")
        if number and not issued and header("dbs_issued_on") not in refused:
            row.refuse(header("dbs_issued_on"), "give the date on the DBS certificate too")
        if issued and not number and header("dbs_certificate") not in refused:
            row.refuse(header("dbs_certificate"), "give the DBS certificate's number too")
        renewal = values.get("dbs_renewal_due")
        if renewal and issued and renewal <= issued:
            row.refuse(
                header("dbs_renewal_due"),
                f"the renewal date must be after the certificate's date, {issued:%d/%m/%Y}",
            )

    def load(self, profiles: list[VolunteerProfile]) -> None:
        """The batch's recorded DBS checks and latest course dates (two
        queries)."""
        self.pending = []
        ids = [p.pk for p in profiles if p.pk]
        self.dbs = {}
        for check in DBSCheck.objects.filter(profile_id__in=ids):
            self.dbs.setdefault(check.profile_id, []).append(check)
        self.training = {}
        records = TrainingRecord.objects.filter(profile_id__in=ids).select_related("module")
        for record in records:
            key = (record.profile_id, record.module.name)
            last = self.training.get(key, record.completed_on)
            self.training[key] = max(record.completed_on, last)

    def _renewal(self, values: dict) -> datetime.date | None:
        issued = values.get("dbs_issued_on")
        return values.get("dbs_renewal_due") or (issued and dbs_renewal_default(issued))

    def cleared(self, row: Prepared, profile: VolunteerProfile | None) -> bool:
        """Whether they would have a DBS check in date: the row's, or one
        already recorded."""
        today = timezone.localdate()
        renewal = self._renewal(row.values)
        if renewal and renewal > today:
            return True
        recorded = self.dbs.get(profile.pk, []) if profile is not None else []
        return any(c.renewal_due > today for c in recorded)

    def wanted(self, row: Prepared, profile: VolunteerProfile) -> bool:
        """Note what the row adds for ``profile`` (saved by ``write``);
        whether it adds anything."""
        values, added = row.values, []
        number = values.get("dbs_certificate")
        recorded = {c.certificate_number for c in self.dbs.get(profile.pk, [])}
        if number and number not in recorded:
            added.append(
                DBSCheck(
                    level=values.get("dbs_level") or DBS_LEVEL,
                    certificate_number=number,
                    issued_on=values["dbs_issued_on"],
                    renewal_due=self._renewal(values),
                )
            )
            row.what += f", DBS {number}"
        for field, course in COURSES.items():
            done = values.get(field)
            last = self.training.get((profile.pk, course)) if profile.pk else None
            if done and (last is None or done > last):
                added.append(TrainingRecord(module=TrainingModule(name=course), completed_on=done))
                row.what += f", {course} {done:%d/%m/%Y}"
        self.pending += [(profile, record) for record in added]
        return bool(added)

    def write(self) -> list[tuple[str, int, str, dict]]:
        """Add what the batch's rows noted: their profiles are saved by now."""
        if not self.pending:
            return []
        organisation, user = self.actor.organisation, self.actor.user
        modules = {m.name: m for m in ensure_mandatory_modules(organisation, self.actor)}
        checks, training = [], []
        for profile, record in self.pending:
            record.organisation, record.profile = organisation, profile
            if isinstance(record, DBSCheck):
                checks.append(record)
            else:
                record.module = modules[record.module.name]
                record.expires_on = training_expiry_default(record.module, record.completed_on)
                training.append(record)
        self.pending = []
        bulk_create_with_history(checks, DBSCheck, default_user=user)
        bulk_create_with_history(training, TrainingRecord, default_user=user)
        return [("volunteers.dbscheck", c.pk, "created", {}) for c in checks] + [
            ("volunteers.trainingrecord", t.pk, "created", {}) for t in training
        ]
