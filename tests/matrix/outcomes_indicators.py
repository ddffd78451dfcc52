"""Role matrix entries for members' outcome indicators (pages and API):
the care roles record and withdraw them for the members they reach; a
connections volunteer and the member reach the member but may not (403)."""

from __future__ import annotations

from tests.routes import CARE, member_object, only

MATRIX = {
    "outcomes_figures:member-indicators": {m: member_object(CARE) for m in ("GET", "POST")},
    "outcomes_figures:indicator-withdraw": {"POST": member_object(CARE)},
    "api-outcome-indicator-list": {m: only(*CARE) for m in ("GET", "POST")},
    "api-outcome-indicator-detail": {"GET": member_object(CARE)},
    "api-outcome-indicator-withdraw": {"POST": member_object(CARE)},
}


def _indicator_id(world) -> int:
    """The world member's indicator, made on first use: one in every world
    would change what other tests count."""
    import datetime

    from django_scopes import scopes_disabled

    from outcomes.models import OutcomeIndicator

    with scopes_disabled():
        row = OutcomeIndicator.objects.filter(member=world.member).order_by("pk").first()
        if row is None:
            row = OutcomeIndicator.objects.create(
                organisation=world.organisation,
                member=world.member,
                kind=OutcomeIndicator.Kind.WORK,
                happened_on=datetime.date(2026, 10, 1),
                note=f"Indicator {world.marker}",
                recorded_by=world.clv,
            )
        return row.pk


OBJECT_KWARGS = {"indicator_id": _indicator_id}
