"""The positive risk plan and the crisis plan in the API: the risks the
member chose to take, and what to do if things go wrong, in their own
choices. A draft version only."""

from __future__ import annotations

from rest_framework import serializers, status

from keyring_net import limits
from keyring_net.api.base import changes, creates
from keyring_net.api.fields import text_field
from keyring_net.api.rows import read_only
from support_plans.api import base
from support_plans.models import CrisisPlan, RiskItem
from support_plans.selectors import reach
from support_plans.services import parts


class RiskItemSerializer(serializers.ModelSerializer):
    Meta = read_only(
        RiskItem, ["id", "plan", "risk", "what_could_go_well", "strategies", "who_helps"]
    )


class RiskItemCreateSerializer(serializers.Serializer):
    plan = base.plan_field()
    risk = text_field("Write the risk, as the member sees it.")
    what_could_go_well = text_field("Write what could go well.")
    strategies = text_field("Write what the member chose to do.")
    who_helps = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@creates(RiskItemCreateSerializer, RiskItemSerializer)
class RiskItemViewSet(base.PlanPartViewSet):
    """The positive risk plan: each risk the member chose to take, what could
    go well, and the strategies they chose. Added to a draft version only."""

    filterset_class = base.plan_part_filter(RiskItem)
    serializer_class = RiskItemSerializer
    lookup_url_kwarg = "risk_id"
    adds = parts.risk_add

    def scoped_queryset(self, actor):
        return reach.risks_in_reach(actor).select_related("plan").order_by("plan_id", "pk")


class CrisisPlanSerializer(serializers.ModelSerializer):
    Meta = read_only(CrisisPlan, ["id", "plan", *CrisisPlan.PARTS])


def _part(**kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, **kwargs)


class CrisisPlanChangeSerializer(serializers.Serializer):
    """The parts sent are changed; the rest stay as they are."""

    early_signs = _part()
    what_helps = _part()
    what_does_not_help = _part()
    who_to_contact = _part()
    who_not_to_contact = _part()
    treatment_preferences = _part()
    treatment_refusals = _part()
    practical_arrangements = _part(help_text="Rent, bills, pets, keys, if they go into hospital.")


class CrisisPlanSetSerializer(CrisisPlanChangeSerializer):
    plan = base.plan_field()


@creates(
    CrisisPlanSetSerializer,
    CrisisPlanSerializer,
    or_kept=True,
    partial_update=changes(CrisisPlanChangeSerializer, CrisisPlanSerializer, "crisis_plan_id"),
)
class CrisisPlanViewSet(base.PlanPartViewSet):
    """What to do if things go wrong, in the member's own choices: one for
    each plan version. Sending one for a plan that has it changes the parts
    sent (200); PATCH does the same. A draft version only."""

    filterset_class = base.plan_part_filter(CrisisPlan)
    serializer_class = CrisisPlanSerializer
    serializer_classes = {"partial_update": CrisisPlanChangeSerializer}
    lookup_url_kwarg = "crisis_plan_id"

    def scoped_queryset(self, actor):
        return reach.crisis_plans_in_reach(actor).select_related("plan").order_by("plan_id", "pk")

    def add(self, data):
        plan = data.pop("plan")
        had_one = reach.crisis_plans_in_reach(self.actor).filter(plan=plan).exists()
        crisis = parts.crisis_set(actor=self.actor, plan=plan, **data)
        return crisis, status.HTTP_200_OK if had_one else status.HTTP_201_CREATED

    def partial_update(self, request, *args, **kwargs):
        crisis = self.get_object()
        data = self.valid_data(request, partial=True)
        with base.refusals():
            crisis = parts.crisis_set(actor=self.actor, plan=crisis.plan, **data)
        return self.answer(crisis)
