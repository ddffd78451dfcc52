"""Retention: a legal hold that pauses it for one member, and the record of
each kind of a member's records anonymised when its time was up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, staff_link, stamp
from keyring_net.tables import once_in_organisation, org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel


class RecordKind(models.TextChoices):
    """The kinds of a member's records, each kept for its own number of
    years after support ends (the organisation's settings
    ``retention_<kind>_years``)."""

    MEMBER = "member", _("The member's record")
    CONTACTS = "contacts", _("Contact notes")
    PLANS = "plans", _("Support plans and stars")
    CASEWORK = "casework", _("Casework")
    SAFEGUARDING = "safeguarding", _("Safeguarding concerns")


class LegalHold(OrgOwnedModel):
    """Keep one member's records as they are, whatever their retention
    period says (a claim, an inquiry, a court case), until lifted. Set and
    lifted with a reason; both are kept, with who and when."""

    member = member_link("legal_holds")
    reason = models.TextField(max_length=limits.REASON)
    set_by = staff_link()
    set_at = stamp()
    lifted_by = staff_link(optional=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        indexes = [org_index("member", "lifted_at")]
        constraints = [
            once_in_organisation(
                "member",
                name="one_legal_hold_at_a_time",
                condition=models.Q(lifted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.member}"

    @property
    def is_current(self) -> bool:
        return self.lifted_at is None


class Anonymisation(AppendOnlyModel):
    """One kind of a member's records was anonymised because its retention
    period had ended. Metadata only: when support ended, the period that
    applied and when it was done; never what the records held. Its
    existence is also what stops the sweep doing it again."""

    member = member_link("anonymisations")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    support_ended_on = models.DateField()
    kept_years = models.PositiveSmallIntegerField()
    anonymised_at = stamp()

    class Meta:
        ordering = ["-anonymised_at", "-pk"]
        constraints = [
            once_in_organisation("member", "kind", name="anonymised_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of member {self.member_id} anonymised"
