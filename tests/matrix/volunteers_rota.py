"""Role matrix for rotas: a network's week, shifts, patterns, swaps,
availability and time off, hours, calendar links, and their API.

The world's records, made on first use (one in every world would change
what other tests count):

* a shift: the world CLV's evening shift tomorrow (no lone visits), from a
  repeating pattern;
* a swap: the CLV offers that shift to the world's community enabler
  (waiting for a decision);
* an availability row: the CLV's time off next month.

Who reaches what: a network's rota, shifts and patterns are reached by
staff (403 when their role holds no rota permission), as network pages are.
A swap is reached by support managers and the two people in it; an
availability row by its person and support managers; hours by the person
and their support manager. Everyone else gets "not found".
"""

from __future__ import annotations

import datetime

from tests.routes import OTHER_ROUTES, PUBLIC, ROLES, STAFF, A, F, N, network_object, only

ROTA = ["support_manager", "clv", "community_enabler", "connections_volunteer"]
WORKERS = ["clv", "community_enabler", "connections_volunteer"]
MANAGER = ["support_manager"]


def _object(results: dict[str, str]) -> dict[str, str]:
    """Listed roles get their result; everyone else does not reach it."""
    return {role: results.get(role, N) for role in ROLES}


assert set(ROTA) <= set(STAFF)

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    # Pages
    "volunteers_rota:network-rota": {"GET": network_object(ROTA)},
    "volunteers_rota:shift-add": {m: network_object(MANAGER) for m in ("GET", "POST")},
    "volunteers_rota:pattern-add": {m: network_object(MANAGER) for m in ("GET", "POST")},
    "volunteers_rota:pattern-extend": {"POST": network_object(MANAGER)},
    "volunteers_rota:shift-edit": {m: network_object(MANAGER) for m in ("GET", "POST")},
    "volunteers_rota:shift-cancel": {"POST": network_object(MANAGER)},
    # The world's shift is the CLV's: others may pick up only open shifts
    # (they are told it is taken), but it is theirs to try.
    "volunteers_rota:shift-pick-up": {"POST": network_object(WORKERS)},
    "volunteers_rota:shift-worked": {"POST": network_object(["support_manager", "clv"])},
    # Only the person on the shift offers it.
    "volunteers_rota:swap-add": {m: network_object(["clv"]) for m in ("GET", "POST")},
    "volunteers_rota:swaps": {"GET": only(*MANAGER)},
    "volunteers_rota:swap-decide": {
        "POST": _object({"support_manager": A, "clv": F, "community_enabler": F})
    },
    "volunteers_rota:swap-withdraw": {
        "POST": _object({"clv": A, "community_enabler": F, "support_manager": F})
    },
    "volunteers_rota:my-rota": {"GET": only(*WORKERS)},
    "volunteers_rota:availability": {"GET": only(*ROTA)},
    "volunteers_rota:availability-add": {m: only(*WORKERS) for m in ("GET", "POST")},
    "volunteers_rota:availability-remove": {"POST": _object({"clv": A, "support_manager": F})},
    "volunteers_rota:my-hours": {"GET": only(*WORKERS)},
    "volunteers_rota:hours": {"GET": _object({"clv": A, "support_manager": A})},
    "volunteers_rota:calendar": {m: only(*WORKERS) for m in ("GET", "POST")},
    "volunteers_rota:calendar-revoke": {"POST": only(*WORKERS)},
    # API
    "api-shift-list": {"GET": only(*ROTA), "POST": only(*MANAGER)},
    "api-shift-detail": {
        "GET": network_object(ROTA),
        **{m: network_object(MANAGER) for m in ("PUT", "PATCH")},
    },
    "api-shift-cancel": {"POST": network_object(MANAGER)},
    "api-shift-pick-up": {"POST": network_object(WORKERS)},
    "api-availability-list": {"GET": only(*ROTA), "POST": only(*WORKERS)},
    "api-availability-detail": {"GET": _object({"clv": A, "support_manager": A})},
    "api-swap-request-list": {"GET": only(*ROTA), "POST": only(*WORKERS)},
    "api-swap-request-detail": {
        "GET": _object({"support_manager": A, "clv": A, "community_enabler": A})
    },
    "api-swap-request-decide": {
        "POST": _object({"support_manager": A, "clv": F, "community_enabler": F})
    },
    "api-swap-request-withdraw": {
        "POST": _object({"clv": A, "community_enabler": F, "support_manager": F})
    },
}

# The feed is public: the secret in its link is the credential, like a
# login card's. It answers 404 for an unknown or revoked link (tests/test_rota.py).
# (tests/routes.py merges only MATRIX and OBJECT_KWARGS from area files, so
# the rule is added to OTHER_ROUTES here.)
OTHER_ROUTES.setdefault("volunteers_rota:calendar-feed", PUBLIC)


def world_shift(world):
    """The world CLV's evening shift tomorrow, from a weekly pattern."""
    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from volunteers.models import Shift, ShiftPattern
    from volunteers.wording import at_local

    with organisation_scope(world.organisation):
        shift = Shift.objects.filter(network=world.network, worker=world.clv).first()
        if shift is None:
            tomorrow = timezone.localdate() + datetime.timedelta(days=1)
            pattern = ShiftPattern.objects.create(
                organisation=world.organisation,
                network=world.network,
                worker=world.clv,
                kind="evening",
                rrule="FREQ=WEEKLY;BYDAY=" + tomorrow.strftime("%a")[:2].upper(),
                start_time=datetime.time(18),
                minutes=180,
                starts_on=tomorrow,
                lone_visits=False,
            )
            shift = Shift.objects.create(
                organisation=world.organisation,
                network=world.network,
                worker=world.clv,
                kind="evening",
                starts_at=at_local(tomorrow, datetime.time(18)),
                ends_at=at_local(tomorrow, datetime.time(21)),
                lone_visits=False,
                pattern=pattern,
            )
    return shift


def world_swap(world):
    from keyring_net.tenancy import organisation_scope
    from volunteers.models import SwapRequest

    shift = world_shift(world)
    with organisation_scope(world.organisation):
        swap, _ = SwapRequest.objects.get_or_create(
            organisation=world.organisation,
            shift=shift,
            from_worker=world.clv,
            to_worker=world.users["community_enabler"],
        )
    return swap


def world_time_off(world):
    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from volunteers.models import Availability
    from volunteers.wording import at_local

    with organisation_scope(world.organisation):
        row = Availability.objects.filter(worker=world.clv).first()
        if row is None:
            first = timezone.localdate() + datetime.timedelta(days=30)
            row = Availability.objects.create(
                organisation=world.organisation,
                worker=world.clv,
                kind="time_off",
                starts_at=at_local(first, datetime.time(0)),
                ends_at=at_local(first + datetime.timedelta(days=3), datetime.time(0)),
            )
    return row


OBJECT_KWARGS = {
    "shift_id": lambda world: world_shift(world).pk,
    "pattern_id": lambda world: world_shift(world).pattern_id,
    "swap_id": lambda world: world_swap(world).pk,
    "availability_id": lambda world: world_time_off(world).pk,
}
