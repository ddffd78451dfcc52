"""Role matrix entries for quality checks.

Organisation admins, support managers and quality checkers plan and record
checks; other staff are refused (403) on a check of a network they work in;
members and commissioners reach no check at all (404). Another
organisation's check, action or checklist is not found (404).
"""

from tests.routes import network_object, only

QUALITY = ("org_admin", "support_manager", "quality_checker")
BOTH = ("GET", "POST")

MATRIX = {
    "quality:list": {"GET": only(*QUALITY)},
    "quality:check-add": {m: only(*QUALITY) for m in BOTH},
    "quality:actions": {"GET": only(*QUALITY)},
    "quality:checklists": {m: only(*QUALITY) for m in BOTH},
    "quality:checklist": {m: only(*QUALITY) for m in BOTH},
    "quality:check": {m: network_object(list(QUALITY)) for m in BOTH},
    "quality:action-add": {m: network_object(list(QUALITY)) for m in BOTH},
    "quality:action-done": {m: network_object(list(QUALITY)) for m in BOTH},
    # The API
    "api-quality-check-list": {m: only(*QUALITY) for m in BOTH},
    "api-quality-check-detail": {"GET": network_object(list(QUALITY))},
}


def _world_check(world):
    """A visit to the world's network with one finding and one open action,
    made on first use (looked up, not kept: the matrix rolls back)."""
    import datetime

    from django_scopes import scopes_disabled

    from keyring_net.actors import Actor
    from outcomes.models import QualityCheck
    from outcomes.services import quality as services

    with scopes_disabled():
        check = QualityCheck.objects.filter(
            organisation=world.organisation, other_checkers=f"Visitor {world.marker}"
        ).first()
        if check is None:
            actor = Actor.for_user(world.users["quality_checker"], world.organisation.pk)
            checklist = services.ensure_default_checklist(world.organisation)
            check = services.check_plan(
                actor=actor,
                network=world.network,
                checklist=checklist,
                visit_on=datetime.date(2026, 10, 1),
                other_checkers=f"Visitor {world.marker}",
            )
            item = checklist.items.order_by("position").first()
            services.check_record(
                actor=actor,
                check=check,
                findings=[services.FindingInput(item.pk, "needs_work", f"Note {world.marker}")],
            )
            services.action_add(actor=actor, check=check, text=f"Action {world.marker}")
    return check


def world_check(world) -> int:
    return _world_check(world).pk


def world_action(world) -> int:
    from django_scopes import scopes_disabled

    check = _world_check(world)
    with scopes_disabled():
        return check.actions.order_by("pk").first().pk


def world_checklist(world) -> int:
    from django_scopes import scopes_disabled

    from outcomes.services.quality import ensure_default_checklist

    with scopes_disabled():
        return ensure_default_checklist(world.organisation).pk


OBJECT_KWARGS = {
    "quality_check_id": world_check,
    "quality_action_id": world_action,
    "checklist_id": world_checklist,
}
