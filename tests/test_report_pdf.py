"""The commissioner report's PDF, really rendered by WeasyPrint: tagged and
in English, every section, the period and the networks, small counts
suppressed, nobody named; user text is printed as text and fetches
nothing; over its page or time limit it stops."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from django_scopes import scopes_disabled

from keyring_net.pdf import RenderTooSlow, ReportTooLong, StaticOnlyFetcher
from keyring_net.tenancy import organisation_scope
from members.models import Member
from outcomes.report_document import SECTIONS
from outcomes.services.reports import report_document
from tests import factories
from tests.report_helpers import (
    hand_figures,
    make_contract,
    make_report,
    pdf_text,
    second_network,
    squashed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(org_a, org_b):
    other = second_network(org_a)
    with scopes_disabled():
        factories.MemberFactory(
            network=other, full_name="Zebedee Quartermain", preferred_name="Zeb"
        )
    contract = make_contract(org_a, networks=[org_a.network, other])
    report = make_report(contract)
    figures = hand_figures([org_a.network.name, other.name])
    fetcher = StaticOnlyFetcher()
    with organisation_scope(org_a.organisation):
        _, pdf, pages, csv_text = report_document(
            organisation=org_a.organisation, report=report, figures=figures, fetcher=fetcher
        )
    return {"pdf": pdf, "pages": pages, "csv": csv_text, "contract": contract, "fetcher": fetcher}


def test_the_pdf_is_tagged_accessible_and_in_english(rendered):
    with pikepdf.open(io.BytesIO(rendered["pdf"])) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert len(pdf.pages) == rendered["pages"]
    assert rendered["pdf"].startswith(b"%PDF")


def test_the_pdf_text_holds_the_networks_the_period_and_every_section(rendered, org_a):
    text = pdf_text(rendered["pdf"])
    flat = squashed(text)
    with scopes_disabled():
        names = [network.name for network in rendered["contract"].networks.all()]
    assert len(names) == 2
    for name in names:
        assert squashed(name) in flat
    assert "1 July 2026 to 30 September 2026" in text
    for _, heading in SECTIONS:
        assert heading in text, heading
    assert "Contents" in text
    assert "fewer than 8" in text
    assert "at least" in text  # tenancies sustained, next to 2 lost
    assert f"Page 1 of {rendered['pages']}" in text
    # The contents list gives each section's page number (the summary is on page 2).
    contents = text.split("Contents", 1)[1]
    assert re.search(r"Summary\s*\.{5,}\s*2\b", contents)
    assert re.search(r"Method\s*\.{5,}\s*\d+", contents)


def test_nobody_is_named_in_the_pdf_or_the_csv(rendered, org_a, org_b):
    text = squashed(pdf_text(rendered["pdf"])).lower()
    csv_text = squashed(rendered["csv"]).lower()
    with scopes_disabled():
        members = list(Member.objects.all())
    assert len(members) >= 3
    for member in members:
        for name in (member.full_name, member.preferred_name):
            if name:
                assert squashed(name).lower() not in text, name
                assert squashed(name).lower() not in csv_text, name
    for user in org_a.users.values():
        assert squashed(user.full_name).lower() not in text


def test_the_csv_has_the_same_suppressed_values(rendered, org_a):
    lines = rendered["csv"].splitlines()
    assert lines[0] == "section,network,figure,value"
    assert "networks,All networks,Members supported,42" in lines
    assert "networks,All networks,Tenancy lost,fewer than 8" in lines
    assert "networks,All networks,Tenancy sustained,at least 35" in lines
    assert f"networks,{org_a.network.name},Started work,fewer than 8" in lines


PAYLOADS = {
    "file": '<img src="file:///etc/passwd">',
    "local": '<link rel=stylesheet href="http://127.0.0.1:9/x.css">',
    "metadata": '<div style="background: url(http://169.254.169.254/)">x</div>',
    "import": '<style>@import "http://127.0.0.1:9/i.css";</style>',
    "svg": '<svg><image href="http://169.254.169.254/latest/meta-data"/></svg>',
}
URLS = (
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.css",
    "http://169.254.169.254/",
    "http://127.0.0.1:9/i.css",
    "http://169.254.169.254/latest/meta-data",
)


def test_user_text_is_printed_as_text_and_fetches_nothing(org_a):
    with scopes_disabled():
        org_a.network.name = f"Ancoats {PAYLOADS['metadata']}"
        org_a.network.save(update_fields=["name"])
    contract = make_contract(org_a, name=PAYLOADS["file"], reference=PAYLOADS["local"])
    report = make_report(contract)
    figures = hand_figures(
        [org_a.network.name], survey_title=PAYLOADS["import"], choice_label=PAYLOADS["svg"]
    )
    fetcher = StaticOnlyFetcher()
    with organisation_scope(org_a.organisation):
        _, pdf, _, _ = report_document(
            organisation=org_a.organisation, report=report, figures=figures, fetcher=fetcher
        )
    asked = fetcher.fetched + fetcher.refused
    for url in URLS:
        assert not any(url in seen for seen in asked), (url, asked)
    assert fetcher.refused == []
    assert [u.rsplit("/", 2)[-2:] for u in fetcher.fetched] == [["css", "report-pdf.css"]]
    text = squashed(pdf_text(pdf))
    for payload in PAYLOADS.values():
        # A long value wraps inside its table cell, and the text read back
        # interleaves it with the next cells' lines (how much depends on the
        # fonts installed), so each piece is looked for on its own.
        for piece in re.split(r"[\s/]+", payload):
            assert not piece or piece in text, (piece, payload)


def test_a_report_over_its_page_limit_stops(org_a):
    report = make_report(make_contract(org_a))
    with organisation_scope(org_a.organisation), pytest.raises(ReportTooLong):
        report_document(
            organisation=org_a.organisation,
            report=report,
            figures=hand_figures([org_a.network.name]),
            max_pages=1,
        )


def test_a_report_over_its_time_limit_stops(org_a):
    report = make_report(make_contract(org_a))
    with organisation_scope(org_a.organisation), pytest.raises(RenderTooSlow):
        report_document(
            organisation=org_a.organisation,
            report=report,
            figures=hand_figures([org_a.network.name]),
            seconds=0.001,
        )


def test_the_cost_model_uses_only_counts_that_are_shown(org_a):
    from dataclasses import replace

    from outcomes.disclosure import suppress
    from outcomes.report_costs import cost_section

    figures = hand_figures([org_a.network.name, "Levenshulme"])
    with organisation_scope(org_a.organisation):
        shown = cost_section(organisation=org_a.organisation, shown=suppress(figures, 7), days=92)
        small = replace(figures, total=replace(figures.total, admission_avoided=3))
        hidden = cost_section(organisation=org_a.organisation, shown=suppress(small, 7), days=92)
    # 42 members x £3,665 a year x 92/365; 9 admissions avoided x £9,639.
    assert shown["support_cost"] == "£38,799"
    assert [(line["count"], line["amount"]) for line in shown["lines"]] == [
        (9, "£86,751"),
        (0, "£0"),
        (0, "£0"),
    ]
    assert shown["avoided"] == "£86,751"
    assert shown["per_pound"] == "£2.24"
    assert len(shown["assumptions"]) == 4
    assert all(
        a["source"].endswith("(a published or estimated default)") for a in shown["assumptions"]
    )
    # Three admissions avoided would be given away by £28,917: not shown.
    assert hidden["lines"][0] == {
        "label": "A psychiatric inpatient stay of three weeks",
        "count": "fewer than 8",
        "unit": "£9,639",
        "amount": "not shown",
    }
    assert hidden["avoided"] == "not shown" and hidden["per_pound"] == "not shown"


def test_the_star_charts_draw_only_areas_whose_averages_are_shown():
    from dataclasses import replace
    from decimal import Decimal

    from outcomes.disclosure import suppress
    from outcomes.figures.results import AreaProgress
    from outcomes.report_charts import star_change_svg, star_radar_svg

    figures = hand_figures(["Ancoats", "Levenshulme"])
    shown = suppress(figures, 7)
    radar, bars = star_radar_svg(shown), star_change_svg(shown)
    assert radar.startswith("<svg") and 'role="img"' in radar
    assert radar.count('class="series"') == 2
    assert bars.count("<rect") == 5 and "Home: +1.8" in bars
    few = replace(
        figures,
        star_areas=(
            *figures.star_areas[:2],
            AreaProgress("Secret", 3, Decimal("1"), Decimal("9")),
        ),
    )
    shown = suppress(few, 7)
    assert star_radar_svg(shown) == ""  # two areas left: too few for a radar
    assert "Secret" not in star_change_svg(shown)
    assert star_change_svg(shown).count("<rect") == 2


# A contract of 200 networks prints in at most this many pages: each
# section's figures for all networks together, each network's in the CSV.
LARGE_CONTRACT_PAGES = 25


@pytest.mark.parametrize("networks", [50, 200])
def test_a_large_contract_prints_its_totals_in_few_pages(org_a, networks):
    from outcomes.report_document import PDF_NETWORK_ROWS

    assert networks > PDF_NETWORK_ROWS
    names = [org_a.network.name] + [f"Network {n:03}" for n in range(2, networks + 1)]
    report = make_report(make_contract(org_a))
    with organisation_scope(org_a.organisation):
        _shown, pdf, pages, csv_text = report_document(
            organisation=org_a.organisation, report=report, figures=hand_figures(names)
        )
    assert pages <= LARGE_CONTRACT_PAGES
    flat = squashed(pdf_text(pdf))
    assert squashed("The figures for each network are in the CSV file") in flat
    assert squashed("Members supported, all networks") in flat
    assert squashed("Members, by network") not in flat  # per network: the CSV
    # Every network is in the CSV, with its suppressed figures.
    assert f"networks,Network {networks:03},Members supported,12" in csv_text


def test_a_small_contract_prints_a_row_a_network(rendered):
    flat = squashed(pdf_text(rendered["pdf"]))
    assert squashed("Members, by network") in flat
    assert squashed("The figures for each network are in the CSV file") not in flat
