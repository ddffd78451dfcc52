"""Walking times: the straight-line distance between two homes, stretched by
the organisation's detour factor (real streets wind) and divided by its
walking speed, and a plain-English report of any home that is too far."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# A latitude or longitude as the models store it (Decimal) or as maths gives
# it (float). Both are accepted everywhere.
Number = Decimal | float | int


EARTH_RADIUS_METRES = 6_371_000


def metres_between(lat1: Number, lng1: Number, lat2: Number, lng2: Number) -> float:
    """The straight-line distance in metres between two points, over the
    curve of the Earth (the haversine formula, on a round Earth of radius
    6,371 km). Over a few kilometres this is within a few metres of the
    surveyors' figure, far closer than anyone walks."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lng2) - float(lng1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def walking_minutes(metres: Number, *, detour_factor: Number, speed_kmh: Number) -> int:
    """Whole minutes to walk a straight-line distance, rounded up.

    Streets are never straight, so the distance is first multiplied by the
    organisation's detour factor (1.3 means a third longer), then walked at
    its chosen pace. Rounding up means "15 minutes" is never an
    underestimate.
    """
    metres, detour, speed = float(metres), float(detour_factor), float(speed_kmh)
    if metres < 0:
        raise ValueError("A distance cannot be negative.")
    if detour <= 0 or speed <= 0:
        raise ValueError("The detour factor and walking speed must be more than 0.")
    minutes = metres * detour / (speed * 1000 / 60)
    # Round off float noise first, so exactly 15 minutes is not "16".
    return math.ceil(round(minutes, 6))


@dataclass
class Neighbour:
    """Another home in the network, seen from the home being checked."""

    label: str
    metres: int
    minutes: int
    is_clv_home: bool
    beyond: bool

    @property
    def name(self) -> str:
        """How the home is named in sentences: the CLV's home is always
        "the CLV's home", whatever its address."""
        return "the CLV's home" if self.is_clv_home else self.label


@dataclass
class WalkReport:
    """How far a home is on foot from the network's other homes."""

    neighbours: list[Neighbour]
    threshold_minutes: int
    furthest: Neighbour | None
    beyond: list[Neighbour]
    # Labels of other homes with no position yet, so they were not measured.
    unlocated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One or two short sentences for staff, for example "Every home in
        the network is within 9 minutes' walk." or "1 home is more than 15
        minutes' walk away: the CLV's home (28 minutes)."."""
        if not self.neighbours and not self.unlocated:
            return "This is the network's first home."
        if not self.neighbours:
            return (
                "No other home in the network has a location yet, "
                "so walking times cannot be worked out."
            )
        if self.beyond:
            count = len(self.beyond)
            homes = "1 home is" if count == 1 else f"{count} homes are"
            listed = ", ".join(f"{n.name} ({_minutes(n.minutes)})" for n in self.beyond)
            first = f"{homes} more than {_walk(self.threshold_minutes)} away: {listed}."
        else:
            longest = max(max(n.minutes for n in self.neighbours), 1)
            who = "Every home with a location" if self.unlocated else "Every home in the network"
            first = f"{who} is within {_walk(longest)}."
        if not self.unlocated:
            return first
        if len(self.unlocated) == 1:
            return f"{first} 1 home has no location yet, so it is not counted."
        return f"{first} {len(self.unlocated)} homes have no location yet, so they are not counted."


def _minutes(count: int) -> str:
    count = max(count, 1)  # "0 minutes" reads oddly: a few steps away is "1 minute"
    return "1 minute" if count == 1 else f"{count} minutes"


def _walk(count: int) -> str:
    return "1 minute's walk" if count == 1 else f"{count} minutes' walk"


OtherHome = tuple[str, Number | None, Number | None, bool]


def walk_report(
    latitude: Number,
    longitude: Number,
    *,
    others: Sequence[OtherHome],
    threshold_minutes: int,
    detour_factor: Number,
    speed_kmh: Number,
) -> WalkReport:
    """Measure one home against the network's other homes.

    ``others`` holds one (label, latitude, longitude, is_clv_home) for each
    other home; the label is how staff know it, usually the first line of
    the address. Homes with no position yet are left out of the figures and
    the summary says how many. A home is flagged ("beyond") when the walk is
    longer than ``threshold_minutes``: exactly the threshold is fine.
    Pass the organisation's own ``walking_detour_factor`` and
    ``walking_speed_kmh`` and the network's ``walking_threshold_minutes``.
    """
    if latitude is None or longitude is None:
        raise ValueError("The home being checked needs a location.")
    neighbours: list[Neighbour] = []
    unlocated: list[str] = []
    for label, lat, lng, is_clv_home in others:
        if lat is None or lng is None:
            unlocated.append(label)
            continue
        metres = metres_between(latitude, longitude, lat, lng)
        minutes = walking_minutes(metres, detour_factor=detour_factor, speed_kmh=speed_kmh)
        neighbours.append(
            Neighbour(
                label=label,
                metres=round(metres),
                minutes=minutes,
                is_clv_home=is_clv_home,
                beyond=minutes > threshold_minutes,
            )
        )
    furthest = max(neighbours, key=lambda n: n.metres, default=None)
    beyond = sorted((n for n in neighbours if n.beyond), key=lambda n: -n.minutes)
    return WalkReport(
        neighbours=neighbours,
        threshold_minutes=threshold_minutes,
        furthest=furthest,
        beyond=beyond,
        unlocated=unlocated,
    )
