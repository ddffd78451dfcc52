"""Small-number suppression (outcomes/disclosure.py): no count from 1 to the
threshold is ever shown, and no shown total minus shown parts gives one
away."""

from __future__ import annotations

import random
from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest

from outcomes.disclosure import NOT_SHOWN, TOTAL_NAME, suppress
from outcomes.figures.labels import COUNT_FIELDS
from outcomes.figures.results import (
    AreaProgress,
    ChoiceCount,
    NetworkFigures,
    OutcomeFigures,
    QualityResult,
    QuestionResult,
    SurveyResult,
)

COUNTS = [name for name, _ in COUNT_FIELDS]


def network(name: str, supported: int, lost: int = 0, **counts) -> NetworkFigures:
    return NetworkFigures(
        name=name,
        members_supported=supported,
        tenancy_lost=lost,
        tenancy_sustained=supported - lost,
        **counts,
    )


def add_up(rows: list[NetworkFigures]) -> NetworkFigures:
    values = {}
    for f in fields(NetworkFigures):
        if f.name != "name" and f.default is not None:
            values[f.name] = sum((getattr(r, f.name) for r in rows), start=f.default * 0)
    return NetworkFigures(name="All", **values)


def figures_of(rows, **extra) -> OutcomeFigures:
    return OutcomeFigures(
        start=date(2026, 7, 1),
        end=date(2026, 9, 30),
        networks=tuple(r.name for r in rows),
        total=add_up(rows),
        by_network=tuple(rows),
        **extra,
    )


def test_small_counts_are_fewer_than_8_and_zero_stays_zero():
    shown = suppress(figures_of([network("Ancoats", 50, lost=2, work=0, learning=12)]), 7)
    total = shown["rows"][0]
    assert total["name"] == TOTAL_NAME
    assert total["values"]["members_supported"] == 50
    assert total["values"]["tenancy_lost"] == "fewer than 8"
    # 50 - 48 would give the 2 away: sustained is a bound that says nothing more.
    assert total["values"]["tenancy_sustained"] == "at least 43"
    assert total["values"]["work"] == 0
    assert total["values"]["learning"] == 12
    assert total["values"]["tenancy_sustained_percent"] == NOT_SHOWN
    assert shown["suppressed_label"] == "fewer than 8"


def test_the_threshold_is_the_organisations():
    rows = [network("Ancoats", 30, lost=9)]
    assert suppress(figures_of(rows), 7)["rows"][0]["values"]["tenancy_lost"] == 9
    shown = suppress(figures_of(rows), 10)["rows"][0]["values"]
    assert shown["tenancy_lost"] == "fewer than 11"
    assert shown["tenancy_sustained"] == "at least 20"


def test_a_network_cannot_be_worked_out_from_the_total_and_the_others():
    rows = [network("A", 20, work=10), network("B", 20, work=9), network("C", 20, work=3)]
    shown = suppress(figures_of(rows), 7)
    work = [row["values"]["work"] for row in shown["rows"]]
    assert work[0] == 22  # all networks
    assert work[3] == "fewer than 8"  # C
    # One more network is hidden, so 22 - 10 - 9 cannot be done.
    assert sorted(map(str, work[1:3])) == ["9", NOT_SHOWN]


def test_two_small_cells_that_must_both_be_one_are_protected():
    rows = [network("A", 20, work=1), network("B", 20, work=1), network("C", 20, work=10)]
    shown = suppress(figures_of(rows), 7)
    work = [row["values"]["work"] for row in shown["rows"]]
    assert work[1] == work[2] == "fewer than 8"
    # 12 - 10 = 2 over two hidden cells would say both are 1: C is hidden too.
    assert work[0] == 12 and work[3] == NOT_SHOWN


def test_one_network_alone_matches_its_total():
    shown = suppress(figures_of([network("Solo", 5, lost=1)]), 7)
    total, solo = shown["rows"]
    assert total["values"] == solo["values"]
    assert total["values"]["members_supported"] == "fewer than 8"
    assert total["values"]["support_hours_start"] == NOT_SHOWN


def test_hours_and_averages_only_for_more_than_the_threshold():
    rows = [
        network("A", 20, support_hours_start=Decimal("40.5")),
        network("B", 3, support_hours_start=Decimal("9")),
    ]
    areas = (
        AreaProgress("Home", 12, Decimal("4.25"), Decimal("6.5")),
        AreaProgress("Money", 3, Decimal("2"), Decimal("8")),
    )
    shown = suppress(figures_of(rows, star_areas=areas), 7)
    hours = [row["values"]["support_hours_start"] for row in shown["rows"]]
    # B's 9 hours are hidden, and so is the total, else 49.5 - 40.5 gives B away.
    assert hours[2] == NOT_SHOWN
    assert NOT_SHOWN in hours[:2]
    home, money = shown["star_areas"]
    assert home == {
        "name": "Home",
        "members": 12,
        "first_average": "4.3",
        "latest_average": "6.5",
        "change": "+2.3",
    }
    assert money["members"] == "fewer than 8" and money["latest_average"] == NOT_SHOWN


def test_survey_answers_are_suppressed_and_free_text_left_out():
    question = QuestionResult(
        "Do you feel safe at home?",
        "faces",
        (ChoiceCount("Happy", "happy", 20), ChoiceCount("Sad", "sad", 2)),
        answered=22,
        average_score=Decimal("4.6"),
    )
    text = QuestionResult("Anything else?", "text", (), answered=9, average_score=None)
    survey = SurveyResult("Summer survey", invited=30, answered=22, questions=(question, text))
    quality = QualityResult(checks=2, good=10, okay=0, needs_work=3, actions_open=8, actions_done=0)
    shown = suppress(figures_of([network("A", 30)], surveys=(survey,), quality=quality), 7)
    (s,) = shown["surveys"]
    assert [q["text"] for q in s["questions"]] == ["Do you feel safe at home?"]
    happy, sad = s["questions"][0]["choices"]
    assert sad["count"] == "fewer than 8" and happy["count"] == "at least 15"
    assert happy["percent"] == NOT_SHOWN and s["questions"][0]["average_score"] == "4.6"
    assert shown["quality"] == {
        "checks": "fewer than 8",
        "good": 10,
        "okay": 0,
        "needs_work": "fewer than 8",
        "actions_open": 8,
        "actions_done": 0,
    }


def _random_figures(rng: random.Random) -> OutcomeFigures:
    rows = []
    for index in range(rng.randint(1, 6)):
        supported = rng.choice([0, 1, 2, 5, 8, 9, 10, 12, 15, 30, rng.randint(0, 60)])
        lost = rng.randint(0, min(supported, rng.choice([0, 1, 3, 8, 20])))
        counts = {name: rng.randint(0, max(supported, 1)) for name in COUNTS[5:]}
        counts["support_hours_start"] = Decimal(rng.randint(0, 200)) / 2
        rows.append(network(f"Network {index}", supported, lost=lost, **counts))
    question = QuestionResult(
        "How are we doing?",
        "faces",
        tuple(ChoiceCount(f"C{i}", "okay", rng.randint(0, 12)) for i in range(rng.randint(1, 4))),
        answered=0,
        average_score=Decimal("3.1"),
    )
    question = QuestionResult(
        question.text,
        question.kind,
        question.choices,
        sum(c.count for c in question.choices),
        question.average_score,
    )
    survey = SurveyResult(
        "S", invited=rng.randint(0, 40), answered=question.answered, questions=(question,)
    )
    areas = tuple(
        AreaProgress(f"Area {i}", rng.randint(0, 20), Decimal("3"), Decimal("5")) for i in range(3)
    )
    return figures_of(rows, surveys=(survey,), star_areas=areas)


def _all_values(shown: dict):
    for row in shown["rows"]:
        yield from row["values"].values()
    for area in shown["star_areas"]:
        yield from area.values()
    for survey in shown["surveys"]:
        yield survey["invited"]
        yield survey["answered"]
        for question in survey["questions"]:
            yield question["answered"]
            for choice in question["choices"]:
                yield choice["count"]
                yield choice["percent"]


def _groups(figures: OutcomeFigures, shown: dict):
    """(raw total, shown total, [(raw part, shown part)]) for every place
    where parts add up to a total."""
    raw_rows = [figures.total, *figures.by_network]
    for raw, row in zip(raw_rows, shown["rows"], strict=True):
        v = row["values"]
        yield (
            raw.members_supported,
            v["members_supported"],
            [
                (raw.tenancy_sustained, v["tenancy_sustained"]),
                (raw.tenancy_lost, v["tenancy_lost"]),
            ],
        )
    for name in COUNTS:
        yield (
            getattr(figures.total, name),
            shown["rows"][0]["values"][name],
            [
                (getattr(raw, name), row["values"][name])
                for raw, row in zip(figures.by_network, shown["rows"][1:], strict=True)
            ],
        )
    for raw_q, q in zip(
        figures.surveys[0].questions, shown["surveys"][0]["questions"], strict=True
    ):
        yield (
            raw_q.answered,
            q["answered"],
            [(c.count, sc["count"]) for c, sc in zip(raw_q.choices, q["choices"], strict=True)],
        )


@pytest.mark.parametrize("threshold", [7, 3, 10])
def test_property_no_small_count_shown_or_worked_out(threshold):
    rng = random.Random(threshold)
    label = f"fewer than {threshold + 1}"
    for _ in range(400):
        figures = _random_figures(rng)
        shown = suppress(figures, threshold)
        for value in _all_values(shown):
            assert not (isinstance(value, int) and 1 <= value <= threshold), value
        for raw_total, total, parts in _groups(figures, shown):
            hidden = [(raw, value) for raw, value in parts if not isinstance(value, int)]
            if isinstance(total, int):
                assert len(hidden) != 1, (total, parts)
                rest = total - sum(v for _, v in parts if isinstance(v, int))
                if hidden and all(v == label for _, v in hidden):
                    assert rest not in (len(hidden), len(hidden) * threshold), parts
            elif total != label and raw_total:
                assert hidden, (total, parts)  # a hidden total is not the sum of shown parts
            for raw, value in parts:
                if isinstance(value, str) and value.startswith("at least "):
                    bound = int(value.removeprefix("at least "))
                    assert threshold < bound <= raw
