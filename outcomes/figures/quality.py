"""The quality check figures of a period (see ``outcomes.figures.counting``
for the counting rules)."""

from __future__ import annotations

from django.db.models import Count, Q

from outcomes.figures.results import QualityResult


def quality_result(folder) -> QualityResult:
    """The quality visits done to the folder's networks in the period,
    their findings by rating and their actions; the visits are added to the
    folder's networks as well."""
    from outcomes.models import QualityAction, QualityCheck, QualityFinding

    visits = QualityCheck.objects.filter(
        organisation=folder.org,
        network_id__in=folder.network_ids,
        status=QualityCheck.Status.DONE,
        visit_on__gte=folder.start,
        visit_on__lte=folder.end,
    )
    checks = 0
    for network_id, count in visits.values_list("network_id").annotate(n=Count("pk")).order_by():
        folder.network_checks[network_id] += count
        checks += count
    ratings = QualityFinding.objects.filter(
        organisation=folder.org, visit__in=visits.values("pk")
    ).aggregate(
        good=Count("pk", filter=Q(rating=QualityFinding.Rating.GOOD)),
        okay=Count("pk", filter=Q(rating=QualityFinding.Rating.OKAY)),
        needs_work=Count("pk", filter=Q(rating=QualityFinding.Rating.NEEDS_WORK)),
    )
    actions = QualityAction.objects.filter(
        organisation=folder.org, visit__in=visits.values("pk")
    ).aggregate(
        done=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=folder.end)),
        all=Count("pk"),
    )
    return QualityResult(
        checks=checks,
        good=ratings["good"],
        okay=ratings["okay"],
        needs_work=ratings["needs_work"],
        actions_open=actions["all"] - actions["done"],
        actions_done=actions["done"],
    )
