"""Values-based recruitment: the values an organisation recruits on, who
sits on an interview's panel, each panel member's scores, and the decision.

Members sit on panels with an equal say: a member's scores count as a
member of staff's do, and the decision keeps every panel member's scores
and note as they sent them (no score changes once it is made). Each
function takes the acting person, checks the policy and names them in the
change history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net import limits
from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.models import User
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from volunteers import reminders
from volunteers.models import Interview, PanelScore, PanelSeat, RecruitmentValue
from volunteers.selectors.panels import active_values, is_member_here, panel_candidates

MANAGE = Permission.MANAGE_VOLUNTEERS
DECIDED = "The decision is made, so the panel and its scores stay as they are."


# --- Values -------------------------------------------------------------------------------------


def _value_fields(
    actor: Actor, *, name: str, meaning: str, easy_read: str, pictogram: str, exclude=None
) -> dict:
    errors = {}
    name, meaning, easy_read = name.strip(), meaning.strip(), easy_read.strip()
    if not name:
        errors["name"] = "Enter the value's name, like Respect."
    elif (
        RecruitmentValue.objects.filter(organisation=actor.organisation, name__iexact=name)
        .exclude(pk=exclude)
        .exists()
    ):
        errors["name"] = f"There is already a value called {name}."
    if not meaning:
        errors["meaning"] = "Say what it means, in plain words."
    if not easy_read:
        errors["easy_read"] = "Write one short sentence for the easy-read form."
    elif len(easy_read.split()) > 15:
        errors["easy_read"] = "Use 15 words or fewer, so it is easy to read."
    if pictogram not in PICTOGRAMS:
        errors["pictogram"] = "Choose a picture."
    if errors:
        raise ValidationError(errors)
    return {"name": name, "meaning": meaning, "easy_read": easy_read, "pictogram": pictogram}


@transaction.atomic
def value_add(
    *,
    actor: Actor,
    name: str,
    meaning: str,
    easy_read: str,
    pictogram: str = "heart",
    order: int | None = None,
) -> RecruitmentValue:
    """Add a value the organisation recruits on (last, unless ``order`` says)."""
    require(actor, MANAGE)
    fields = _value_fields(
        actor, name=name, meaning=meaning, easy_read=easy_read, pictogram=pictogram
    )
    if order is None:
        order = RecruitmentValue.objects.filter(organisation=actor.organisation).count() + 1
    return save_new(actor, RecruitmentValue, order=order, **fields)


@transaction.atomic
def value_change(
    *,
    actor: Actor,
    value: RecruitmentValue,
    name: str,
    meaning: str,
    easy_read: str,
    pictogram: str,
    order: int,
) -> RecruitmentValue:
    """Change a value's words, picture or place. Scores already given stay
    with it."""
    require(actor, MANAGE)
    fields = _value_fields(
        actor,
        name=name,
        meaning=meaning,
        easy_read=easy_read,
        pictogram=pictogram,
        exclude=value.pk,
    )
    for field, given in {**fields, "order": order}.items():
        setattr(value, field, given)
    save_changes(value, actor, "name", "meaning", "easy_read", "pictogram", "order")
    return value


@transaction.atomic
def value_active_switch(*, actor: Actor, value: RecruitmentValue) -> RecruitmentValue:
    """Retire a value (panels stop scoring it; scores given stay) or use a
    retired one again. Values are never deleted."""
    require(actor, MANAGE)
    value.active = not value.active
    save_changes(value, actor, "active")
    return value


# --- The panel ----------------------------------------------------------------------------------


def _not_decided(interview: Interview) -> None:
    if interview.decided_at is not None or interview.outcome != Interview.Outcome.PENDING:
        raise ValidationError(DECIDED)


@transaction.atomic
def seat_add(*, actor: Actor, interview: Interview, person: User) -> PanelSeat:
    """Put a member of staff or a member of the organisation on the panel,
    and tell them (``reminders.panel_seat_message``: once per interview)."""
    require(actor, MANAGE)
    _not_decided(interview)
    if not panel_candidates(actor, interview).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": f"{person} cannot join this panel: they are on it, or not one of us."}
        )
    seat = save_new(
        actor,
        PanelSeat,
        interview=interview,
        person=person,
        as_member=is_member_here(actor, person),
    )
    reminders.panel_seat_message(
        organisation=actor.organisation,
        seat=seat,
        added_by=actor.user.full_name,
        now=timezone.now(),
    )
    return seat


@transaction.atomic
def seat_remove(*, actor: Actor, seat: PanelSeat) -> None:
    """Take someone off a panel before they have sent scores. Scores sent
    are kept: their view is part of the record."""
    require(actor, MANAGE)
    _not_decided(seat.interview)
    if seat.scored_at is not None:
        raise ValidationError(f"{seat.person} has sent their scores, so they stay on the panel.")
    audited(seat, actor).delete()


# --- Scores -------------------------------------------------------------------------------------


@transaction.atomic
def scores_send(*, actor: Actor, seat: PanelSeat, scores: dict[int, int], note: str = "") -> None:
    """A panel member's scores, one for each value panels score now, and
    their note. Only the person in the seat sends them; they may send them
    again until the decision is made.

    Raises ValidationError keyed ``value_<id>`` for a value without a score.
    """
    require(actor, Permission.SIT_ON_PANELS)
    if seat.person_id != actor.user.pk:
        raise ValidationError("Only the person on the panel can give their scores.")
    interview = seat.interview
    _not_decided(interview)
    if interview.held_on > timezone.localdate():
        raise ValidationError("You can give your scores on the day of the interview.")
    values = list(active_values(actor.organisation))
    missing = {
        f"value_{value.pk}": "Choose an answer."
        for value in values
        if scores.get(value.pk) not in PanelScore.Score.values
    }
    if len(note) > limits.REASON:
        missing["note"] = f"This is too long. Use {limits.REASON} letters or fewer."
    if missing:
        raise ValidationError(missing)
    given = {
        score.value_id: score
        for score in PanelScore.objects.filter(organisation=actor.organisation, seat=seat)
    }
    now = timezone.now()
    for value in values:
        score = given.get(value.pk)
        if score is None:
            save_new(actor, PanelScore, seat=seat, value=value, score=scores[value.pk])
        elif score.score != scores[value.pk]:
            score.score, score.scored_at = scores[value.pk], now
            save_changes(score, actor, "score", "scored_at")
    seat.note, seat.scored_at = note.strip(), now
    save_changes(seat, actor, "note", "scored_at")


# --- The decision -------------------------------------------------------------------------------


@transaction.atomic
def interview_decide(
    *, actor: Actor, interview: Interview, outcome: str, reasons: str
) -> Interview:
    """Offer them the role or not, with the reasons, once every panel member
    has sent their scores. The scores stay as they were sent."""
    require(actor, MANAGE)
    _not_decided(interview)
    errors = {}
    if outcome not in (Interview.Outcome.OFFER, Interview.Outcome.NO_OFFER):
        errors["outcome"] = "Choose whether to offer them the role."
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the decision."
    if errors:
        raise ValidationError(errors)
    seats = list(
        PanelSeat.objects.filter(organisation=actor.organisation, interview=interview)
        .select_related("person")
        .order_by("person__full_name")
    )
    if not seats:
        raise ValidationError("Put people on the panel first.")
    waiting = [str(seat.person) for seat in seats if seat.scored_at is None]
    if waiting:
        raise ValidationError(
            f"Every panel member sends their scores first. Still to come: {', '.join(waiting)}."
        )
    if interview.held_on > timezone.localdate():
        raise ValidationError("The interview has not happened yet, so it has no outcome.")
    interview.outcome, interview.decision_reasons = outcome, reasons.strip()
    interview.decided_by, interview.decided_at = actor.user, timezone.now()
    save_changes(interview, actor, "outcome", "decision_reasons", "decided_by", "decided_at")
    return interview
