"""Values-based recruitment: the values an organisation recruits on, who
sits on an interview's panel (staff and members, each with an equal say),
and each panel member's score for each value."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import staff_link, stamp
from keyring_net.tables import ShownBy, once_in_organisation, org_index, within
from keyring_net.tenancy import OrgOwnedModel


class RecruitmentValue(ShownBy, OrgOwnedModel):
    """A value the organisation recruits on ("Respect"), with what it means
    in plain words and one easy-read line for the member's scoring form.
    Never deleted once a panel has scored it: retired instead, so old
    interviews keep their scores."""

    name = models.CharField(max_length=80)
    meaning = models.TextField(
        max_length=limits.REASON, help_text=_("What it means, in plain words.")
    )
    easy_read = models.CharField(
        max_length=150,
        help_text=_("One short sentence for the easy-read form, like: They listen to people."),
    )
    pictogram = models.CharField(max_length=30, default="heart")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [once_in_organisation("name", name="recruitment_value_unique")]


class PanelSeat(OrgOwnedModel):
    """One person on an interview's panel: a member of the organisation or
    one of its staff. Their scores are ``scores``; ``note`` is what they want
    the decision to know; ``scored_at`` is when they last sent their scores."""

    interview = models.ForeignKey(
        "volunteers.Interview", on_delete=models.PROTECT, related_name="seats"
    )
    person = staff_link("panel_seats")
    as_member = models.BooleanField(
        default=False, help_text=_("They sit on the panel as a member of the organisation.")
    )
    note = models.TextField(max_length=limits.REASON, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-as_member", "person__full_name", "pk"]
        indexes = [org_index("person")]
        constraints = [
            once_in_organisation("interview", "person", name="panel_seat_once_per_interview")
        ]


class PanelScore(OrgOwnedModel):
    """One panel member's score for one value: 1 "Not yet", 2 "A little",
    3 "Yes", 4 "Very much"."""

    class Score(models.IntegerChoices):
        NOT_YET = 1, _("Not yet")
        A_LITTLE = 2, _("A little")
        YES = 3, _("Yes")
        VERY_MUCH = 4, _("Very much")

    seat = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="scores")
    value = models.ForeignKey(RecruitmentValue, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    scored_at = stamp()

    class Meta:
        ordering = ["value__order", "value__name"]
        constraints = [
            once_in_organisation("seat", "value", name="panel_score_once_per_value"),
            within("score", 1, 4, name="panel_score_on_its_scale"),
        ]
