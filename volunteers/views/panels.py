"""Pages for values-based recruitment, for the people who manage
volunteers: the values the organisation recruits on, an interview's panel
with every panel member's scores side by side, and the decision."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from volunteers.forms.panels import DecisionForm, SeatForm, ValueForm
from volunteers.models import Interview
from volunteers.selectors.panels import (
    interview_get_for_viewer,
    interview_page,
    panel_candidates,
    seat_get_for_viewer,
    value_get_for_viewer,
    values_for_viewer,
)
from volunteers.services import panels
from volunteers.views.steps import button_pressed, form_sent

MANAGE = Permission.MANAGE_VOLUNTEERS


def _interview_url(interview: Interview) -> str:
    return reverse("volunteers_panels:interview", kwargs={"interview_id": interview.pk})


@requires(MANAGE)
def values(request: HttpRequest) -> HttpResponse:
    """The values the organisation recruits on, and a form to add one."""
    actor = request.actor
    form = ValueForm(request.POST or None)
    done, _ = form_sent(
        request,
        form,
        lambda: panels.value_add(actor=actor, **form.cleaned_data),
        lambda value: f"{value.name} added.",
    )
    if done:
        return redirect("volunteers_panels:values")
    rows = list(values_for_viewer(actor))
    return render(
        request,
        "volunteers/panels/values.html",
        {
            "active": [v for v in rows if v.active],
            "retired": [v for v in rows if not v.active],
            "form": form,
        },
    )


@login_required
def value_edit(request: HttpRequest, value_id: int) -> HttpResponse:
    actor = request.actor
    value = value_get_for_viewer(actor=actor, value_id=value_id)
    form = ValueForm(
        request.POST or None,
        initial={f: getattr(value, f) for f in ("name", "meaning", "easy_read", "pictogram")}
        | {"order": value.order},
    )

    def change():
        data = form.cleaned_data
        order = value.order if data["order"] is None else data["order"]
        return panels.value_change(actor=actor, value=value, **(data | {"order": order}))

    done, _ = form_sent(request, form, change, lambda v: f"{v.name} saved.")
    if done:
        return redirect("volunteers_panels:values")
    return form_page(
        request,
        form,
        title=f"Change {value.name}",
        button="Save",
        back_url=reverse("volunteers_panels:values"),
        caption="Values we recruit on",
        intro="Scores panels have given stay with the value.",
    )


@login_required
@require_POST
def value_switch(request: HttpRequest, value_id: int) -> HttpResponse:
    actor = request.actor
    value = value_get_for_viewer(actor=actor, value_id=value_id)
    button_pressed(
        request,
        lambda: panels.value_active_switch(actor=actor, value=value),
        lambda v: f"{v.name} is in use again." if v.active else f"{v.name} is retired.",
    )
    return redirect("volunteers_panels:values")


@login_required
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    actor = request.actor
    interview = interview_get_for_viewer(actor=actor, interview_id=interview_id)
    return render(
        request,
        "volunteers/panels/interview.html",
        {
            "page": interview_page(actor=actor, interview=interview),
            "interview": interview,
            "profile": interview.profile,
            "can_manage": can(actor, MANAGE),
            "decided": interview.outcome != Interview.Outcome.PENDING,
        },
    )


@login_required
def panel_add(request: HttpRequest, interview_id: int) -> HttpResponse:
    actor = request.actor
    interview = interview_get_for_viewer(actor=actor, interview_id=interview_id, permission=MANAGE)
    form = SeatForm(request.POST or None, people=panel_candidates(actor, interview))
    done, _ = form_sent(
        request,
        form,
        lambda: panels.seat_add(actor=actor, interview=interview, **form.cleaned_data),
        lambda seat: f"{seat.person} is on the panel.",
    )
    if done:
        return redirect(_interview_url(interview))
    return form_page(
        request,
        form,
        title="Add someone to the panel",
        button="Add them",
        back_url=_interview_url(interview),
        caption=f"Interview: {interview.profile.user}",
    )


@login_required
@require_POST
def panel_remove(request: HttpRequest, interview_id: int, seat_id: int) -> HttpResponse:
    actor = request.actor
    interview = interview_get_for_viewer(actor=actor, interview_id=interview_id, permission=MANAGE)
    seat = seat_get_for_viewer(actor=actor, interview=interview, seat_id=seat_id)
    button_pressed(
        request,
        lambda: panels.seat_remove(actor=actor, seat=seat),
        f"{seat.person} is off the panel.",
    )
    return redirect(_interview_url(interview))


@login_required
def interview_decide(request: HttpRequest, interview_id: int) -> HttpResponse:
    actor = request.actor
    interview = interview_get_for_viewer(actor=actor, interview_id=interview_id, permission=MANAGE)
    form = DecisionForm(request.POST or None)
    done, _ = form_sent(
        request,
        form,
        lambda: panels.interview_decide(actor=actor, interview=interview, **form.cleaned_data),
        "The decision is recorded, with every panel member's view.",
    )
    if done:
        return redirect(_interview_url(interview))
    return form_page(
        request,
        form,
        title="Record the panel's decision",
        button="Record the decision",
        back_url=_interview_url(interview),
        caption=f"Interview: {interview.profile.user}",
        template="volunteers/panels/decide.html",
        extra={"page": interview_page(actor=actor, interview=interview)},
    )
