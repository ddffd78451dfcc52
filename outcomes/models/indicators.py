"""Outcome indicators: events in a member's life the rest of the product does
not already record (a tenancy lost, an admission avoided, starting work)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, record_date, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import OrgOwnedModel

__all__ = ["OutcomeIndicator"]


class OutcomeIndicator(OrgOwnedModel):
    """Something that happened in a member's life, recorded by a worker.

    Only what no other record holds: moving on comes from the member's
    status history, connections from their community and peer links,
    support intensity from their support-level history, star progress from
    their readings. A tenancy counts as sustained unless ``tenancy_lost``
    is recorded.
    """

    class Kind(models.TextChoices):
        TENANCY_LOST = "tenancy_lost", _("Tenancy lost")
        ADMISSION_AVOIDED = "admission_avoided", _("Hospital admission avoided")
        ADMISSION = "admission", _("Admitted to hospital")
        HOMELESSNESS_AVOIDED = "homelessness_avoided", _("Homelessness avoided")
        HOMELESSNESS = "homelessness", _("Became homeless")
        WORK = "work", _("Started work")
        LEARNING = "learning", _("Started learning")
        VOLUNTEERING = "volunteering", _("Started volunteering")
        VISITS_ENDED = "visits_ended", _("No longer needs weekly professional visits")

    member = member_link("outcome_indicators")
    kind = models.CharField(max_length=25, choices=Kind.choices)
    happened_on = record_date()
    note = models.TextField(max_length=limits.NOTE, blank=True)
    recorded_by = staff_link()
    recorded_at = stamp()
    # Recorded by mistake: kept for the record, left out of every figure.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [org_index("kind", "happened_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
