"""Shared set-up for the commissioner report tests: a contract for a world's
council, figures built by hand, and reading a PDF's text."""

from __future__ import annotations

import datetime
import io
from dataclasses import fields
from decimal import Decimal

import pdfplumber
from django_scopes import scopes_disabled

from keyring_net.models import Role
from outcomes.figures.results import (
    AreaProgress,
    ChoiceCount,
    NetworkFigures,
    OutcomeFigures,
    QualityResult,
    QuestionResult,
    SurveyResult,
)
from outcomes.models import CommissionerReport, Contract
from tests import factories

PERIOD = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def council_of(world):
    with scopes_disabled():
        return world.users[Role.COMMISSIONER].role_assignments.get().local_authority


def make_contract(world, *, networks=None, name=None, reference="KR-2026-01", **extra) -> Contract:
    """A contract between the world's council and its network (plus any
    ``networks`` given)."""
    with scopes_disabled():
        contract = Contract.objects.create(
            organisation=world.organisation,
            local_authority=extra.pop("local_authority", None) or council_of(world),
            name=name or f"Contract {world.marker}",
            reference=reference,
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2027, 3, 31),
            **extra,
        )
        contract.networks.set(networks or [world.network])
    return contract


def second_network(world, name="Levenshulme"):
    with scopes_disabled():
        return factories.NetworkFactory(
            cluster=world.network.cluster, name=f"{name} {world.marker}"
        )


def make_report(
    contract, *, status=CommissionerReport.Status.WAITING, **extra
) -> CommissionerReport:
    with scopes_disabled():
        return CommissionerReport.objects.create(
            organisation=contract.organisation,
            contract=contract,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            status=status,
            **extra,
        )


def network_figures(name: str, supported: int, lost: int = 0, **counts) -> NetworkFigures:
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


def hand_figures(
    network_names: list[str], *, survey_title="Summer survey", choice_label="Happy"
) -> OutcomeFigures:
    """Figures for a report with something in every section: the first
    network has small counts (tenancy lost 2, work 3)."""
    rows = [network_figures(network_names[0], 30, lost=2, work=3, admission_avoided=9)]
    rows += [network_figures(name, 12, learning=10) for name in network_names[1:]]
    areas = tuple(
        AreaProgress(name, 12, Decimal("3.5"), Decimal("5.25"))
        for name in ("Home", "Money", "Health", "Friends", "Work")
    )
    question = QuestionResult(
        "Do you feel safe at home?",
        "faces",
        (ChoiceCount(choice_label, "happy", 20), ChoiceCount("Sad", "sad", 2)),
        answered=22,
        average_score=Decimal("4.5"),
    )
    survey = SurveyResult(survey_title, invited=30, answered=22, questions=(question,))
    return OutcomeFigures(
        start=PERIOD[0],
        end=PERIOD[1],
        networks=tuple(network_names),
        total=add_up(rows),
        by_network=tuple(rows),
        star_areas=areas,
        surveys=(survey,),
        quality=QualityResult(
            checks=3, good=10, okay=9, needs_work=2, actions_open=4, actions_done=9
        ),
    )


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def squashed(text: str) -> str:
    """Text without whitespace, to find a phrase a line break may split."""
    return "".join(text.split())
