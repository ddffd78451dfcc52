"""Role matrix entries for tasks and the caseload.

Everyone who works with members (organisation admins, support managers,
CLVs, community enablers, connections volunteers) has a caseload and adds
tasks; quality checkers, members and commissioners are refused (403). The
world's task is the CLV's, about the world's member: the admin (the
organisation's), the support manager (the cluster's), the CLV (its owner)
and the community enabler (the network's) reach it; the connections
volunteer, who sees only their own tasks, and everyone else do not (404).
"""

from tests.routes import ROLES, A, N, member_object, only

WORKERS = ("org_admin", "support_manager", "clv", "community_enabler", "connections_volunteer")
REACH = ("org_admin", "support_manager", "clv", "community_enabler")
BOTH = ("GET", "POST")


def task_object() -> dict[str, str]:
    return {role: A if role in REACH else N for role in ROLES}


MATRIX = {
    "tasks:caseload": {"GET": only(*WORKERS)},
    "tasks:add": {m: only(*WORKERS) for m in BOTH},
    "tasks:detail": {"GET": task_object()},
    "tasks:change": {m: task_object() for m in BOTH},
    "tasks:done": {"POST": task_object()},
    "tasks:cancel": {m: task_object() for m in BOTH},
    "tasks:member": {
        "GET": member_object(
            ["support_manager", "clv", "community_enabler", "connections_volunteer"]
        )
    },
    # The API
    "api-task-list": {m: only(*WORKERS) for m in BOTH},
    "api-task-detail": {m: task_object() for m in ("GET", "PUT", "PATCH")},
    "api-task-done": {"POST": task_object()},
    "api-task-cancel": {"POST": task_object()},
}


def world_task(world):
    """The CLV's task about the world's member, made on first use (looked
    up, not kept: the matrix rolls back)."""
    import datetime

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from casework.models import Task
    from casework.services.tasks import task_create
    from keyring_net.actors import Actor

    with scopes_disabled():
        task = Task.objects.filter(
            organisation=world.organisation, title=f"Task {world.marker}"
        ).first()
        if task is None:
            actor = Actor.for_user(world.clv, world.organisation.pk)
            task = task_create(
                actor,
                title=f"Task {world.marker}",
                owner=world.clv,
                due_on=timezone.localdate() + datetime.timedelta(days=2),
                member=world.member,
                source_kind="contact",
                source_id=world.records["contact"].pk,
                source_link=f"/members/{world.member.pk}/",
            )
    return task


OBJECT_KWARGS = {"task_id": lambda world: world_task(world).pk}
