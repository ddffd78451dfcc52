"""API for stars and support plans: the same selectors, services and policy
as the pages.

Reading: staff whose role reads plans (``VIEW_PLANS``), for the members they
reach; a member, their own records only (``VIEW_OWN_RECORD``). Writing: the
roles that write plans (``WRITE_PLANS``), through the services. Two writes
are the member's own: agreeing their plan as the member (``plans/{id}/agree/``)
and asking for an early review (``plan-reviews/``).

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.actors import Actor
from keyring_net.api.base import OrgScopedViewSet, ReachedField, id_parameter, service_errors
from keyring_net.policy import Permission, can
from members.api.shown import LogsMembersShown
from members.selectors import members_for_viewer
from support_plans import services, templates_services
from support_plans.models import (
    Action,
    AreaScore,
    CrisisPlan,
    Goal,
    PersonalBudget,
    PlanComment,
    PlanReview,
    RiskItem,
    StarArea,
    StarReading,
    StarStage,
    StarTemplate,
    SupportPlan,
)
from support_plans.selectors import plans_for_viewer
from support_plans.stars import ensure_default_template

# --- Shared ------------------------------------------------------------------------------------


def _own_only(actor: Actor) -> bool:
    """A member reading their own records: no role that reads others' plans."""
    return can(actor, Permission.VIEW_OWN_RECORD) and not can(actor, Permission.VIEW_PLANS)


@contextmanager
def refusals() -> Iterator[None]:
    """A service's errors as 400s (``service_errors``), and a service's
    refusal as a 403 that keeps its own sentence (DRF would replace it with
    a generic one)."""
    try:
        with service_errors():
            yield
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


def _created_or_kept(made_at, asked_at) -> int:
    """201 for a row the request made; 200 for one already there, which
    a service returns as it is (an open draft, an open review request)."""
    return status.HTTP_200_OK if made_at < asked_at else status.HTTP_201_CREATED


def _date(required_message: str = "This field is required.", **kwargs) -> serializers.DateField:
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


def _text(required_message: str, **kwargs) -> serializers.CharField:
    kwargs.setdefault("max_length", limits.NOTE)
    return serializers.CharField(
        error_messages={"required": required_message, "blank": required_message}, **kwargs
    )


def _choice(choices, message: str, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, error_messages={"required": message, "invalid_choice": message}, **kwargs
    )


def _members(actor: Actor):
    """The members whose stars and plans ``actor`` reaches. Someone who
    reads only their own (a member who is also, say, a connections
    volunteer) reaches only their own, whatever else their roles reach."""
    members = members_for_viewer(actor)
    return members.filter(user=actor.user) if _own_only(actor) else members


def _plans(actor: Actor):
    plans = plans_for_viewer(actor)
    return plans.filter(member__user=actor.user) if _own_only(actor) else plans


def _readings(actor: Actor):
    return StarReading.objects.filter(
        organisation=actor.organisation, member__in=_members(actor).values("pk")
    )


def _goals(actor: Actor):
    return Goal.objects.filter(organisation=actor.organisation, plan__in=_plans(actor))


def _templates(actor: Actor):
    return StarTemplate.objects.filter(organisation=actor.organisation)


class PlanRecordViewSet(OrgScopedViewSet):
    """Read with ``VIEW_PLANS`` (or, for a member, their own records with
    ``VIEW_OWN_RECORD``: reach keeps them to their own); write with
    ``WRITE_PLANS``."""

    permission = Permission.VIEW_PLANS
    write_permission = Permission.WRITE_PLANS

    def permission_for(self, action: str | None) -> Permission:
        if action in ("list", "retrieve") and _own_only(self.actor):
            return Permission.VIEW_OWN_RECORD
        return super().permission_for(action)

    def reach(self) -> dict:
        """The rows incoming ids may name, by context key."""
        return {}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context.update(self.reach())
        return context

    def _fresh(self, row):
        """A row just written, read back through the scoped queryset."""
        return self.get_queryset().get(pk=row.pk)

    def _out(self, row, code=status.HTTP_200_OK) -> Response:
        return Response(self.serializer_class(self._fresh(row)).data, status=code)


# --- Star templates ----------------------------------------------------------------------------


class StarAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarArea
        fields = ["id", "position", "name", "easy_read_name", "description", "pictogram"]
        read_only_fields = fields


class StarStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarStage
        fields = ["id", "name", "easy_read_name", "low", "high"]
        read_only_fields = fields


class StarTemplateSerializer(serializers.ModelSerializer):
    areas = StarAreaSerializer(many=True, read_only=True)
    stages = StarStageSerializer(many=True, read_only=True)

    class Meta:
        model = StarTemplate
        fields = [
            "id",
            "name",
            "description",
            "version",
            "previous",
            "is_active",
            "scale_min",
            "scale_max",
            "created_at",
            "areas",
            "stages",
        ]
        read_only_fields = fields


class StarStageInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, allow_blank=True)
    easy_read_name = serializers.CharField(max_length=60, allow_blank=True)
    low = serializers.IntegerField(required=False, allow_null=True, default=None)
    high = serializers.IntegerField(required=False, allow_null=True, default=None)


class StarAreaInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, allow_blank=True)
    easy_read_name = serializers.CharField(max_length=80, allow_blank=True)
    description = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )
    pictogram = serializers.CharField(
        max_length=30, required=False, default="star", help_text="A picture's idea, like home."
    )


class StarTemplateWriteSerializer(serializers.Serializer):
    """A whole star, checked by the same service as the page. A problem with
    one stage or area comes back under ``stage_<n>_<field>`` or
    ``area_<n>_<field>``, counting from 0 in the order sent."""

    name = serializers.CharField(
        max_length=120, allow_blank=True, error_messages={"required": "Enter a name for the star."}
    )
    description = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )
    scale_min = serializers.IntegerField(required=False, default=1)
    scale_max = serializers.IntegerField(required=False, default=10)
    stages = StarStageInputSerializer(
        many=True, help_text="The journey of change, each covering a band of scores."
    )
    areas = StarAreaInputSerializer(many=True, help_text="The life areas, in order.")


def _star_inputs(data: dict) -> dict:
    return {
        **data,
        "stages": [templates_services.StageInput(**stage) for stage in data["stages"]],
        "areas": [templates_services.AreaInput(**area) for area in data["areas"]],
    }


class StarTemplateFilter(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = StarTemplate
        fields = ["is_active"]


@extend_schema_view(
    create=extend_schema(
        request=StarTemplateWriteSerializer, responses={201: StarTemplateSerializer}
    ),
    update=extend_schema(
        request=StarTemplateWriteSerializer,
        responses=StarTemplateSerializer,
        parameters=[id_parameter("star_template_id")],
    ),
)
class StarTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """The organisation's stars: their life areas (in order) and the stages
    of the journey each band of scores stands for. A reading scores every
    area of one active star; the default star is made the first time the
    list is asked for.

    Support managers and organisation admins add stars and change them
    (PUT, the whole star). A star in use is never changed under its
    readings: the change makes a new version, which is returned (a new id),
    and the old one stays as it was, no longer active."""

    serializer_class = StarTemplateSerializer
    serializer_classes = {
        "create": StarTemplateWriteSerializer,
        "update": StarTemplateWriteSerializer,
    }
    filterset_class = StarTemplateFilter
    permission = Permission.VIEW_PLANS
    write_permission = Permission.MANAGE_STAR_TEMPLATES
    lookup_url_kwarg = "star_template_id"

    def permission_for(self, action: str | None) -> Permission:
        # Those who manage the stars read them too (organisation admins do
        # not read members' plans).
        if action in ("list", "retrieve") and can(self.actor, Permission.MANAGE_STAR_TEMPLATES):
            return Permission.MANAGE_STAR_TEMPLATES
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return _templates(actor).prefetch_related(
            Prefetch("areas", queryset=StarArea.objects.order_by("position")),
            Prefetch("stages", queryset=StarStage.objects.order_by("low")),
        )

    def _out(self, template, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=template.pk)
        return Response(StarTemplateSerializer(fresh).data, status=code)

    def list(self, request, *args, **kwargs):
        # Checked here first: making it is a transaction, and it is made once.
        if not _templates(self.actor).exists():
            ensure_default_template(self.actor.organisation)
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals():
            template = templates_services.template_create(
                actor=self.actor, **_star_inputs(serializer.validated_data)
            )
        return self._out(template, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        template = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals():
            template = templates_services.template_change(
                actor=self.actor, template=template, **_star_inputs(serializer.validated_data)
            )
        return self._out(template)


# --- Star readings -----------------------------------------------------------------------------


class AreaScoreSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = AreaScore
        fields = ["area", "area_name", "score", "member_words", "worker_note"]
        read_only_fields = fields


class StarReadingSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    scores = AreaScoreSerializer(many=True, read_only=True)

    class Meta:
        model = StarReading
        fields = [
            "id",
            "member",
            "member_name",
            "template",
            "template_name",
            "taken_on",
            "worker",
            "worker_name",
            "who_was_there",
            "notes",
            "scores",
        ]
        read_only_fields = fields


class AreaAnswerSerializer(serializers.Serializer):
    area = serializers.IntegerField(
        help_text="The id of one of the star's areas.",
        error_messages={"required": "Say which area.", "invalid": "Give the area's id."},
    )
    score = serializers.IntegerField(
        help_text="Agreed together, on the star's scale (1 to 10 on the default star).",
        error_messages={"required": "Give a score.", "invalid": "Give the score as a number."},
    )
    member_words = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )
    worker_note = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )


class StarReadingCreateSerializer(serializers.Serializer):
    """A star filled in together: a score for every area of the star. The
    worker is the person sending it."""

    member = ReachedField(reach="members", error_messages={"required": "Choose the member."})
    template = ReachedField(
        reach="templates",
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out for the organisation's default star.",
    )
    taken_on = _date("Enter the date of the reading.")
    who_was_there = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )
    answers = AreaAnswerSerializer(
        many=True, error_messages={"required": "Give a score for every area of the star."}
    )


class StarReadingFilter(django_filters.FilterSet):
    member = django_filters.NumberFilter(field_name="member_id")
    template = django_filters.NumberFilter(field_name="template_id")
    taken_from = django_filters.DateFilter(field_name="taken_on", lookup_expr="gte")
    taken_to = django_filters.DateFilter(field_name="taken_on", lookup_expr="lte")

    class Meta:
        model = StarReading
        fields = ["member", "template", "taken_from", "taken_to"]


@contextmanager
def area_names(template: StarTemplate) -> Iterator[None]:
    """Name the area in a score's error: the service files it under
    ``area_<id>``; the answer is about the area, so it goes under
    ``answers`` as "Money and bills: scores go from 1 to 10."."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        names = {f"area_{area.pk}": area.name for area in template.areas.all()}
        errors: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            if key in names:
                errors.setdefault("answers", []).extend(
                    f"{names[key]}: {message[:1].lower()}{message[1:]}" for message in messages
                )
            else:
                errors.setdefault(key, []).extend(messages)
        raise DjangoValidationError(errors) from error


@extend_schema_view(
    create=extend_schema(
        request=StarReadingCreateSerializer, responses={201: StarReadingSerializer}
    ),
)
class StarReadingViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """Star readings of the members in reach, with every area's score and
    the member's words. Recording one needs a score for every area of the
    star, each on its scale."""

    filterset_class = StarReadingFilter
    serializer_class = StarReadingSerializer
    serializer_classes = {"create": StarReadingCreateSerializer}
    lookup_url_kwarg = "reading_id"

    def scoped_queryset(self, actor):
        return (
            _readings(actor)
            .select_related("member", "template", "worker")
            .prefetch_related(
                Prefetch(
                    "scores",
                    queryset=AreaScore.objects.select_related("area").order_by("area__position"),
                )
            )
        )

    def reach(self):
        return {"members": _members(self.actor), "templates": _templates(self.actor)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        template = data.pop("template") or ensure_default_template(self.actor.organisation)
        answers = [
            services.AreaAnswer(
                area_id=answer["area"],
                score=answer["score"],
                member_words=answer["member_words"],
                worker_note=answer["worker_note"],
            )
            for answer in data.pop("answers")
        ]
        with refusals(), area_names(template):
            reading = services.reading_record(
                actor=self.actor, template=template, answers=answers, **data
            )
        return self._out(reading, status.HTTP_201_CREATED)


# --- Plans -------------------------------------------------------------------------------------


class PersonalBudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalBudget
        fields = ["amount", "period", "pays_for", "managed_as"]
        read_only_fields = fields


class PlanCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanComment
        fields = ["id", "part", "text", "disagrees", "by_member", "written_at"]
        read_only_fields = fields


class SupportPlanSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    budget = PersonalBudgetSerializer(read_only=True, allow_null=True)
    comments = PlanCommentSerializer(
        many=True, read_only=True, help_text="The member's own words on the plan, kept for good."
    )

    class Meta:
        model = SupportPlan
        fields = [
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
        ]
        read_only_fields = fields


class PlanStartSerializer(serializers.Serializer):
    """A new version of the member's plan, carrying over their latest one.
    A draft already open is returned as it is (200)."""

    member = ReachedField(reach="members", error_messages={"required": "Choose the member."})
    reading = ReachedField(
        reach="readings",
        required=False,
        allow_null=True,
        default=None,
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


class SupportPlanFilter(django_filters.FilterSet):
    member = django_filters.NumberFilter(field_name="member_id")
    status = django_filters.ChoiceFilter(choices=SupportPlan.Status.choices)

    class Meta:
        model = SupportPlan
        fields = ["member", "status"]


@extend_schema_view(
    create=extend_schema(
        request=PlanStartSerializer,
        responses={201: SupportPlanSerializer, 200: SupportPlanSerializer},
    ),
)
class SupportPlanViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """Versions of members' plans. Starting one carries over the member's
    latest version to work from. A version is agreed when the member (in
    their own login) and a worker have both agreed it."""

    filterset_class = SupportPlanFilter
    serializer_class = SupportPlanSerializer
    serializer_classes = {"create": PlanStartSerializer, "agree": AgreeSerializer}
    lookup_url_kwarg = "plan_id"

    def permission_for(self, action: str | None) -> Permission:
        if action == "agree" and _own_only(self.actor):
            return Permission.VIEW_OWN_RECORD  # the member, for their own plan
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return (
            _plans(actor)
            .select_related("member", "worker", "budget")
            .prefetch_related(
                Prefetch("comments", queryset=PlanComment.objects.order_by("written_at", "pk"))
            )
        )

    def reach(self):
        return {"members": _members(self.actor), "readings": _readings(self.actor)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        asked_at = timezone.now()
        with refusals():
            plan = services.plan_start(actor=self.actor, **serializer.validated_data)
        return self._out(plan, _created_or_kept(plan.created_at, asked_at))

    @extend_schema(
        request=AgreeSerializer,
        responses=SupportPlanSerializer,
        parameters=[id_parameter("plan_id")],
    )
    @action(detail=True, methods=["post"])
    def agree(self, request, *args, **kwargs):
        """Agree this version: the member for themselves, or a worker. Only
        the member can agree as the member, in their own login."""
        plan = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        as_member = serializer.validated_data["as_member"]
        if as_member is None:
            as_member = plan.member.user_id == self.actor.user.pk
        with refusals():
            plan = services.plan_agree(actor=self.actor, plan=plan, as_member=as_member)
        return self._out(plan)


# --- Goals and actions -------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="plan.member_id", read_only=True)
    area_name = serializers.CharField(
        source="area.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Goal
        fields = ["id", "plan", "member", "position", "in_own_words", "area", "area_name"]
        read_only_fields = fields


class GoalCreateSerializer(serializers.Serializer):
    plan = ReachedField(reach="plans", error_messages={"required": "Choose the plan."})
    in_own_words = serializers.CharField(
        max_length=limits.NOTE,
        allow_blank=True,
        error_messages={"required": "Write the goal in the member's own words."},
    )
    area = ReachedField(
        reach="areas",
        required=False,
        allow_null=True,
        default=None,
        help_text="The life area of the star it is about.",
    )


class GoalFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id")
    member = django_filters.NumberFilter(field_name="plan__member_id")

    class Meta:
        model = Goal
        fields = ["plan", "member"]


@extend_schema_view(
    create=extend_schema(request=GoalCreateSerializer, responses={201: GoalSerializer}),
)
class GoalViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """The member's goals in their own words. Added to a draft version only."""

    filterset_class = GoalFilter
    serializer_class = GoalSerializer
    serializer_classes = {"create": GoalCreateSerializer}
    lookup_url_kwarg = "goal_id"
    shown_member = "plan.member_id"

    def scoped_queryset(self, actor):
        return _goals(actor).select_related("plan", "area").order_by("plan_id", "position", "pk")

    def reach(self):
        return {
            "plans": _plans(self.actor),
            "areas": StarArea.objects.filter(organisation=self.actor.organisation),
        }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals():
            goal = services.goal_add(actor=self.actor, **serializer.validated_data)
        return self._out(goal, status.HTTP_201_CREATED)


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="goal.plan_id", read_only=True)

    class Meta:
        model = Action
        fields = ["id", "goal", "plan", "text", "term", "who", "who_name", "by_when", "done_on"]
        read_only_fields = fields


class ActionCreateSerializer(serializers.Serializer):
    goal = ReachedField(reach="goals", error_messages={"required": "Choose the goal."})
    text = _text("Write what will be done.")
    term = _choice(
        Action.Term.choices, "Choose short term or long term.", required=False, default="short"
    )
    who = _choice(Action.Who.choices, "Choose who will do it.")
    who_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    by_when = _date(required=False, allow_null=True, default=None)


class ActionFilter(django_filters.FilterSet):
    goal = django_filters.NumberFilter(field_name="goal_id")
    plan = django_filters.NumberFilter(field_name="goal__plan_id")
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Action
        fields = ["goal", "plan", "done"]


@extend_schema_view(
    create=extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer}),
)
class ActionViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """Steps towards a goal: what, who takes it, and by when. Added to a
    draft version only."""

    filterset_class = ActionFilter
    serializer_class = ActionSerializer
    serializer_classes = {"create": ActionCreateSerializer}
    lookup_url_kwarg = "action_id"
    shown_member = "goal.plan.member_id"

    def scoped_queryset(self, actor):
        return (
            Action.objects.filter(organisation=actor.organisation, goal__in=_goals(actor))
            .select_related("goal__plan")
            .order_by("goal_id", "term", "by_when", "pk")
        )

    def reach(self):
        return {"goals": _goals(self.actor).select_related("plan")}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals():
            step = services.action_add(actor=self.actor, **serializer.validated_data)
        return self._out(step, status.HTTP_201_CREATED)


# --- Positive risk plan and crisis plan --------------------------------------------------------


class RiskItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskItem
        fields = ["id", "plan", "risk", "what_could_go_well", "strategies", "who_helps"]
        read_only_fields = fields


class RiskItemCreateSerializer(serializers.Serializer):
    plan = ReachedField(reach="plans", error_messages={"required": "Choose the plan."})
    risk = _text("Write the risk, as the member sees it.")
    what_could_go_well = _text("Write what could go well.")
    strategies = _text("Write what the member chose to do.")
    who_helps = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PlanPartFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id")
    member = django_filters.NumberFilter(field_name="plan__member_id")


class RiskItemFilter(PlanPartFilter):
    class Meta:
        model = RiskItem
        fields = ["plan", "member"]


@extend_schema_view(
    create=extend_schema(request=RiskItemCreateSerializer, responses={201: RiskItemSerializer}),
)
class RiskItemViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """The positive risk plan: each risk the member chose to take, what could
    go well, and the strategies they chose. Added to a draft version only."""

    filterset_class = RiskItemFilter
    serializer_class = RiskItemSerializer
    serializer_classes = {"create": RiskItemCreateSerializer}
    lookup_url_kwarg = "risk_id"
    shown_member = "plan.member_id"

    def scoped_queryset(self, actor):
        return (
            RiskItem.objects.filter(organisation=actor.organisation, plan__in=_plans(actor))
            .select_related("plan")
            .order_by("plan_id", "pk")
        )

    def reach(self):
        return {"plans": _plans(self.actor)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals():
            item = services.risk_add(actor=self.actor, **serializer.validated_data)
        return self._out(item, status.HTTP_201_CREATED)


CRISIS_FIELDS = [
    "early_signs",
    "what_helps",
    "what_does_not_help",
    "who_to_contact",
    "who_not_to_contact",
    "treatment_preferences",
    "treatment_refusals",
    "practical_arrangements",
]


class CrisisPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrisisPlan
        fields = ["id", "plan", *CRISIS_FIELDS]
        read_only_fields = fields


class CrisisPlanChangeSerializer(serializers.Serializer):
    """The parts sent are changed; the rest stay as they are."""

    early_signs = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True)
    what_helps = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True)
    what_does_not_help = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True
    )
    who_to_contact = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True)
    who_not_to_contact = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True
    )
    treatment_preferences = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True
    )
    treatment_refusals = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True
    )
    practical_arrangements = serializers.CharField(
        max_length=limits.NOTE,
        required=False,
        allow_blank=True,
        help_text="Rent, bills, pets, keys, if they go into hospital.",
    )


class CrisisPlanSetSerializer(CrisisPlanChangeSerializer):
    plan = ReachedField(reach="plans", error_messages={"required": "Choose the plan."})


class CrisisPlanFilter(PlanPartFilter):
    class Meta:
        model = CrisisPlan
        fields = ["plan", "member"]


@extend_schema_view(
    create=extend_schema(
        request=CrisisPlanSetSerializer,
        responses={201: CrisisPlanSerializer, 200: CrisisPlanSerializer},
    ),
    partial_update=extend_schema(
        request=CrisisPlanChangeSerializer,
        responses=CrisisPlanSerializer,
        parameters=[id_parameter("crisis_plan_id")],
    ),
)
class CrisisPlanViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """What to do if things go wrong, in the member's own choices: one for
    each plan version. Sending one for a plan that has it changes the parts
    sent (200); PATCH does the same. A draft version only."""

    filterset_class = CrisisPlanFilter
    serializer_class = CrisisPlanSerializer
    serializer_classes = {
        "create": CrisisPlanSetSerializer,
        "partial_update": CrisisPlanChangeSerializer,
    }
    lookup_url_kwarg = "crisis_plan_id"
    shown_member = "plan.member_id"

    def scoped_queryset(self, actor):
        return (
            CrisisPlan.objects.filter(organisation=actor.organisation, plan__in=_plans(actor))
            .select_related("plan")
            .order_by("plan_id", "pk")
        )

    def reach(self):
        return {"plans": _plans(self.actor)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        plan = fields.pop("plan")
        had_one = CrisisPlan.objects.filter(
            organisation=self.actor.organisation, plan=plan
        ).exists()
        with refusals():
            crisis = services.crisis_set(actor=self.actor, plan=plan, **fields)
        return self._out(crisis, status.HTTP_200_OK if had_one else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        crisis = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with refusals():
            crisis = services.crisis_set(
                actor=self.actor, plan=crisis.plan, **serializer.validated_data
            )
        return self._out(crisis)


# --- Reviews -----------------------------------------------------------------------------------


class PlanReviewSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="plan.member_id", read_only=True)

    class Meta:
        model = PlanReview
        fields = [
            "id",
            "plan",
            "member",
            "due_on",
            "asked_by_member",
            "members_reason",
            "asked_at",
            "completed_on",
            "new_plan",
        ]
        read_only_fields = fields


class ReviewRequestSerializer(serializers.Serializer):
    """The member asks to talk about their plan sooner than planned."""

    plan = ReachedField(reach="plans", error_messages={"required": "Choose your plan."})
    reason = serializers.CharField(
        max_length=limits.REASON,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, in their own words.",
    )


class PlanReviewFilter(PlanPartFilter):
    open = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", label="Not done yet"
    )
    asked_by_member = django_filters.BooleanFilter()

    class Meta:
        model = PlanReview
        fields = ["plan", "member", "open", "asked_by_member"]


@extend_schema_view(
    create=extend_schema(
        request=ReviewRequestSerializer,
        responses={201: PlanReviewSerializer, 200: PlanReviewSerializer},
    ),
)
class PlanReviewViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PlanRecordViewSet,
):
    """Plan reviews: yearly, or sooner when the member asks. Only the member
    asks for an early review, for their own plan; asking again while a
    request is open changes nothing."""

    filterset_class = PlanReviewFilter
    serializer_class = PlanReviewSerializer
    serializer_classes = {"create": ReviewRequestSerializer}
    lookup_url_kwarg = "review_id"
    shown_member = "plan.member_id"

    def permission_for(self, action: str | None) -> Permission:
        if action == "create":
            return Permission.VIEW_OWN_RECORD
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return (
            PlanReview.objects.filter(organisation=actor.organisation, plan__in=_plans(actor))
            .select_related("plan")
            .order_by("due_on", "pk")
        )

    def reach(self):
        return {"plans": _plans(self.actor).select_related("member")}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        asked_at = timezone.now()
        with refusals():
            review = services.review_request(actor=self.actor, **serializer.validated_data)
        return self._out(review, _created_or_kept(review.asked_at, asked_at))


ROUTES: list = [
    ("star-templates", StarTemplateViewSet, "api-star-template"),
    ("star-readings", StarReadingViewSet, "api-star-reading"),
    ("plans", SupportPlanViewSet, "api-plan"),
    ("goals", GoalViewSet, "api-goal"),
    ("actions", ActionViewSet, "api-action"),
    ("risk-plans", RiskItemViewSet, "api-risk-plan"),
    ("crisis-plans", CrisisPlanViewSet, "api-crisis-plan"),
    ("plan-reviews", PlanReviewViewSet, "api-plan-review"),
]
