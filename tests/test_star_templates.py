"""An organisation's stars, managed by support managers and admins: a star
in use changes only by a new version (its readings stay on the old one), an
unused one changes in place, bad input gets plain messages next to the
fields with what was typed kept, another organisation's star is not found,
and the list page's queries do not grow with the stars."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from support_plans.models import (
    AreaScore,
    StarArea,
    StarReading,
    StarStage,
    StarTemplate,
)
from support_plans.services.parts import goal_add
from support_plans.services.plans import plan_start
from support_plans.services.readings import AreaAnswer, reading_record
from support_plans.services.templates import (
    AreaInput,
    StageInput,
    template_change,
    template_create,
    template_in_use,
    template_problems,
)
from support_plans.stars import DEFAULT_NAME, ensure_default_template
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

STAGES = [("Stuck", "Stuck", 1, 3), ("Trying", "Trying", 4, 7), ("Doing it", "I do it", 8, 10)]
AREAS = [
    ("Home", "My home", "Keeping a home.", "home"),
    ("Money", "Money", "Bills and benefits.", "money"),
    ("Friends", "Friends", "People nearby.", "handshake"),
]


def form_data(name="Our star", scale=(1, 10), stages=STAGES, areas=AREAS, description=""):
    data = {
        "name": name,
        "description": description,
        "scale_min": str(scale[0]),
        "scale_max": str(scale[1]),
    }
    for i, (stage, easy, low, high) in enumerate(stages):
        data |= {
            f"stage_{i}_name": stage,
            f"stage_{i}_easy_read_name": easy,
            f"stage_{i}_low": str(low),
            f"stage_{i}_high": str(high),
        }
    for i, (area, easy, description_, picture) in enumerate(areas):
        data |= {
            f"area_{i}_name": area,
            f"area_{i}_easy_read_name": easy,
            f"area_{i}_description": description_,
            f"area_{i}_pictogram": picture,
        }
    return data


def template_form_data(template, **changes):
    """The edit form as the page fills it in for ``template``, changed."""
    with organisation_scope(template.organisation):
        stages = [(s.name, s.easy_read_name, s.low, s.high) for s in template.stages.all()]
        areas = [
            (a.name, a.easy_read_name, a.description, a.pictogram)
            for a in template.areas.order_by("position")
        ]
    values = {
        "name": template.name,
        "description": template.description,
        "scale": (template.scale_min, template.scale_max),
        "stages": stages,
        "areas": areas,
    }
    values.update(changes)
    return form_data(**values)


def field_error(html: str, field: str) -> str:
    """The message shown next to a field ("" when none)."""
    found = re.search(rf'id="id_{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>|Error:", "", found.group(1)).strip() if found else ""


@pytest.fixture
def default(org_a):
    with organisation_scope(org_a.organisation):
        return ensure_default_template(org_a.organisation)


def take_reading(org, template, score=4):
    with organisation_scope(org.organisation):
        return reading_record(
            actor=Actor.for_user(org.clv, org.organisation.pk),
            member=org.member,
            template=template,
            taken_on=timezone.localdate(),
            answers=[
                AreaAnswer(a.pk, score, f"My words on {a.easy_read_name}", "A note")
                for a in template.areas.all()
            ],
            who_was_there="Alan and his CLV",
        )


def reading_as_it_was(reading):
    return (
        reading.template_id,
        reading.taken_on,
        reading.who_was_there,
        [
            (s.area_id, s.area.template_id, s.area.name, s.area.easy_read_name, s.score)
            for s in AreaScore.objects.filter(reading=reading).select_related("area")
        ],
    )


def test_a_star_in_use_changes_by_a_new_version_and_its_readings_stay_as_they_were(
    client, org_a, default
):
    reading = take_reading(org_a, default)
    with organisation_scope(org_a.organisation):
        before = reading_as_it_was(reading)
        old_areas = list(StarArea.objects.filter(template=default).values_list())
        old_stages = list(StarStage.objects.filter(template=default).values_list())
        areas = [
            (a.name, a.easy_read_name, a.description, a.pictogram) for a in default.areas.all()
        ]
    areas[0] = ("Home and tenancy", "Where I live", areas[0][2], "home")
    areas.append(("Pets", "My pets", "Looking after a pet.", "heart"))
    client.force_login(org_a.manager)
    page = client.get(f"/star-templates/{default.pk}/").content.decode()
    assert "Saving a change makes version 2" in page
    response = client.post(
        f"/star-templates/{default.pk}/",
        template_form_data(default, name="Our living well star", areas=areas),
    )
    assert response.status_code == 302, field_error(response.content.decode(), "name")
    with organisation_scope(org_a.organisation):
        old = StarTemplate.objects.get(pk=default.pk)
        new = StarTemplate.objects.get(previous=old)
        assert (old.name, old.version, old.is_active) == (DEFAULT_NAME, 1, False)
        assert (new.name, new.version, new.is_active) == ("Our living well star", 2, True)
        assert new.areas.first().easy_read_name == "Where I live"
        assert new.areas.count() == 11 and new.stages.count() == 5
        # The old version and its readings are exactly as they were.
        assert list(StarArea.objects.filter(template=old).values_list()) == old_areas
        assert list(StarStage.objects.filter(template=old).values_list()) == old_stages
        reading.refresh_from_db()
        assert reading_as_it_was(reading) == before
        # New readings are taken on the new version (renamed or not).
        assert ensure_default_template(org_a.organisation) == new
        with pytest.raises(ValidationError):
            take_reading(org_a, old)
    messages = client.get("/star-templates/").content.decode()
    assert "Saved as version 2 of Our living well star" in messages
    assert "Earlier version" in messages
    client.force_login(org_a.clv)
    form = client.get(f"/members/{org_a.member.pk}/star/new/").content.decode()
    assert "Pets" in form

    # The old version is shown as it was, and cannot be changed.
    client.force_login(org_a.manager)
    page = client.get(f"/star-templates/{old.pk}/").content.decode()
    assert "kept as it was" in page and f"/star-templates/{new.pk}/" in page
    client.post(f"/star-templates/{old.pk}/", template_form_data(old, name="Changed"))
    with organisation_scope(org_a.organisation):
        assert StarTemplate.objects.get(pk=old.pk).name == DEFAULT_NAME
        assert StarTemplate.objects.count() == 2

    # Version 2 has no readings yet: changed in place, no version 3.
    client.post(f"/star-templates/{new.pk}/", template_form_data(new, description="Reworded."))
    with organisation_scope(org_a.organisation):
        assert StarTemplate.objects.count() == 2
        assert StarTemplate.objects.get(pk=new.pk).description == "Reworded."


def test_an_unused_star_changes_in_place(client, org_a):
    client.force_login(org_a.admin)
    assert client.post("/star-templates/new/", form_data()).status_code == 302
    with organisation_scope(org_a.organisation):
        star = StarTemplate.objects.get(name="Our star")
        assert (star.version, star.scale_min, star.scale_max) == (1, 1, 10)
        assert [(a.name, a.pictogram) for a in star.areas.all()] == [
            ("Home", "home"),
            ("Money", "money"),
            ("Friends", "handshake"),
        ]
    areas = [*AREAS[1:], ("Work", "Work and learning", "", "work")]
    response = client.post(
        f"/star-templates/{star.pk}/",
        form_data(name="Our star", scale=(1, 5), areas=areas, stages=[("All", "All", 1, 5)]),
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        assert StarTemplate.objects.filter(name="Our star").count() == 1
        star.refresh_from_db()
        assert (star.version, star.previous_id, star.is_active, star.scale_max) == (
            1,
            None,
            True,
            5,
        )
        assert [a.name for a in star.areas.all()] == ["Money", "Friends", "Work"]
        assert [a.position for a in star.areas.all()] == [1, 2, 3]
        assert [(s.low, s.high) for s in star.stages.all()] == [(1, 5)]


def test_saving_a_star_in_use_unchanged_makes_no_new_version(org_a, default):
    take_reading(org_a, default)
    with organisation_scope(org_a.organisation):
        manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
        stages = [StageInput(s.name, s.easy_read_name, s.low, s.high) for s in default.stages.all()]
        areas = [
            AreaInput(a.name, a.easy_read_name, a.description, a.pictogram)
            for a in default.areas.all()
        ]
        fields = {
            "name": default.name,
            "description": default.description,
            "scale_min": 1,
            "scale_max": 10,
            "stages": stages,
            "areas": areas,
        }
        assert template_change(actor=manager, template=default, **fields) == default
        assert StarTemplate.objects.count() == 1
        newer = template_change(actor=manager, template=default, **(fields | {"areas": areas[:3]}))
        assert newer.version == 2 and newer.areas.count() == 3
        with pytest.raises(ValidationError, match="kept as it was"):
            template_change(actor=manager, template=default, **fields)
        # Only those who manage stars change them.
        clv = Actor.for_user(org_a.clv, org_a.organisation.pk)
        with pytest.raises(PermissionDenied):
            template_change(actor=clv, template=newer, **fields)


def test_a_goal_naming_one_of_its_areas_puts_a_star_in_use(org_a):
    with organisation_scope(org_a.organisation):
        manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
        fields = {
            "scale_min": 1,
            "scale_max": 10,
            "stages": [StageInput(*s) for s in STAGES],
            "areas": [AreaInput(*a) for a in AREAS],
        }
        star = template_create(actor=manager, name="Our star", **fields)
        assert not template_in_use(star)
        clv = Actor.for_user(org_a.clv, org_a.organisation.pk)
        plan = plan_start(actor=clv, member=org_a.member)
        goal_add(
            actor=clv, plan=plan, in_own_words="Pay my bills", area=star.areas.get(name="Money")
        )
        assert template_in_use(star)
        newer = template_change(
            actor=manager,
            template=star,
            name="Our star",
            **(fields | {"areas": [*fields["areas"][:2], AreaInput("People", "People")]}),
        )
        assert newer.version == 2


def test_bad_input_gets_plain_messages_next_to_the_fields_and_keeps_what_was_typed(
    client, org_a, default
):
    client.force_login(org_a.manager)
    stages = [
        ("Stuck", "Stuck", 1, 3),
        ("Trying", "Trying", 3, 5),  # overlaps Stuck
        ("Doing it", "I do it", 8, 9),  # 6 and 7 in no stage, and 10
    ]
    areas = [*AREAS[:1], ("Money", "", "Bills and benefits.", "money")]
    response = client.post(
        "/star-templates/new/",
        form_data(name=DEFAULT_NAME.upper(), scale=(4, 4), stages=stages, areas=areas),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert field_error(html, "name") == (
        f"There is already a star called {DEFAULT_NAME.upper()}. Choose another name."
    )
    assert field_error(html, "scale_max") == (
        "The highest score must be more than the lowest score (4)."
    )
    assert field_error(html, "area_1_easy_read_name") == (
        "Give Money an easy-read name, in words a member would use."
    )
    assert "A star needs at least 3 areas." in html
    # Stages are checked against each other even before the scale is right.
    assert field_error(html, "stage_1_low") == "This stage overlaps Stuck (1 to 3): start it at 4."
    # Typed values are kept.
    assert 'value="Bills and benefits."' in html and 'value="Trying"' in html

    response = client.post("/star-templates/new/", form_data(stages=stages, areas=AREAS))
    html = response.content.decode()
    assert field_error(html, "stage_1_low") == (
        "This stage overlaps Stuck (1 to 3): start it at 4."
    )
    assert (
        field_error(html, "stage_2_low") == "Scores 6 to 7 are in no stage: start this stage at 6."
    )
    assert field_error(html, "stage_2_high") == (
        "Score 10 is in no stage: the last stage must end at 10."
    )
    assert field_error(html, "stage_0_low") == ""

    odd = [("Stuck", "", "two", 1), ("Trying", "Trying", 6, 4)]
    html = client.post("/star-templates/new/", form_data(stages=odd)).content.decode()
    assert field_error(html, "stage_0_low") == "Enter a whole number, like 4."
    assert field_error(html, "stage_0_easy_read_name") == (
        "Give this stage an easy-read name, in words a member would use."
    )
    assert field_error(html, "stage_1_high") == (
        "The highest score in a stage cannot be below its lowest (6)."
    )
    html = client.post("/star-templates/new/", form_data(scale=(0, 12))).content.decode()
    assert field_error(html, "scale_min") == "The lowest score must be 1 or more."
    assert field_error(html, "scale_max") == "The highest score can be 10 at most."
    with organisation_scope(org_a.organisation):
        assert StarTemplate.objects.count() == 1  # nothing saved


def test_stage_and_area_rules():
    def problems(stages, areas=AREAS, scale=(1, 10)):
        return template_problems(
            organisation=None,
            name="",
            scale_min=scale[0],
            scale_max=scale[1],
            stages=[StageInput(*s) for s in stages],
            areas=[AreaInput(*a) for a in areas],
        )

    # Coverage is checked in score order, whatever order the rows are in.
    found = problems([("B", "B", 6, 10), ("A", "A", 1, 5)])
    assert found == {"name": "Enter a name for the star."}
    found = problems([("A", "A", 2, 10)])
    assert found["stage_0_low"] == "Score 1 is in no stage: the first stage must start at 1."
    found = problems([("A", "A", 1, 11)])
    assert found["stage_0_high"] == "Stages must fit inside the scale, 1 to 10."
    assert problems([])["stages"] == "Add at least one stage of the journey."
    found = problems([("A", "A", 1, 10)], [*AREAS, ("Home", "Again", "", "nope")])
    assert found["area_3_name"] == "There is already an area called Home on this star."
    assert found["area_3_pictogram"] == "Choose a picture from the list."
    many = [(f"Area {n}", f"Area {n}", "", "star") for n in range(17)]
    assert problems([("A", "A", 1, 10)], many)["areas"] == "A star can have 16 areas at most."


def test_another_organisations_star_is_not_found(client, org_a, org_b):
    with organisation_scope(org_b.organisation):
        theirs = ensure_default_template(org_b.organisation)
        theirs.name = f"Star {org_b.marker}"
        theirs.save()
    client.force_login(org_a.manager)
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/star-templates/{theirs.pk}/", template_form_data(theirs, name="Taken over")
        )
        assert response.status_code == 404
        assert org_b.marker not in response.content.decode()
    listing = client.get("/star-templates/").content.decode()
    assert org_b.marker not in listing and DEFAULT_NAME in listing
    with organisation_scope(org_b.organisation):
        assert StarTemplate.objects.get().name == f"Star {org_b.marker}"


def test_managers_find_the_stars_in_the_navigation(client, org_a):
    for user, shown in ((org_a.manager, True), (org_a.admin, True), (org_a.clv, False)):
        client.force_login(user)
        page = client.get("/", follow=True).content.decode()
        assert ('href="/star-templates/"' in page) == shown


def test_the_list_page_queries_do_not_grow(client, org_a, default):
    take_reading(org_a, default)
    client.force_login(org_a.manager)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = StarTemplate.objects.count()
            for i in range(have, n):
                first = StarTemplate.objects.create(
                    organisation=org_a.organisation, name=f"Star {i}", is_active=i % 2 == 0
                )
                if i % 2:  # every other star has a second version
                    StarTemplate.objects.create(
                        organisation=org_a.organisation, name=f"Star {i}", version=2, previous=first
                    )
                StarArea.objects.bulk_create(
                    StarArea(
                        organisation=org_a.organisation,
                        template=first,
                        position=p,
                        name=f"Area {p}",
                        easy_read_name=f"Area {p}",
                    )
                    for p in range(1, 4)
                )
                StarStage.objects.create(
                    organisation=org_a.organisation,
                    template=first,
                    name="All",
                    easy_read_name="All",
                    low=1,
                    high=10,
                )

    def fetch():
        response = client.get("/star-templates/")
        assert response.status_code == 200
        assert "Star 2" in response.content.decode()

    assert assert_constant_queries(make, fetch) == pinned(7)
    with organisation_scope(org_a.organisation):
        assert StarReading.objects.count() == 1


def test_earlier_readings_stay_on_the_star_page_after_a_new_version(client, org_a, default):
    from support_plans.selectors.stars import star_page

    take_reading(org_a, default, score=4)
    with organisation_scope(org_a.organisation):
        areas = [
            (a.name, a.easy_read_name, a.description, a.pictogram) for a in default.areas.all()
        ]
    renamed = areas[0][0]
    areas[0] = ("Where I live and my tenancy", "Where I live", areas[0][2], "home")
    areas.append(("Pets", "My pets", "Looking after a pet.", "heart"))
    client.force_login(org_a.manager)
    client.post(f"/star-templates/{default.pk}/", template_form_data(default, areas=areas))
    with organisation_scope(org_a.organisation):
        new = StarTemplate.objects.get(previous=default)
        take_reading(org_a, new, score=7)
        page = star_page(actor=Actor.for_user(org_a.clv), member=org_a.member)
    assert page.template == new and len(page.readings) == 2
    journeys = {
        row["area"].name: [s.score if s else None for s in row["scores"]] for row in page.table
    }
    assert journeys[areas[1][0]] == [4, 7]  # the same area on both versions
    assert journeys["Where I live and my tenancy"] == [None, 7]  # renamed
    assert journeys["Pets"] == [None, 7]
    assert renamed not in journeys
    assert "Latest" in page.svg and "First" not in page.svg  # only one reading has every area


def test_a_reading_offers_the_stars_own_scale(client, org_a, default):
    client.force_login(org_a.clv)
    form = client.get(f"/members/{org_a.member.pk}/star/new/").content.decode()
    assert '<option value="10">' in form
    with organisation_scope(org_a.organisation):
        StarTemplate.objects.filter(pk=default.pk).update(scale_max=5)
        first = default.areas.order_by("position").first()
    form = client.get(f"/members/{org_a.member.pk}/star/new/").content.decode()
    scores = form[form.index(f'name="score_{first.pk}"') :]
    scores = scores[: scores.index("</select>")]
    assert '<option value="5">' in scores and '<option value="6">' not in scores
