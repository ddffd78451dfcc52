"""What the member says about their own plan, in their own login: a comment
on a part, a disagreement, or asking to talk about it sooner."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.actors import Actor, save_new
from support_plans.models import PlanComment, PlanReview, SupportPlan

EARLY_REVIEW_WITHIN = datetime.timedelta(days=14)


def _the_member_only(actor: Actor, plan: SupportPlan, refusal: str) -> None:
    if plan.member.user_id is None or actor.user.pk != plan.member.user_id:
        raise PermissionDenied(refusal)


@transaction.atomic
def member_comment(
    *, actor: Actor, plan: SupportPlan, part: str, text: str, disagrees: bool
) -> PlanComment:
    """The member's own comment on their plan, or that they disagree with a
    part. Kept with the version for good."""
    _the_member_only(actor, plan, "Only the member can add their own comments here.")
    if not text.strip():
        raise ValidationError({"text": "Write what you want to say."})
    return save_new(
        actor,
        PlanComment,
        plan=plan,
        part=part,
        text=text.strip(),
        disagrees=disagrees,
        by_member=True,
        author=actor.user,
    )


@transaction.atomic
def review_request(*, actor: Actor, plan: SupportPlan, reason: str) -> PlanReview:
    """The member asks to talk about their plan sooner than planned. Asking
    again while a request is open changes nothing."""
    _the_member_only(actor, plan, "Only the member can ask for an early review here.")
    open_request = PlanReview.objects.filter(
        organisation=actor.organisation,
        plan=plan,
        asked_by_member=True,
        completed_on__isnull=True,
    ).first()
    if open_request:
        return open_request
    return save_new(
        actor,
        PlanReview,
        plan=plan,
        due_on=timezone.localdate() + EARLY_REVIEW_WITHIN,
        asked_by_member=True,
        members_reason=reason,
    )
