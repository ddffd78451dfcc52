"""The people pages as an API, for organisation admins: everyone with a
role here (and the roles they held), inviting someone, giving another role,
moving a role to another cluster, network or council, ending a role, and
deactivating someone. The same services, policy and words as the pages;
another organisation's person or role is "not found".

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

from typing import ClassVar

from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from keyring_net import roles, selectors, services
from keyring_net.api.base import (
    OrgScopedViewSet,
    ReachedField,
    creates,
    row_action,
    service_errors,
)
from keyring_net.api.mixins import WritesThroughServices
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import Permission

# --- Answers ------------------------------------------------------------------------------------


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    where = serializers.SerializerMethodField(
        help_text="The network, cluster or council it applies to, or the whole organisation."
    )

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "role",
            "role_label",
            "cluster",
            "network",
            "local_authority",
            "where",
            "granted_by",
            "granted_at",
            "ended_at",
        ]
        read_only_fields = fields

    def get_where(self, assignment: RoleAssignment) -> str:
        return roles.where(assignment)


class PersonSerializer(serializers.ModelSerializer):
    roles = RoleAssignmentSerializer(
        source="roles_here",
        many=True,
        read_only=True,
        help_text="Every role they hold or held here; an ended one has ended_at.",
    )

    class Meta:
        model = User
        fields = ["id", "full_name", "email", "is_active", "roles"]
        read_only_fields = fields


# --- Requests -----------------------------------------------------------------------------------


def _scope(reach: str, help_text: str) -> ReachedField:
    return ReachedField(
        reach=reach, required=False, allow_null=True, default=None, help_text=help_text
    )


class MoveSerializer(serializers.Serializer):
    """Where a role goes: the one scope its role takes."""

    cluster = _scope("clusters", "For a support manager: the cluster they look after.")
    network = _scope(
        "networks", "For a CLV, community enabler or connections volunteer: their network."
    )
    local_authority = _scope("councils", "For a commissioner: the council they work for.")


class GiveRoleSerializer(MoveSerializer):
    role = serializers.ChoiceField(
        choices=Role.choices,
        error_messages={"required": "Choose a role.", "invalid_choice": "Choose a role."},
        help_text=" ".join(f"{r.value}: {roles.HINTS[r]}" for r in roles.GIVEN_BY_ADMINS)
        + " A member's login comes with their login card, not here.",
    )

    reactivate = serializers.BooleanField(
        default=False,
        help_text="For someone whose account is switched off (they cannot sign in): "
        "switch it back on and give the role. Without it the role is refused.",
    )

    def validate_role(self, value: str) -> Role:
        return Role(value)


class InviteSerializer(GiveRoleSerializer):
    full_name = serializers.CharField(
        max_length=200, error_messages={"required": "Enter their full name."}
    )
    email = serializers.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter their e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
        help_text="We send them a link to choose a password.",
    )


# --- Views --------------------------------------------------------------------------------------


class PeopleViewSetBase(OrgScopedViewSet):
    permission = Permission.ADMINISTER_PEOPLE
    write_permission = Permission.ADMINISTER_PEOPLE
    reaches: ClassVar = {
        "clusters": lambda actor: selectors.scope_choices(actor)["cluster"],
        "networks": lambda actor: selectors.scope_choices(actor)["network"],
        "councils": lambda actor: selectors.scope_choices(actor)["local_authority"],
    }

    errors = staticmethod(service_errors)

    def sent(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, row, code=status.HTTP_200_OK) -> Response:
        """The row a change made or changed, read again as a GET shows it."""
        return Response(self.serializer_class(self.get_queryset().get(pk=row.pk)).data, status=code)


@creates(InviteSerializer, PersonSerializer)
class PersonViewSet(
    WritesThroughServices, mixins.ListModelMixin, mixins.RetrieveModelMixin, PeopleViewSetBase
):
    """Everyone who holds, or held, a role here, with their roles. POST
    invites someone by e-mail with a first role (someone who already has an
    account simply gets the role); ``give-role`` gives another;
    ``deactivate`` ends every role here and signs them out everywhere."""

    serializer_class = PersonSerializer
    reads = staticmethod(selectors.people_for_api)
    lookup_url_kwarg = "person_id"

    def add(self, data: dict):
        assignment = services.person_invite(
            actor=self.actor, base_url=self.request.build_absolute_uri("/"), **data
        )
        return assignment.user, status.HTTP_201_CREATED

    @row_action(
        request=GiveRoleSerializer,
        response=PersonSerializer,
        id_name="person_id",
        url_path="give-role",
    )
    def give_role(self, request, *args, **kwargs):
        person = self.get_object()
        data = self.sent(GiveRoleSerializer)
        with self.errors():
            services.role_grant(actor=self.actor, person=person, **data)
        return self.answer(person)

    @row_action(request=None, response=PersonSerializer, id_name="person_id")
    def deactivate(self, request, *args, **kwargs):
        person = self.get_object()
        with self.errors():
            services.person_deactivate(actor=self.actor, person=person)
        return self.answer(person)


class RoleAssignmentViewSet(mixins.RetrieveModelMixin, PeopleViewSetBase):
    """One role someone holds or held here. ``end`` ends it (kept, so history
    shows it); ``move`` moves it to another cluster, network or council: the
    role held now ends and the same role begins there, answered with the new
    one."""

    serializer_class = RoleAssignmentSerializer
    reads = staticmethod(selectors.assignments_of_organisation)
    lookup_url_kwarg = "assignment_id"

    @row_action(request=None, response=RoleAssignmentSerializer, id_name="assignment_id")
    def end(self, request, *args, **kwargs):
        assignment = self.get_object()
        with self.errors():
            services.role_end(actor=self.actor, assignment=assignment)
        return self.answer(assignment)

    @row_action(
        request=MoveSerializer,
        response={201: RoleAssignmentSerializer},
        id_name="assignment_id",
    )
    def move(self, request, *args, **kwargs):
        assignment = self.get_object()
        data = self.sent(MoveSerializer)
        with self.errors():
            moved = services.role_change_scope(actor=self.actor, assignment=assignment, **data)
        return self.answer(moved, status.HTTP_201_CREATED)


ROUTES = [
    ("people", PersonViewSet, "api-person"),
    ("role-assignments", RoleAssignmentViewSet, "api-role-assignment"),
]
