"""Plan reviews in the API: yearly, or sooner when the member asks."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import serializers

from keyring_net import limits
from keyring_net.api.base import creates
from keyring_net.api.fields import optional_text
from keyring_net.api.rows import read_only
from keyring_net.policy import Permission
from support_plans.api import base
from support_plans.models import PlanReview
from support_plans.selectors import reach
from support_plans.services.member import review_request


class PlanReviewSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="plan.member_id", read_only=True)

    Meta = read_only(
        PlanReview,
        [
            "id",
            "plan",
            "member",
            "due_on",
            "asked_by_member",
            "members_reason",
            "asked_at",
            "completed_on",
            "new_plan",
        ],
    )


class ReviewRequestSerializer(serializers.Serializer):
    """The member asks to talk about their plan sooner than planned."""

    plan = base.plan_field("Choose your plan.")
    reason = optional_text(limits.REASON, help_text="Why, in their own words.")


@creates(ReviewRequestSerializer, PlanReviewSerializer, or_kept=True)
class PlanReviewViewSet(base.PlanPartViewSet):
    """Plan reviews: yearly, or sooner when the member asks. Only the member
    asks for an early review, for their own plan; asking again while a
    request is open changes nothing."""

    filterset_class = base.plan_part_filter(
        PlanReview,
        open=django_filters.BooleanFilter(
            field_name="completed_on", lookup_expr="isnull", label="Not done yet"
        ),
        asked_by_member=django_filters.BooleanFilter(),
    )
    serializer_class = PlanReviewSerializer
    lookup_url_kwarg = "review_id"

    def permission_for(self, action: str | None) -> Permission:
        if action == "create":
            return Permission.VIEW_OWN_RECORD
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return reach.reviews_in_reach(actor).select_related("plan").order_by("due_on", "pk")

    def reach(self):
        return {"plans": reach.plans_in_reach(self.actor).select_related("member")}

    def add(self, data):
        asked_at = timezone.now()
        review = review_request(actor=self.actor, **data)
        return review, base.created_or_kept(review.asked_at, asked_at)
