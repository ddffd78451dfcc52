"""Pages where support managers and organisation admins write surveys,
send them to networks, close them and read the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from keyring_net.steps import change_from_button, saved
from networks.selectors import networks_for_viewer
from outcomes.charts import Bar, bar_chart_svg
from outcomes.forms.surveys import NetworksForm, QuestionForm, SurveyForm
from outcomes.models import Survey
from outcomes.selectors import survey_results as result_selectors
from outcomes.selectors import surveys as selectors
from outcomes.services import surveys as services


@requires(Permission.MANAGE_SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/surveys/list.html",
        {"surveys": list(selectors.surveys_for_manager(request.actor))},
    )


@requires(Permission.MANAGE_SURVEYS)
def survey_add(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    return saved(
        request,
        form,
        services.survey_create,
        done=lambda survey: f"{survey.title} is saved. Now add its questions.",
        to=_detail_url,
    ) or form_page(
        request,
        form,
        title="Write a new survey",
        button="Save the survey",
        back_url=reverse("surveys:list"),
    )


@requires(Permission.MANAGE_SURVEYS)
@require_POST
def survey_usual(request: HttpRequest) -> HttpResponse:
    survey = services.usual_survey_create(actor=request.actor)
    messages.success(
        request, f"{survey.title} is ready as a draft. Change it if you wish, then send it."
    )
    return redirect("surveys:detail", survey_id=survey.pk)


def _survey_form(request, survey: Survey) -> SurveyForm:
    initial = {
        "title": survey.title,
        "easy_read_title": survey.easy_read_title,
        "easy_read_intro": survey.easy_read_intro,
        "allow_anonymous": survey.allow_anonymous,
        "closes_on": survey.closes_on,
    }
    return SurveyForm(request.POST if request.method == "POST" else None, initial=initial)


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    actor = request.actor
    survey = selectors.survey_get_for_viewer(actor=actor, survey_id=survey_id)
    form = _survey_form(request, survey)
    if request.method == "POST":
        if survey.status != Survey.Status.DRAFT:
            messages.error(request, services.NOT_A_DRAFT)
            return redirect("surveys:detail", survey_id=survey.pk)
        done = saved(
            request,
            form,
            services.survey_change,
            done=lambda _: f"{survey.title} is saved.",
            to=_detail_url(survey),
            survey=survey,
        )
        if done:
            return done
    return render(
        request,
        "outcomes/surveys/detail.html",
        {
            "survey": survey,
            "form": form,
            "questions": list(survey.questions.all()),
            "networks": list(survey.networks.all()),
            "sees_results": can(actor, Permission.VIEW_SURVEY_RESULTS),
        },
    )


def _locked(request, survey: Survey, message: str) -> HttpResponse:
    """A sent survey's questions and networks stay as they were: say so,
    and change nothing."""
    return render(request, "outcomes/surveys/locked.html", {"survey": survey, "message": message})


def _detail_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def _survey_page(request, form, survey: Survey, service, done: str, **page) -> HttpResponse:
    """A form page about one survey: a valid form goes to ``service``, then
    back to the survey. ``page``: its title and button."""
    back_url = _detail_url(survey)
    return saved(request, form, service, done=done, to=back_url, survey=survey) or form_page(
        request, form, caption=survey.title, back_url=back_url, **page
    )


def _survey(request, survey_id: int) -> Survey:
    return selectors.survey_get_for_viewer(actor=request.actor, survey_id=survey_id)


@login_required
def question_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    if survey.status != Survey.Status.DRAFT:
        return _locked(request, survey, services.NOT_A_DRAFT)
    form = QuestionForm(request.POST or None)
    said = "The question is added."
    page = {"title": "Add a question", "button": "Add the question"}
    return _survey_page(request, form, survey, services.question_add, said, **page)


@login_required
@require_POST
def question_remove(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    question_id = request.POST.get("question", "")
    if not question_id.isdigit():
        messages.error(request, "Choose a question to take out.")
        return redirect("surveys:detail", survey_id=survey.pk)
    question = selectors.question_get_for_manager(
        actor=request.actor, survey=survey, question_id=int(question_id)
    )
    change_from_button(
        request,
        lambda: services.question_remove(actor=request.actor, question=question),
        done="The question is taken out.",
    )
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
def survey_networks(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    if survey.status != Survey.Status.DRAFT:
        return _locked(
            request, survey, "This survey has been sent, so who it goes to cannot change."
        )
    form = NetworksForm(
        request.POST or None,
        networks=networks_for_viewer(request.actor),
        initial={"networks": list(survey.networks.all())},
    )
    said = "The networks are saved."
    page = {"title": "Who is asked", "button": "Save the networks"}
    return _survey_page(request, form, survey, services.survey_set_networks, said, **page)


def _survey_button(request, survey_id: int, service, done: str) -> HttpResponse:
    """A button on the survey's page: ``service`` changes the survey, the
    page says it (the survey's title, then ``done``) and shows it again."""
    survey = _survey(request, survey_id)
    change_from_button(
        request,
        lambda: service(actor=request.actor, survey=survey),
        done=lambda survey: f"{survey.title} {done}",
    )
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def survey_open(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _survey_button(
        request, survey_id, services.survey_open, "is sent. Members can answer it now."
    )


@login_required
@require_POST
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _survey_button(
        request, survey_id, services.survey_close, "is closed. No more answers are taken."
    )


@login_required
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get_for_viewer(
        actor=request.actor, survey_id=survey_id, permission=Permission.VIEW_SURVEY_RESULTS
    )
    page = result_selectors.results_page(actor=request.actor, survey=survey)
    chart = mark_safe(
        bar_chart_svg(
            [
                Bar(
                    run.survey.closed_at.date().isoformat() if run.survey.closed_at else "Open now",
                    run.faces_average or 0,
                    text="No answers" if run.faces_average is None else "",
                )
                for run in page.history
            ],
            title="Average faces answer for each time this survey was sent (5 is very happy)",
            id_prefix="survey-history",
        )
    )
    return render(
        request,
        "outcomes/surveys/results.html",
        {"survey": survey, "page": page, "chart": chart},
    )
