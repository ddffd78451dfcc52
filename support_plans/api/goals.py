"""Goals and their actions in the API: the member's goals in their own
words, and the steps towards them. Added to a draft version only."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from keyring_net import limits
from keyring_net.api.base import creates
from keyring_net.api.fields import choice_field, date_field, reached, text_field
from keyring_net.api.filters import row_filter
from keyring_net.api.rows import read_only
from support_plans.api import base
from support_plans.models import Action, Goal
from support_plans.selectors import reach
from support_plans.services import parts


class GoalSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="plan.member_id", read_only=True)
    area_name = serializers.CharField(
        source="area.name", read_only=True, default=None, allow_null=True
    )

    Meta = read_only(
        Goal, ["id", "plan", "member", "position", "in_own_words", "area", "area_name"]
    )


class GoalCreateSerializer(serializers.Serializer):
    plan = base.plan_field()
    in_own_words = serializers.CharField(
        max_length=limits.NOTE,
        allow_blank=True,
        error_messages={"required": "Write the goal in the member's own words."},
    )
    area = reached("areas", help_text="The life area of the star it is about.")


@creates(GoalCreateSerializer, GoalSerializer)
class GoalViewSet(base.PlanRecordViewSet):
    """The member's goals in their own words. Added to a draft version only."""

    filterset_class = base.plan_part_filter(Goal)
    serializer_class = GoalSerializer
    lookup_url_kwarg = "goal_id"
    adds = parts.goal_add

    def scoped_queryset(self, actor):
        return (
            reach.goals_in_reach(actor)
            .select_related("plan", "area")
            .order_by("plan_id", "position", "pk")
        )

    reaches = {"plans": reach.plans_in_reach, "areas": reach.star_areas_of}


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="goal.plan_id", read_only=True)

    Meta = read_only(
        Action, ["id", "goal", "plan", "text", "term", "who", "who_name", "by_when", "done_on"]
    )


class ActionCreateSerializer(serializers.Serializer):
    goal = reached("goals", "Choose the goal.")
    text = text_field("Write what will be done.")
    term = choice_field(
        Action.Term.choices, "Choose short term or long term.", required=False, default="short"
    )
    who = choice_field(Action.Who.choices, "Choose who will do it.")
    who_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    by_when = date_field(required=False, allow_null=True, default=None)


@creates(ActionCreateSerializer, ActionSerializer)
class ActionViewSet(base.PlanRecordViewSet):
    """Steps towards a goal: what, who takes it, and by when. Added to a
    draft version only."""

    filterset_class = row_filter(
        Action,
        goal="goal_id",
        plan="goal__plan_id",
        done=django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True),
    )
    serializer_class = ActionSerializer
    lookup_url_kwarg = "action_id"
    shown_member = "goal.plan.member_id"
    adds = parts.action_add

    def scoped_queryset(self, actor):
        return (
            reach.actions_in_reach(actor)
            .select_related("goal__plan")
            .order_by("goal_id", "term", "by_when", "pk")
        )

    def reach(self):
        return {"goals": reach.goals_in_reach(self.actor).select_related("plan")}
