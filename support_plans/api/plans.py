"""Versions of members' plans in the API: started from the member's latest
version, and agreed by the member (in their own login) and by a worker."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from keyring_net.api.base import creates, row_action
from keyring_net.api.fields import reached
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.rows import read_only
from keyring_net.policy import Permission
from support_plans.api import base
from support_plans.models import PersonalBudget, PlanComment, SupportPlan
from support_plans.selectors import reach
from support_plans.services.plans import plan_agree, plan_start


class PersonalBudgetSerializer(serializers.ModelSerializer):
    Meta = read_only(PersonalBudget, ["amount", "period", "pays_for", "managed_as"])


class PlanCommentSerializer(serializers.ModelSerializer):
    Meta = read_only(PlanComment, ["id", "part", "text", "disagrees", "by_member", "written_at"])


class SupportPlanSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    budget = PersonalBudgetSerializer(read_only=True, allow_null=True)
    comments = PlanCommentSerializer(
        many=True, read_only=True, help_text="The member's own words on the plan, kept for good."
    )

    Meta = read_only(
        SupportPlan,
        [
            "id",
            "member",
            "member_name",
            "version",
            "previous",
            "status",
            "worker",
            "worker_name",
            "reading",
            "created_at",
            "member_agreed_at",
            "worker_agreed_at",
            "review_due",
            "easy_read_checked_by",
            "easy_read_checked_on",
            "budget",
            "comments",
        ],
    )


class PlanStartSerializer(serializers.Serializer):
    """A new version of the member's plan, carrying over their latest one.
    A draft already open is returned as it is (200)."""

    member = reached("members", "Choose the member.")
    reading = reached(
        "readings",
        help_text="The member's star reading it starts from (leave out to keep the last one).",
    )


class AgreeSerializer(serializers.Serializer):
    as_member = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "true: the member agrees, themselves, in their own login. false: a worker agrees. "
            "Leave out to agree as who you are."
        ),
    )


@creates(PlanStartSerializer, SupportPlanSerializer, or_kept=True)
class SupportPlanViewSet(base.PlanRecordViewSet):
    """Versions of members' plans. Starting one carries over the member's
    latest version to work from. A version is agreed when the member (in
    their own login) and a worker have both agreed it."""

    filterset_class = row_filter(
        SupportPlan,
        member="member_id",
        status=CHOICES,
    )
    serializer_class = SupportPlanSerializer
    serializer_classes = {"agree": AgreeSerializer}
    lookup_url_kwarg = "plan_id"
    shown_member = "member_id"

    def permission_for(self, action: str | None) -> Permission:
        if action == "agree" and reach.own_only(self.actor):
            return Permission.VIEW_OWN_RECORD  # the member, for their own plan
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return (
            reach.plans_in_reach(actor)
            .select_related("member", "worker", "budget")
            .prefetch_related(
                Prefetch("comments", queryset=PlanComment.objects.order_by("written_at", "pk"))
            )
        )

    reaches = {"members": reach.members_in_reach, "readings": reach.readings_in_reach}

    def add(self, data):
        asked_at = timezone.now()
        plan = plan_start(actor=self.actor, **data)
        return plan, base.created_or_kept(plan.created_at, asked_at)

    @row_action(request=AgreeSerializer, response=SupportPlanSerializer, id_name="plan_id")
    def agree(self, request, *args, **kwargs):
        """Agree this version: the member for themselves, or a worker. Only
        the member can agree as the member, in their own login."""
        plan = self.get_object()
        as_member = self.valid_data(request)["as_member"]
        if as_member is None:
            as_member = plan.member.user_id == self.actor.user.pk
        with base.refusals():
            plan = plan_agree(actor=self.actor, plan=plan, as_member=as_member)
        return self.answer(plan)
