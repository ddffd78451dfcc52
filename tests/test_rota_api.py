"""The rota API (/api/v1/shifts/, /availability/, /swap-requests/) against
the real database: UK times across the clock changes, 400s that name the
field and say what is wrong, swaps and open shifts, constant query counts,
and other organisations' rows answering "not found".

The pages' side of the same rules is in tests/test_rota.py, whose helpers
this file shares.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.dateparse import parse_datetime

from dashboards.selectors import dashboard_for
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from tests.helpers import assert_constant_queries, pinned
from tests.test_rota import (
    AUTUMN,
    BEFORE_MONDAY,
    LONDON,
    MONDAY,
    SIX_PM,
    SPRING,
    UTC,
    actor_of,
    add_shift,
    clear,
    covered_week,
    gap_count,
    name_people,
    rota_world,
    sign_in,
)
from volunteers.models import Availability, Shift, SwapRequest
from volunteers.services import swaps
from volunteers.wording import at_local

pytestmark = pytest.mark.django_db

SHIFTS = "/api/v1/shifts/"
AVAILABILITY = "/api/v1/availability/"
SWAPS = "/api/v1/swap-requests/"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def errors_of(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    assert body["detail"] == "Some of what was sent is not right."
    return body["errors"]


def new_shift(world, day, start="18:00", end="22:00", worker=None, **extra) -> dict:
    """A shift as the API takes it, in UK time without an offset."""
    data = {
        "network": world.network.pk,
        "kind": "evening",
        "starts_at": f"{day:%Y-%m-%d}T{start}:00",
        "ends_at": f"{day:%Y-%m-%d}T{end}:00",
        "worker": worker.pk if worker else None,
        "notes": "Typed note",
    }
    data.update(extra)
    return data


def count(world, model, **filters) -> int:
    with organisation_scope(world.organisation):
        return model.objects.filter(**filters).count()


# --- 1. UK times across the clock changes ------------------------------------------------------


def test_times_without_an_offset_are_uk_time_on_both_sides_of_the_changes(client, org_a):
    rota_world(org_a)
    sign_in(client, org_a.manager)
    days = [
        SPRING - datetime.timedelta(weeks=1),
        SPRING,
        AUTUMN - datetime.timedelta(weeks=1),
        AUTUMN,
    ]
    for day in days:
        made = post(client, SHIFTS, new_shift(org_a, day, worker=org_a.clv))
        assert made.status_code == 201, made.content
    listed = client.get(f"{SHIFTS}?from=2026-03-01&to=2026-10-31").json()["results"]
    assert len(listed) == 4
    for row, day in zip(listed, days, strict=True):
        starts, ends = parse_datetime(row["starts_at"]), parse_datetime(row["ends_at"])
        assert starts.astimezone(LONDON).time() == SIX_PM and starts.date() == day
        assert ends - starts == datetime.timedelta(hours=4)
        summer = SPRING <= day < AUTUMN
        assert starts.astimezone(UTC).hour == (17 if summer else 18)
        assert row["when"] == f"from 6pm to 10pm on {day:%A} {day.day} {day:%B}"
    # With an explicit offset, the instant is kept: 17:00Z in summer is 6pm.
    explicit = post(
        client,
        SHIFTS,
        new_shift(org_a, datetime.date(2026, 7, 1), worker=None)
        | {"starts_at": "2026-07-01T17:00:00Z", "ends_at": "2026-07-01T21:00:00Z"},
    ).json()
    assert explicit["when"] == "from 6pm to 10pm on Wednesday 1 July"
    # The day filters are UK days: a shift at 00:30 on 1 June (BST) is on 1 June.
    late = post(
        client,
        SHIFTS,
        new_shift(org_a, datetime.date(2026, 6, 1), "00:30", "03:00", worker=None),
    ).json()
    assert late["starts_at"].startswith("2026-06-01T00:30:00+01:00")
    on_day = client.get(f"{SHIFTS}?from=2026-06-01&to=2026-06-01").json()["results"]
    assert [row["id"] for row in on_day] == [late["id"]]


# --- 2. Bad input: 400 with the field and what is wrong ----------------------------------------


def test_a_shift_ending_before_it_starts_is_a_400_on_ends_at(client, org_a):
    rota_world(org_a)
    sign_in(client, org_a.manager)
    response = post(client, SHIFTS, new_shift(org_a, MONDAY, "22:00", "18:00", org_a.clv))
    assert errors_of(response) == {"ends_at": ["The shift must end after it starts."]}
    missing = post(client, SHIFTS, {"network": org_a.network.pk})
    assert errors_of(missing) == {
        "kind": ["Choose the kind of shift."],
        "starts_at": ["Enter when the shift starts."],
        "ends_at": ["Enter when the shift ends."],
    }
    assert count(org_a, Shift) == 0


def test_overlapping_shifts_for_one_person_are_a_400_on_worker(client, org_a):
    rota_world(org_a)
    first = add_shift(org_a, MONDAY)
    sign_in(client, org_a.manager)
    response = post(client, SHIFTS, new_shift(org_a, MONDAY, "21:00", "23:00", org_a.clv))
    assert errors_of(response) == {
        "worker": ["Joanne already has a shift from 6pm to 10pm on Monday 2 March."]
    }
    # Moving another of her shifts onto it is refused the same way (PATCH).
    second = add_shift(org_a, MONDAY + datetime.timedelta(days=1))
    moved = client.patch(
        f"{SHIFTS}{second.pk}/",
        {
            "starts_at": f"{MONDAY:%Y-%m-%d}T19:00:00",
            "ends_at": f"{MONDAY:%Y-%m-%d}T20:00:00",
        },
        content_type="application/json",
    )
    assert errors_of(moved) == {
        "worker": ["Joanne already has a shift from 6pm to 10pm on Monday 2 March."]
    }
    # A PATCH that changes only the notes keeps the worker and times.
    noted = client.patch(
        f"{SHIFTS}{first.pk}/", {"notes": "Keys in the box"}, content_type="application/json"
    )
    assert noted.status_code == 200, noted.content
    assert (noted.json()["worker"], noted.json()["notes"]) == (org_a.clv.pk, "Keys in the box")
    assert count(org_a, Shift, worker=org_a.clv) == 2


def test_someone_not_cleared_is_a_400_naming_the_reason(client, org_a):
    name_people(org_a)
    clear(org_a, org_a.clv)
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    clear(org_a, priya, kind="community_enabler", dbs_until=datetime.date(2026, 2, 28))
    sam = org_a.users[Role.CONNECTIONS_VOLUNTEER]
    clear(org_a, sam, kind="connections_volunteer", skip=("Lone Working", "Safeguarding"))
    sign_in(client, org_a.manager)
    assigned = post(client, SHIFTS, new_shift(org_a, MONDAY, worker=sam))
    assert errors_of(assigned) == {
        "worker": [
            "Sam cannot be put on lone visits: Lone Working training not done. "
            "Safeguarding training not done."
        ]
    }
    # A swap to Priya, whose DBS check ran out, is refused on to_worker.
    shift = add_shift(org_a, MONDAY)
    with time_machine.travel(BEFORE_MONDAY):
        sign_in(client, org_a.clv)
        swap = post(client, SWAPS, {"shift": shift.pk, "to_worker": priya.pk, "reason": "Away"})
    assert errors_of(swap) == {
        "to_worker": ["Priya cannot be put on lone visits: DBS check ran out on 28 February 2026."]
    }
    assert count(org_a, SwapRequest) == 0


def test_time_off_ending_before_it_starts_is_a_400(client, org_a):
    rota_world(org_a)
    sign_in(client, org_a.clv)
    response = post(
        client,
        AVAILABILITY,
        {"kind": "time_off", "starts_at": "2026-03-03T00:00:00", "ends_at": "2026-03-02T00:00:00"},
    )
    assert errors_of(response) == {"ends_at": ["The end must be after the start."]}


# --- 3. Swaps, open shifts, and who decides ----------------------------------------------------


def test_a_swap_approved_through_the_api_closes_the_gap(client, org_a):
    rota_world(org_a)
    clear(org_a, org_a.users[Role.CONNECTIONS_VOLUNTEER], kind="connections_volunteer")
    covered_week(org_a, skip=(2,))
    wednesday = MONDAY + datetime.timedelta(days=2)
    for offset in (0, 1, 3):
        day = MONDAY + datetime.timedelta(days=offset)
        add_shift(org_a, day, datetime.time(9), datetime.time(13), kind="clv")
    shift = add_shift(org_a, wednesday, worker="connections_volunteer")
    with organisation_scope(org_a.organisation):
        Availability.objects.create(
            organisation=org_a.organisation,
            worker=org_a.users[Role.CONNECTIONS_VOLUNTEER],
            kind="time_off",
            starts_at=at_local(wednesday, datetime.time(0)),
            ends_at=at_local(wednesday + datetime.timedelta(days=1), datetime.time(0)),
        )
    before = gap_count(org_a)
    with time_machine.travel(BEFORE_MONDAY):
        sign_in(client, org_a.users[Role.CONNECTIONS_VOLUNTEER])
        made = post(client, SWAPS, {"shift": shift.pk, "to_worker": org_a.clv.pk})
        assert made.status_code == 201, made.content
        swap_id = made.json()["id"]
        # The person who asked, the colleague and the manager see it; only
        # the manager decides.
        for role in (Role.CONNECTIONS_VOLUNTEER, Role.CLV):
            sign_in(client, org_a.users[role])
            assert [row["id"] for row in client.get(SWAPS).json()["results"]] == [swap_id]
            refused = post(client, f"{SWAPS}{swap_id}/decide/", {"decision": "approve"})
            assert refused.status_code == 403
        sign_in(client, org_a.users[Role.COMMUNITY_ENABLER])
        assert client.get(SWAPS).json()["results"] == []
        assert post(client, f"{SWAPS}{swap_id}/decide/", {"decision": "approve"}).status_code == (
            404
        )
        sign_in(client, org_a.manager)
        assert errors_of(post(client, f"{SWAPS}{swap_id}/decide/", {"decision": "maybe"})) == {
            "decision": ['"maybe" is not a valid choice.']
        }
        decided = post(client, f"{SWAPS}{swap_id}/decide/", {"decision": "approve"})
        assert decided.status_code == 200, decided.content
        assert decided.json()["status"] == "approved"
        assert decided.json()["decided_by"] == org_a.manager.pk
        assert client.get(f"{SHIFTS}{shift.pk}/").json()["worker"] == org_a.clv.pk
        again = post(client, f"{SWAPS}{swap_id}/decide/", {"decision": "decline"})
        assert errors_of(again) == {"non_field_errors": ["This swap is already approved."]}
    assert gap_count(org_a) == before - 2


def test_a_swap_withdrawn_through_the_api(client, org_a):
    rota_world(org_a)
    shift = add_shift(org_a, MONDAY)
    with time_machine.travel(BEFORE_MONDAY):
        with organisation_scope(org_a.organisation):
            swap = swaps.swap_request(
                actor=actor_of(org_a), shift=shift, to_worker=org_a.users[Role.COMMUNITY_ENABLER]
            )
        sign_in(client, org_a.users[Role.COMMUNITY_ENABLER])  # offered it, not theirs
        assert post(client, f"{SWAPS}{swap.pk}/withdraw/").status_code == 403
        sign_in(client, org_a.clv)
        withdrawn = post(client, f"{SWAPS}{swap.pk}/withdraw/")
        assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
        # Now it can be offered again.
        again = post(
            client, SWAPS, {"shift": shift.pk, "to_worker": org_a.users[Role.COMMUNITY_ENABLER].pk}
        )
        assert again.status_code == 201
        twice = post(
            client, SWAPS, {"shift": shift.pk, "to_worker": org_a.users[Role.COMMUNITY_ENABLER].pk}
        )
        assert errors_of(twice) == {
            "non_field_errors": [
                "This shift is already offered to Priya. Withdraw that offer first."
            ]
        }


def test_picking_up_an_open_shift_through_the_api_fills_the_gap(client, org_a):
    rota_world(org_a)
    covered_week(org_a, skip=(4,))
    for offset in (0, 1, 3):
        day = MONDAY + datetime.timedelta(days=offset)
        add_shift(org_a, day, datetime.time(9), datetime.time(13), kind="clv")
    open_shift = add_shift(org_a, MONDAY + datetime.timedelta(days=4), worker=None)
    assert gap_count(org_a) == 1
    # Monday morning: the dashboard's coming seven days are that week.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, tzinfo=UTC)):
        sign_in(client, org_a.manager)
        with organisation_scope(org_a.organisation):
            board = dashboard_for(actor_of(org_a, Role.SUPPORT_MANAGER))
        assert board.rota_gap_count == 1
        sign_in(client, org_a.users[Role.COMMUNITY_ENABLER])
        picked = post(client, f"{SHIFTS}{open_shift.pk}/pick-up/")
        assert picked.status_code == 200 and picked.json()["worker"] == (
            org_a.users[Role.COMMUNITY_ENABLER].pk
        )
        sign_in(client, org_a.clv)
        late = post(client, f"{SHIFTS}{open_shift.pk}/pick-up/")
        assert errors_of(late) == {
            "non_field_errors": ["Someone has already picked up this shift."]
        }
        with organisation_scope(org_a.organisation):
            board = dashboard_for(actor_of(org_a, Role.SUPPORT_MANAGER))
        assert board.rota_gap_count == 0
    assert gap_count(org_a) == 0


def test_only_managers_add_change_and_cancel_shifts(client, org_a):
    rota_world(org_a)
    shift = add_shift(org_a, MONDAY)
    sign_in(client, org_a.clv)
    assert post(client, SHIFTS, new_shift(org_a, MONDAY, worker=None)).status_code == 403
    assert post(client, f"{SHIFTS}{shift.pk}/cancel/").status_code == 403
    changed = client.patch(f"{SHIFTS}{shift.pk}/", {"notes": "x"}, content_type="application/json")
    assert changed.status_code == 403
    sign_in(client, org_a.manager)
    cancelled = post(client, f"{SHIFTS}{shift.pk}/cancel/", {"reason": "Snow"})
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["notes"] == (
        "Cancelled: Snow"
    )
    assert errors_of(post(client, f"{SHIFTS}{shift.pk}/cancel/")) == {
        "non_field_errors": ["This shift is already cancelled."]
    }


# --- 7. Query counts ---------------------------------------------------------------------------


def fill_rota(world, n: int) -> None:
    """Up to ``n`` shifts in the world's network (mixed workers, some open),
    with a pending swap and a time-off row for each worked-on one."""
    workers = [world.clv, world.users[Role.COMMUNITY_ENABLER], None]
    with organisation_scope(world.organisation):
        have = Shift.objects.filter(network=world.network).count()
        for i in range(have, n):
            start = at_local(MONDAY, datetime.time(6)) + datetime.timedelta(minutes=7 * i)
            worker = workers[i % 3]
            shift = Shift.objects.create(
                organisation=world.organisation,
                network=world.network,
                worker=worker,
                kind=Shift.Kind.values[i % 4],
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=5),
            )
            if worker is not None:
                SwapRequest.objects.create(
                    organisation=world.organisation,
                    shift=shift,
                    from_worker=worker,
                    to_worker=workers[(i + 1) % 2],
                )
                Availability.objects.create(
                    organisation=world.organisation,
                    worker=worker,
                    kind=["time_off", "available"][i % 2],
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                )


@pytest.mark.parametrize(
    ("url", "role", "sqlite_count"),
    [
        (SHIFTS, Role.SUPPORT_MANAGER, 5),
        (SHIFTS, Role.CLV, 5),
        (AVAILABILITY, Role.SUPPORT_MANAGER, 5),
        (AVAILABILITY, Role.CLV, 5),
        (SWAPS, Role.SUPPORT_MANAGER, 5),
        (SWAPS, Role.CLV, 5),
    ],
)
def test_api_lists_read_a_fixed_number_of_queries(client, org_a, url, role, sqlite_count):
    rota_world(org_a)

    def fetch():
        response = client.get(f"{url}?page_size=200")
        assert response.status_code == 200
        assert response.json()["count"] > 0

    sign_in(client, org_a.users[role])
    assert assert_constant_queries(lambda n: fill_rota(org_a, n), fetch) == pinned(sqlite_count)


# --- 8. Another organisation's rows are "not found" ------------------------------------------


def test_another_organisations_shift_and_swap_are_not_found_in_the_api(client, org_a, org_b):
    rota_world(org_a)
    rota_world(org_b)
    with time_machine.travel(BEFORE_MONDAY):
        theirs = add_shift(org_b, MONDAY)
        open_theirs = add_shift(org_b, MONDAY + datetime.timedelta(days=1), worker=None)
        with organisation_scope(org_b.organisation):
            swap = swaps.swap_request(
                actor=actor_of(org_b), shift=theirs, to_worker=org_b.users[Role.COMMUNITY_ENABLER]
            )
            time_off = Availability.objects.create(
                organisation=org_b.organisation,
                worker=org_b.clv,
                kind="time_off",
                starts_at=at_local(MONDAY, datetime.time(0)),
                ends_at=at_local(MONDAY, datetime.time(12)),
            )
        add_shift(org_a, MONDAY)
        sign_in(client, org_a.manager)
        for url in (
            f"{SHIFTS}{theirs.pk}/",
            f"{SWAPS}{swap.pk}/",
            f"{AVAILABILITY}{time_off.pk}/",
        ):
            assert client.get(url).status_code == 404, url
        assert client.patch(
            f"{SHIFTS}{theirs.pk}/", {"notes": "x"}, content_type="application/json"
        ).status_code == (404)
        assert post(client, f"{SHIFTS}{theirs.pk}/cancel/").status_code == 404
        assert post(client, f"{SWAPS}{swap.pk}/decide/", {"decision": "approve"}).status_code == (
            404
        )
        # Their network and people are "Not found." as ids, too.
        sent = post(client, SHIFTS, new_shift(org_b, MONDAY, worker=org_b.clv))
        assert errors_of(sent) == {"network": ["Not found."], "worker": ["Not found."]}
        # Lists carry names with the organisation's marker: none of B's.
        assert client.get(SHIFTS).json()["count"] == 1
        for url in (SHIFTS, SWAPS, AVAILABILITY):
            assert org_b.marker not in client.get(url).content.decode(), url
        sign_in(client, org_a.clv)
        assert post(client, f"{SHIFTS}{open_theirs.pk}/pick-up/").status_code == 404
        assert post(client, f"{SWAPS}{swap.pk}/withdraw/").status_code == 404
        offered = post(
            client, SWAPS, {"shift": theirs.pk, "to_worker": org_a.users[Role.COMMUNITY_ENABLER].pk}
        )
        assert errors_of(offered) == {"shift": ["Not found."]}
    with organisation_scope(org_b.organisation):
        theirs.refresh_from_db()
        open_theirs.refresh_from_db()
        swap.refresh_from_db()
    assert (theirs.status, theirs.notes, open_theirs.worker, swap.status) == (
        "planned",
        "",
        None,
        "pending",
    )
