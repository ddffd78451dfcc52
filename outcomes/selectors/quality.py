"""Reads of quality checks, for the people who plan and record them.

A check is reached through its network (``network_reach``): a network out
of reach, and another organisation's check, are both "not found"."""

from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.figures.results import QualityResult
from outcomes.models import (
    ChecklistItem,
    QualityAction,
    QualityCheck,
    QualityChecklist,
    QualityFinding,
)


def _reached_checks(actor: Actor) -> QuerySet[QualityCheck]:
    return QualityCheck.objects.filter(
        organisation=actor.organisation, network__in=networks_for_viewer(actor).values("pk")
    )


def checks_for_viewer(actor: Actor) -> QuerySet[QualityCheck]:
    """Checks of the networks in reach, newest visit first, with how many
    findings and open actions each has. One query."""
    require(actor, Permission.VIEW_QUALITY_CHECKS)
    return (
        _reached_checks(actor)
        .select_related("network", "checklist")
        .annotate(
            findings_count=Count("findings", distinct=True),
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        )
        .order_by("-visit_on", "-pk")
    )


def check_get_for_viewer(
    *, actor: Actor, check_id: int, permission: Permission = Permission.VIEW_QUALITY_CHECKS
) -> QualityCheck:
    """One check with its checklist's items, findings, actions and checkers:
    404 when missing, another organisation's or its network out of reach;
    then 403 for a role without ``permission``."""
    check = (
        _reached_checks(actor)
        .filter(pk=check_id)
        .select_related("network", "checklist", "created_by")
        .prefetch_related(
            Prefetch("checklist__items", queryset=ChecklistItem.objects.order_by("position")),
            Prefetch("findings", queryset=QualityFinding.objects.select_related("item")),
            Prefetch(
                "actions",
                queryset=QualityAction.objects.select_related("owner", "finding__item").order_by(
                    F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk"
                ),
            ),
            "checkers",
        )
        .first()
    )
    if check is None:
        raise not_found()
    require(actor, permission)
    return check


def action_get_for_viewer(*, actor: Actor, action_id: int) -> QualityAction:
    action = (
        QualityAction.objects.filter(
            organisation=actor.organisation,
            pk=action_id,
            visit__in=_reached_checks(actor).values("pk"),
        )
        .select_related("visit__network", "owner", "finding__item")
        .first()
    )
    if action is None:
        raise not_found()
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    return action


def open_actions(actor: Actor) -> list[QualityAction]:
    """Actions not yet done, across every check in reach: overdue ones
    first (oldest due first), then the rest by due day, undated last. One
    query."""
    require(actor, Permission.VIEW_QUALITY_CHECKS)
    today = timezone.localdate()
    return list(
        QualityAction.objects.filter(
            organisation=actor.organisation,
            done_on__isnull=True,
            visit__in=_reached_checks(actor).values("pk"),
        )
        .select_related("visit__network", "owner", "finding__item")
        .annotate(
            overdue=Case(
                When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("overdue", F("due_on").asc(nulls_last=True), "pk")
    )


def checks_in_full(actor: Actor) -> QuerySet[QualityCheck]:
    """The checks of the networks ``actor`` reaches, with their checkers,
    findings and actions (newest visit first): the API's list."""
    return (
        QualityCheck.objects.filter(
            organisation=actor.organisation,
            network__in=networks_for_viewer(actor).values("pk"),
        )
        .select_related("network")
        .prefetch_related(
            "checkers",
            Prefetch("findings", queryset=QualityFinding.objects.select_related("item")),
            Prefetch(
                "actions",
                queryset=QualityAction.objects.order_by(
                    F("done_on").asc(nulls_first=True), "due_on", "pk"
                ),
            ),
        )
        .order_by("-visit_on", "-pk")
    )


def active_checklists(organisation) -> QuerySet[QualityChecklist]:
    """The checklists a new check may use, by name."""
    return QualityChecklist.objects.filter(organisation=organisation, is_active=True).order_by(
        "name"
    )


def findings_by_item(check: QualityCheck) -> dict:
    """The findings of ``check``, by checklist item id."""
    return {
        finding.item_id: finding
        for finding in QualityFinding.objects.filter(
            organisation_id=check.organisation_id, visit=check
        )
    }


def checklist_item_ids(checklist: QualityChecklist) -> set[int]:
    return set(
        ChecklistItem.objects.filter(
            organisation_id=checklist.organisation_id, checklist=checklist
        ).values_list("pk", flat=True)
    )


def checklists_for_viewer(actor: Actor) -> QuerySet[QualityChecklist]:
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    return (
        QualityChecklist.objects.filter(organisation=actor.organisation)
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("position")))
        .order_by("-is_active", "name", "pk")
    )


def checklist_get_for_viewer(*, actor: Actor, checklist_id: int) -> QualityChecklist:
    checklist = (
        QualityChecklist.objects.filter(organisation=actor.organisation, pk=checklist_id)
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("position")))
        .first()
    )
    if checklist is None:
        raise not_found()
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    return checklist


def quality_results(*, organisation, networks, start, end) -> QualityResult:
    """Counts for the commissioner reports and the dashboard: visits done
    to ``networks`` (the organisation's) with a visit day from ``start`` to
    ``end``; their findings by rating; their actions done by ``end`` and
    still open at ``end``. Raw counts (suppress small ones before a
    commissioner sees them); no names, no notes. Three queries."""
    checks = QualityCheck.objects.filter(
        organisation=organisation,
        network__in=[n.pk for n in networks],
        status=QualityCheck.Status.DONE,
        visit_on__gte=start,
        visit_on__lte=end,
    )
    ratings = dict.fromkeys(QualityFinding.Rating.values, 0)
    for row in (
        QualityFinding.objects.filter(organisation=organisation, visit__in=checks)
        .values("rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        ratings[row["rating"]] = row["n"]
    actions = QualityAction.objects.filter(organisation=organisation, visit__in=checks).aggregate(
        done=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=end)),
        open=Count("pk", filter=Q(done_on__isnull=True) | Q(done_on__gt=end)),
    )
    return QualityResult(
        checks=checks.count(),
        good=ratings[QualityFinding.Rating.GOOD],
        okay=ratings[QualityFinding.Rating.OKAY],
        needs_work=ratings[QualityFinding.Rating.NEEDS_WORK],
        actions_open=actions["open"],
        actions_done=actions["done"],
    )
