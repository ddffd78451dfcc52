"""Star and plan pages for staff; the member's own easy-read plan and PDF."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.utils import timezone

from keyring_net.pdf import StaticOnlyFetcher, render_pdf
from keyring_net.tenancy import organisation_scope
from support_plans.models import PlanComment, PlanReview, StarReading, SupportPlan
from support_plans.stars import ensure_default_template
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def reading_post(template, score="6"):
    data = {"taken_on": TODAY, "who_was_there": "Alan and his CLV"}
    with organisation_scope(template.organisation):
        areas = list(template.areas.all())
    for area in areas:
        data[f"score_{area.pk}"] = score
        data[f"words_{area.pk}"] = f"About {area.easy_read_name}"
    return data


@pytest.fixture
def template(org_a):
    with organisation_scope(org_a.organisation):
        return ensure_default_template(org_a.organisation)


def test_a_worker_records_a_reading_and_sees_the_star(client, org_a, template):
    client.force_login(org_a.clv)
    response = client.post(f"/members/{org_a.member.pk}/star/new/", reading_post(template))
    assert response.status_code == 302
    page = client.get(f"/members/{org_a.member.pk}/star/").content.decode()
    assert "<svg" in page and "About My home" in page


def test_a_score_out_of_range_is_refused_and_input_kept(client, org_a, template):
    client.force_login(org_a.clv)
    data = reading_post(template)
    with organisation_scope(org_a.organisation):
        first = template.areas.first()
    data[f"score_{first.pk}"] = "11"
    html = client.post(f"/members/{org_a.member.pk}/star/new/", data).content.decode()
    assert "Select a valid choice" not in html or "Choose a score" in html
    assert "About My home" in html
    with organisation_scope(org_a.organisation):
        assert not StarReading.objects.exists()


def test_a_worker_writes_a_plan_and_the_member_agrees_comments_and_asks_to_talk(
    client, org_a, template
):
    member_id = org_a.member.pk
    client.force_login(org_a.clv)
    client.post(f"/members/{member_id}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)
    client.post(f"/plans/{plan.pk}/goals/add/", {"in_own_words": "I want to cook my tea."})
    with organisation_scope(org_a.organisation):
        goal = plan.goals.get()
    client.post(
        f"/goals/{goal.pk}/actions/add/",
        {"text": "Cook together on Tuesdays", "term": "short", "who": "clv"},
    )
    client.post(f"/plans/{plan.pk}/crisis/", {"what_helps": "A cup of tea and quiet."})
    client.post(f"/plans/{plan.pk}/agree/")

    client.force_login(org_a.member_user)
    mine = client.get("/my/plan/").content.decode()
    assert "I want to cook my tea." in mine
    assert "The CLV will help: Cook together on Tuesdays" in mine
    assert "Yes, I agree with my plan" in mine
    client.post("/my/plan/agree/")
    client.post(
        "/my/plan/say/", {"part": "crisis", "text": "Tell my sister too.", "disagrees": "yes"}
    )
    client.post("/my/plan/talk/", {"reason": "I got a job."})
    with organisation_scope(org_a.organisation):
        plan.refresh_from_db()
        assert plan.status == "agreed"
        assert PlanComment.objects.get().disagrees
        assert PlanReview.objects.get().members_reason == "I got a job."
    client.force_login(org_a.clv)
    staff = client.get(f"/members/{member_id}/plan/").content.decode()
    assert "Tell my sister too." in staff and "Disagrees" in staff
    assert "I got a job." in staff


def test_a_refused_action_keeps_its_words_under_its_own_goal_only(client, org_a, template):
    client.force_login(org_a.clv)
    client.post(f"/members/{org_a.member.pk}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)
    for words in ("Cook my tea.", "Join the walking group."):
        client.post(f"/plans/{plan.pk}/goals/add/", {"in_own_words": words})
    with organisation_scope(org_a.organisation):
        first, second = plan.goals.order_by("pk")
    html = client.post(
        f"/goals/{second.pk}/actions/add/", {"text": "Ask about Thursdays", "term": ""}
    ).content.decode()
    assert html.count("Ask about Thursdays") == 1  # kept, and only in the second goal's form
    assert html.index("Ask about Thursdays") > html.index("Join the walking group.")
    assert html.count("govuk-error-message") >= 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every field has its own id"
    assert f'id="id_goal{first.pk}_text"' in html and f'id="id_goal{second.pk}_text"' in html


def test_the_easy_read_pdf_has_the_plan_in_real_text_and_no_other_name(client, org_a, org_b):
    client.force_login(org_a.clv)
    client.post(f"/members/{org_a.member.pk}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)
    client.post(f"/plans/{plan.pk}/goals/add/", {"in_own_words": "Walk to the park."})
    client.force_login(org_a.member_user)
    response = client.get("/my/plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        sizes = {round(c["size"]) for page in pdf.pages for c in page.chars}
    assert "My plan" in text and "Walk to the park." in text
    assert org_b.marker not in text
    assert min(sizes) >= 14  # easy read: 14 pt at least


def test_pdfs_fetch_nothing_but_our_own_static_files():
    fetcher = StaticOnlyFetcher()
    html = (
        '<html lang="en-GB"><body><h1>t</h1>'
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<img src="http://169.254.169.254/latest/meta-data/">'
        '<link rel="stylesheet" href="file:///etc/hosts">'
        '<style>@import url("http://127.0.0.1:9/a.css");</style>'
        '<img src="pictograms/home.svg"><p>&lt;img src=x&gt;</p></body></html>'
    )
    pdf = render_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert len(fetcher.refused) == 5
    assert all(u.endswith("pictograms/home.svg") for u in fetcher.fetched)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert "<img src=x>" in doc.pages[0].extract_text()


def test_plan_page_queries_do_not_grow(client, org_a):
    client.force_login(org_a.clv)
    client.post(f"/members/{org_a.member.pk}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)

    def make(n):
        with organisation_scope(org_a.organisation):
            from support_plans.models import Action, Goal

            have = Goal.objects.filter(plan=plan).count()
            for i in range(have, n):
                goal = Goal.objects.create(
                    organisation=org_a.organisation, plan=plan, in_own_words=f"Goal {i}", position=i
                )
                Action.objects.create(
                    organisation=org_a.organisation, goal=goal, text="Step", who="member"
                )

    def fetch():
        assert client.get(f"/members/{org_a.member.pk}/plan/").status_code == 200

    # 17, and the insert that logs who looked at the member's plan
    assert assert_constant_queries(make, fetch, sizes=(3, 30)) == pinned(18)


def test_the_members_own_plan_page_does_not_grow(client, org_a, template):
    """The member's easy-read plan, with more goals, actions, comments and
    readings (the star drawn from the first and latest)."""
    from support_plans.models import Action, Goal

    client.force_login(org_a.clv)
    client.post(f"/members/{org_a.member.pk}/plan/", {"action": "start"})
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.get(member=org_a.member)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Goal.objects.filter(plan=plan).count()
        client.force_login(org_a.clv)
        for i in range(have, n):
            with organisation_scope(org_a.organisation):
                goal = Goal.objects.create(
                    organisation=org_a.organisation, plan=plan, in_own_words=f"Goal {i}", position=i
                )
                Action.objects.create(
                    organisation=org_a.organisation, goal=goal, text=f"Step {i}", who="member"
                )
                PlanComment.objects.create(
                    organisation=org_a.organisation,
                    plan=plan,
                    author=org_a.member_user,
                    part="goals",
                    text=f"Comment {i}",
                )
            data = reading_post(template, str(i % 10 + 1))
            data["taken_on"] = (timezone.localdate() - datetime.timedelta(days=30 * i)).isoformat()
            assert client.post(f"/members/{org_a.member.pk}/star/new/", data).status_code == 302
        client.force_login(org_a.member_user)

    def fetch():
        page = client.get("/my/plan/").content.decode()
        assert "Goal 0" in page

    assert assert_constant_queries(make, fetch, sizes=(2, 12)) == pinned(16)
