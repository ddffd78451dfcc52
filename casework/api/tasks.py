"""API for tasks: the same selectors, services and policy as the pages.

``/api/v1/tasks/`` lists the tasks the person reaches (filters: owner,
member, state, overdue), adds one (POST), changes an open one (PUT,
PATCH), and marks it done (``done/``) or cancels it with a reason
(``cancel/``). A task out of reach is not found, like another
organisation's.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import serializers, status

from casework.models import Task
from casework.selectors import tasks as selectors
from casework.services import tasks as services
from keyring_net import limits
from keyring_net.api.base import adds_and_changes, row_action, service_errors
from keyring_net.api.fields import date_field, optional_text, reached, text_field
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import ChangeableRowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShownOrRead


class TaskSerializer(serializers.ModelSerializer):
    owner_name = shown("owner.full_name")
    member_name = shown("member.full_name", optional=True)
    network_name = shown("network.name", optional=True)
    overdue = serializers.SerializerMethodField(help_text="Open, and its due day has passed.")
    source_kind = serializers.ChoiceField(Task.Source.choices, allow_blank=True, read_only=True)

    Meta = read_only(
        Task,
        [
            "id",
            "title",
            "details",
            "owner",
            "owner_name",
            "due_on",
            "member",
            "member_name",
            "network",
            "network_name",
            "source_kind",
            "source_id",
            "source_link",
            "state",
            "overdue",
            "created_by",
            "created_at",
            "closed_by",
            "closed_at",
            "cancel_reason",
        ],
    )

    def to_representation(self, task: Task) -> dict:
        """A task made from a concern or an incident the person does not
        reach shows no source: to them that record does not exist."""
        data = super().to_representation(task)
        request = self.context.get("request")
        actor = getattr(request, "actor", None)
        sight = self.context.setdefault("source_sight", selectors.SourceSight(actor))
        if not sight.sees(task):
            data.update(source_kind="", source_id=None, source_link="")
        return data

    def get_overdue(self, task: Task) -> bool:
        return task.state == Task.State.OPEN and task.due_on < timezone.localdate()


class TaskChangeSerializer(serializers.Serializer):
    """A task as written on its page. Made through the API, it comes from
    nowhere else (by hand)."""

    title = text_field("Write what needs to be done.", max_length=200)
    owner = reached("owners", "Choose who will do it.")
    due_on = date_field("Enter the day it is due.")
    member = reached("members", help_text="The member it is about, if any.")
    network = reached("networks", help_text="The network it is about, if any.")
    details = optional_text()


class CancelSerializer(serializers.Serializer):
    reason = text_field("Say why the task is no longer needed.", max_length=limits.REASON)


def _overdue(queryset, name, value):
    today = timezone.localdate()
    overdue = queryset.filter(state=Task.State.OPEN, due_on__lt=today)
    return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


@adds_and_changes(create=TaskChangeSerializer, id_name="task_id")
class TaskViewSet(LogsMembersShownOrRead, ChangeableRowsViewSet):
    """Tasks the person reaches: their own, their team's (support
    managers: their cluster's; admins: the organisation's). The member a
    task is about is logged on their record (a task with none logs nothing)."""

    serializer_class = TaskSerializer
    filterset_class = row_filter(
        Task,
        owner="owner_id",
        member="member_id",
        state=CHOICES,
        overdue=django_filters.BooleanFilter(method=_overdue),
    )
    permission = Permission.WORK_ON_TASKS
    reads = selectors.tasks_for_viewer
    reaches = {
        "owners": selectors.task_owners,
        "members": selectors.task_members,
        "networks": selectors.task_networks,
    }

    def written(self, row):
        """The row a write made or changed, shown with the request (so its
        source is hidden from those who do not reach it)."""
        return self.serializer_class(
            self.get_queryset().get(pk=row.pk), context=self.get_serializer_context()
        )

    def add(self, data):
        return services.task_create(self.actor, **data), status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        task = self.get_object()
        partial = kwargs.get("partial", False)
        data = self.valid_data(request, partial=partial)
        fields = {
            name: data.get(name, getattr(task, name))
            for name in ("title", "owner", "due_on", "member", "network", "details")
        }
        with service_errors():
            task = services.task_change(self.actor, task=task, **fields)
        return self.answer(task)

    @row_action(request=None, response=TaskSerializer, id_name="task_id")
    def done(self, request, *args, **kwargs):
        """Mark an open task done, by the person asking, now."""
        task = self.get_object()
        with service_errors():
            task = services.task_done(self.actor, task=task)
        return self.answer(task)

    @row_action(request=CancelSerializer, response=TaskSerializer, id_name="task_id")
    def cancel(self, request, *args, **kwargs):
        """Cancel an open task, saying why. It is kept."""
        task = self.get_object()
        given = CancelSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        reason = given.validated_data["reason"]
        with service_errors():
            task = services.task_cancel(self.actor, task=task, reason=reason)
        return self.answer(task)


ROUTES: list = [("tasks", TaskViewSet, "api-task")]
