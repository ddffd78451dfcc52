"""API for safeguarding: concerns (raised, read, and the lead's work on
them: the person's wishes, triage, the council referral, an action on the
timeline, closing) and the organisation's safeguarding leads, through the
same selectors and services as the pages.

A concern outside the caller's audience is "Not found." on every route and
absent from the list; each read of one concern is logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers

from casework.models import ConcernAction, SafeguardingConcern, SafeguardingLead
from casework.selectors.safeguarding import (
    concern_actions,
    concerns_for_viewer,
    lead_candidates,
    leads_for_viewer,
    may_handle,
    members_to_raise_about,
)
from casework.services import safeguarding
from keyring_net import limits
from keyring_net.api.base import OrgScopedViewSet, creates, row_action, service_errors
from keyring_net.api.fields import choice_field, date_field, optional_text, reached, text_field
from keyring_net.api.mixins import RowsViewSet, WritesThroughServices
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission

Concern = SafeguardingConcern


class ConcernActionSerializer(serializers.ModelSerializer):
    done_by_name = shown("done_by.full_name")
    Meta = read_only(ConcernAction, ["id", "what", "done_by", "done_by_name", "done_at"])


class ConcernSerializer(serializers.ModelSerializer):
    about = serializers.CharField(read_only=True)
    raised_by_a_member = serializers.SerializerMethodField()
    # Blank until the lead triages or closes it: said so in the schema.
    decision = serializers.ChoiceField(Concern.Decision.choices, allow_blank=True, read_only=True)
    outcome = serializers.ChoiceField(Concern.Outcome.choices, allow_blank=True, read_only=True)
    Meta = read_only(
        Concern,
        [
            "id",
            "member",
            "other_person",
            "about",
            "raised_by",
            "raised_by_a_member",
            "raised_at",
            "wants_to_talk",
            "what_happened",
            "happened_at",
            "where",
            "done_at_once",
            "kind",
            "urgency",
            "stage",
            "wishes_asked",
            "wishes",
            "wishes_not_asked_why",
            "decision",
            "decision_reasons",
            "triaged_by",
            "triaged_at",
            "referred",
            "council_reference",
            "referred_on",
            "referred_to",
            "council_decision",
            "outcome",
            "outcome_reasons",
            "closed_by",
            "closed_at",
        ],
    )

    def get_raised_by_a_member(self, concern) -> bool:
        return concern.raised_by_member_id is not None


class ConcernDetailSerializer(ConcernSerializer):
    actions = serializers.SerializerMethodField()

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, concern) -> list[dict]:
        return ConcernActionSerializer(concern_actions(concern), many=True).data


class ConcernRaiseSerializer(serializers.Serializer):
    member = reached("members", help_text="A member you reach; leave out for someone else.")
    other_person = optional_text(200, help_text="Who, when it is not one of our members.")
    what_happened = text_field("Say what happened, or what you saw or heard.")
    done_at_once = optional_text(limits.REASON)
    urgency = choice_field(Concern.Urgency.choices, "Choose how urgent it is.")
    happened_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[limits.not_before_record_floor]
    )
    where = optional_text(200)
    kind = choice_field(Concern.Kind.choices, "Choose the kind of concern.", default="not_sure")


class WishesSerializer(serializers.Serializer):
    wishes_asked = choice_field(Concern.WishesAsked.choices, "Choose whether they were asked.")
    wishes = optional_text(limits.REASON)
    wishes_not_asked_why = optional_text(limits.REASON)


class TriageSerializer(serializers.Serializer):
    kind = choice_field(Concern.Kind.choices, "Choose the kind of concern.")
    urgency = choice_field(Concern.Urgency.choices, "Choose how urgent it is.")
    decision = choice_field(Concern.Decision.choices, "Choose a decision.")
    reasons = text_field("Give the reasons for the decision.", max_length=limits.REASON)


class ReferSerializer(serializers.Serializer):
    referred_on = date_field("Enter the date of the referral.")
    referred_to = text_field("Say who at the council it went to.", max_length=200)
    council_reference = optional_text(60)
    council_decision = optional_text(limits.REASON)


class ActionSerializer(serializers.Serializer):
    what = text_field("Say what was done.", max_length=limits.REASON)


class CloseSerializer(serializers.Serializer):
    outcome = choice_field(Concern.Outcome.choices, "Choose the outcome.")
    reasons = text_field("Give the reasons for closing it.", max_length=limits.REASON)


@creates(ConcernRaiseSerializer, ConcernDetailSerializer)
class SafeguardingConcernViewSet(RowsViewSet):
    """Safeguarding concerns in the caller's audience (the person who raised
    it, the leads, the member's support manager), open first and most
    urgent first. POST raises one; the leads and the member's support
    manager may record the person's ``wishes``, ``triage``, ``refer`` to the
    council and ``close``; anyone who sees it adds ``actions``."""

    serializer_class = ConcernSerializer
    serializer_classes = {
        "retrieve": ConcernDetailSerializer,
        "wishes": WishesSerializer,
        "triage": TriageSerializer,
        "refer": ReferSerializer,
        "add_action": ActionSerializer,
        "close": CloseSerializer,
    }
    permission = Permission.RAISE_SAFEGUARDING
    lookup_url_kwarg = "concern_id"
    reads = staticmethod(concerns_for_viewer)
    reaches = {"members": members_to_raise_about}
    adds = staticmethod(safeguarding.concern_raise)

    def written(self, concern):
        return ConcernDetailSerializer(self.get_queryset().get(pk=concern.pk))

    def retrieve(self, request, *args, **kwargs):
        concern = self.get_object()
        safeguarding.concern_viewed(actor=self.actor, concern=concern, channel="API")
        return self.answer(concern)

    def _lead_step(self, request, service):
        concern = self.get_object()
        if not may_handle(self.actor, concern):
            raise PermissionDenied(safeguarding.NOT_HANDLER)
        data = self.valid_data(request)
        with service_errors():
            service(actor=self.actor, concern=concern, **data)
        return self.answer(concern)

    @row_action(request=WishesSerializer, response=ConcernDetailSerializer, id_name="concern_id")
    def wishes(self, request, *args, **kwargs):
        return self._lead_step(request, safeguarding.concern_wishes)

    @row_action(request=TriageSerializer, response=ConcernDetailSerializer, id_name="concern_id")
    def triage(self, request, *args, **kwargs):
        return self._lead_step(request, safeguarding.concern_triage)

    @row_action(request=ReferSerializer, response=ConcernDetailSerializer, id_name="concern_id")
    def refer(self, request, *args, **kwargs):
        return self._lead_step(request, safeguarding.concern_refer)

    @row_action(request=CloseSerializer, response=ConcernDetailSerializer, id_name="concern_id")
    def close(self, request, *args, **kwargs):
        return self._lead_step(request, safeguarding.concern_close)

    @row_action(
        request=ActionSerializer,
        response=ConcernDetailSerializer,
        id_name="concern_id",
        url_path="actions",
        url_name="actions",
    )
    def add_action(self, request, *args, **kwargs):
        concern = self.get_object()
        data = self.valid_data(request)
        with service_errors():
            safeguarding.concern_action_add(actor=self.actor, concern=concern, **data)
        return self.answer(concern)


class SafeguardingLeadSerializer(serializers.ModelSerializer):
    person_name = shown("person.full_name")
    Meta = read_only(SafeguardingLead, ["id", "person", "person_name", "started_at", "ended_at"])


class LeadAddSerializer(serializers.Serializer):
    person = reached("people", "Choose who becomes a lead.")


@creates(LeadAddSerializer, SafeguardingLeadSerializer)
class SafeguardingLeadViewSet(
    WritesThroughServices, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet
):
    """The organisation's safeguarding leads (ended ones too), for
    organisation admins: POST names a person with a staff role; ``end``
    stops them being a lead (the row is kept)."""

    serializer_class = SafeguardingLeadSerializer
    permission = Permission.MANAGE_SAFEGUARDING_LEADS
    lookup_url_kwarg = "lead_id"
    reads = staticmethod(leads_for_viewer)
    reaches = {"people": lead_candidates}
    adds = staticmethod(safeguarding.lead_add)

    @row_action(request=None, response=SafeguardingLeadSerializer, id_name="lead_id")
    def end(self, request, *args, **kwargs):
        lead = self.get_object()
        with service_errors():
            safeguarding.lead_end(actor=self.actor, lead=lead)
        return self.answer(lead)


ROUTES: list = [
    ("safeguarding-concerns", SafeguardingConcernViewSet, "api-safeguarding-concern"),
    ("safeguarding-leads", SafeguardingLeadViewSet, "api-safeguarding-lead"),
]
