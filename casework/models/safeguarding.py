"""Safeguarding concerns (Care Act 2014, section 42): who the organisation
names as its safeguarding leads, each concern raised (by a worker, a
volunteer or a member), its triage, its referral to the council, the
actions taken and its outcome, and every time someone opened it.

A concern is never deleted, and django-simple-history keeps every change
with the person who made it (``OrgOwnedModel``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import (
    member_link,
    optional_link,
    record_date,
    record_time,
    staff_link,
    stamp,
)
from keyring_net.tables import org_index
from keyring_net.tenancy import OrgOwnedModel


class SafeguardingLead(OrgOwnedModel):
    """A person with a staff role whom the organisation names as a
    safeguarding lead, from ``started_at`` until ``ended_at`` (kept after
    it ends, so the record says who was a lead when)."""

    person = staff_link("safeguarding_leads")
    started_at = stamp()
    ended_at = record_time(optional=True)

    class Meta:
        ordering = ["person__full_name", "pk"]
        indexes = [org_index("person", "ended_at")]


class SafeguardingConcern(OrgOwnedModel):
    """One safeguarding concern: what the person who raised it saw or was
    told, then what the safeguarding lead decided and did."""

    class Kind(models.TextChoices):
        # The Care Act 2014 statutory guidance's categories of abuse and neglect.
        PHYSICAL = "physical", _("Physical abuse")
        DOMESTIC = "domestic", _("Domestic abuse")
        SEXUAL = "sexual", _("Sexual abuse")
        PSYCHOLOGICAL = "psychological", _("Psychological or emotional abuse")
        FINANCIAL = "financial", _("Financial or material abuse")
        MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
        DISCRIMINATORY = "discriminatory", _("Discriminatory abuse")
        ORGANISATIONAL = "organisational", _("Organisational abuse")
        NEGLECT = "neglect", _("Neglect and acts of omission")
        SELF_NEGLECT = "self_neglect", _("Self-neglect")
        NOT_SURE = "not_sure", _("Not sure yet")

    class Urgency(models.TextChoices):
        # Ordered most urgent first (``URGENCY_ORDER``).
        NOW = "now", _("Urgent: someone may be at risk now")
        TODAY = "today", _("Today")
        SOON = "soon", _("In the next few days")

    class Stage(models.TextChoices):
        RAISED = "raised", _("Raised: waiting for the lead")
        TRIAGED = "triaged", _("Triaged")
        REFERRED = "referred", _("Referred to the council")
        CLOSED = "closed", _("Closed")

    class WishesAsked(models.TextChoices):
        NOT_YET = "not_yet", _("Not asked yet")
        ASKED = "asked", _("Asked")
        NOT_ASKED = "not_asked", _("Not asked, for a reason")

    class Decision(models.TextChoices):
        REFER = "refer", _("Refer to the council (section 42)")
        SUPPORT = "support", _("Act on it ourselves, with a plan")
        NO_FURTHER = "no_further", _("No safeguarding action needed")

    class Outcome(models.TextChoices):
        RISK_REMOVED = "risk_removed", _("Risk removed")
        RISK_REDUCED = "risk_reduced", _("Risk reduced")
        RISK_REMAINS = "risk_remains", _("Risk remains, with the person's agreement")
        NOT_FOUND = "not_found", _("No abuse or neglect found")
        OTHER = "other", _("Other (say in the reasons)")

    # Who and what
    member = member_link("safeguarding_concerns", null=True, blank=True)
    other_person = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Someone at risk who is not one of our members, described in words."),
    )
    raised_by = staff_link("safeguarding_concerns_raised")
    # The member who said "I am worried" on their own pages (they never see
    # the record; their support manager does).
    raised_by_member = optional_link("members.Member", "safeguarding_concerns_told")
    raised_at = stamp()
    wants_to_talk = models.BooleanField(default=False)
    what_happened = models.TextField(max_length=limits.NOTE)
    happened_at = record_time(optional=True)
    where = models.CharField(max_length=200, blank=True)
    done_at_once = models.TextField(max_length=limits.REASON, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOT_SURE)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.TODAY)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.RAISED)
    # Making safeguarding personal: the person's wishes, in their words
    wishes_asked = models.CharField(
        max_length=10, choices=WishesAsked.choices, default=WishesAsked.NOT_YET
    )
    wishes = models.TextField(max_length=limits.REASON, blank=True)
    wishes_not_asked_why = models.TextField(max_length=limits.REASON, blank=True)
    # Triage by a safeguarding lead
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(max_length=limits.REASON, blank=True)
    triaged_by = staff_link(optional=True)
    triaged_at = record_time(optional=True)
    # Section 42 referral to the council
    referred = models.BooleanField(default=False)
    council_reference = models.CharField(max_length=60, blank=True)
    referred_on = record_date(optional=True)
    referred_to = models.CharField(max_length=200, blank=True)
    council_decision = models.TextField(max_length=limits.REASON, blank=True)
    # Closing
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(max_length=limits.REASON, blank=True)
    closed_by = staff_link(optional=True)
    closed_at = record_time(optional=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [org_index("stage", "urgency"), org_index("raised_by")]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.pk}"

    @property
    def about(self) -> str:
        if self.member_id:
            return str(self.member)
        return self.other_person or "Someone not named yet"


class ConcernAction(OrgOwnedModel):
    """One entry on a concern's timeline: what was done, by whom, when."""

    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.PROTECT, related_name="actions"
    )
    what = models.TextField(max_length=limits.REASON)
    done_by = staff_link()
    done_at = stamp()

    class Meta:
        ordering = ["done_at", "pk"]


class ConcernView(OrgOwnedModel):
    """Someone opened a concern (on its page or through the API). Kept apart
    from the member's "who looked at my record": the member may be the
    subject of a concern about someone close to them, so only the leads
    see this log."""

    concern = models.ForeignKey(SafeguardingConcern, on_delete=models.PROTECT, related_name="views")
    viewer = staff_link()
    viewed_at = stamp()
    channel = models.CharField(max_length=10, default="page")

    class Meta:
        ordering = ["-viewed_at", "-pk"]
