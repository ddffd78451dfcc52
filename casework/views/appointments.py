"""Pages for appointments and planned visits: a worker's visits on a phone
(today and the next days; a support manager's whole cluster), one short
form to plan a visit or record an appointment, marking what happened, a
done visit logged as a contact in one tap, and a member's own
appointments in easy read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.forms.appointments import (
    AppointmentChangeForm,
    AppointmentForm,
    AppointmentOutcomeForm,
    OutcomeForm,
    VisitChangeForm,
    VisitForm,
    appointment_initial,
    next_half_hour,
    visit_initial,
)
from casework.models import Outcome
from casework.selectors import appointments as selectors
from casework.services import appointments as services
from keyring_net.access import requires
from keyring_net.models import Role
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, change_from_form, saved
from members import looked
from members.models import RecordAccess
from members.services import record

PAGE = RecordAccess.Channel.PAGE


def _shown(actor, rows) -> None:
    """Members on a list page are logged as seen in a list."""
    record.record_members_access(actor=actor, members=[r.member_id for r in rows], channel=PAGE)


# --- Appointments --------------------------------------------------------------------


@requires(Permission.RECORD_APPOINTMENTS)
def appointment_list(request: HttpRequest) -> HttpResponse:
    """Members' appointments from today on, soonest first."""
    rows = list(selectors.appointments_coming(request.actor))
    _shown(request.actor, rows)
    return render(request, "casework/appointments/appointment_list.html", {"rows": rows})


@requires(Permission.RECORD_APPOINTMENTS)
def appointment_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = AppointmentForm(
        request.POST or None,
        initial={"member": request.GET.get("member"), "starts_at": next_half_hour()},
        members=selectors.members_to_plan_for(actor),
        workers=selectors.workers_for_viewer(actor),
    )
    made = change_from_form(
        request,
        form,
        lambda: services.appointment_add(actor=actor, **form.cleaned_data),
        done=lambda rows: f"Saved: {len(rows)} appointment{'s' if len(rows) > 1 else ''}.",
    )
    if made.made:
        return redirect("casework_appointments:appointment", made.result[0].pk)
    back = reverse("casework_appointments:appointments")
    return form_page(
        request, form, title="Add an appointment", button="Save appointment", back_url=back
    )


@login_required
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """One appointment, and what happened at it."""
    actor = request.actor
    appointment = selectors.appointment_get_for_viewer(actor=actor, appointment_id=appointment_id)
    form = AppointmentOutcomeForm(request.POST or None)
    here = reverse("casework_appointments:appointment", args=[appointment.pk])
    done = saved(
        request,
        form,
        services.appointment_mark,
        done="Saved what happened.",
        to=here,
        appointment=appointment,
    )
    if done:
        return done
    if request.method == "GET":
        record.record_member_access(actor=actor, member=appointment.member, channel=PAGE)
    return render(
        request,
        "casework/appointments/appointment_detail.html",
        {"appointment": appointment, "form": form},
    )


@login_required
def appointment_change(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Change an appointment while it is still planned (this date only, for
    a repeating one)."""
    actor = request.actor
    appointment = selectors.appointment_get_for_viewer(actor=actor, appointment_id=appointment_id)
    looked.page_about(request, appointment.member)
    here = reverse("casework_appointments:appointment", args=[appointment.pk])
    form = AppointmentChangeForm(
        request.POST or None,
        initial=appointment_initial(appointment),
        workers=selectors.workers_for_viewer(actor),
    )
    done = saved(
        request,
        form,
        services.appointment_change,
        done="The appointment is changed.",
        to=here,
        appointment=appointment,
    )
    if done:
        return done
    return form_page(
        request,
        form,
        title="Change the appointment",
        caption=appointment.member.full_name,
        intro=_change_intro(appointment, "This changes this date only; the other dates stay."),
        button="Save the changes",
        back_url=here,
        show_form=appointment.status == Outcome.PLANNED,
    )


def _change_intro(row, series_words: str = "") -> str:
    """What the change page says first: why it cannot change, or (for a
    repeating appointment) that only this date does."""
    if row.status != Outcome.PLANNED:
        return services.NOT_PLANNED.format(status=row.get_status_display().lower())
    return series_words if getattr(row, "series", None) else ""


# --- Planned visits ------------------------------------------------------------------


@requires(Permission.PLAN_VISITS)
def visit_list(request: HttpRequest) -> HttpResponse:
    """My visits: today and the next days. A support manager sees their
    cluster's, or only their own with ``?whose=mine``."""
    actor = request.actor
    manager = actor.has_role(Role.SUPPORT_MANAGER)
    everyone = manager and request.GET.get("whose") != "mine"
    rows = list(selectors.visits_week(actor, everyone=everyone))
    _shown(actor, rows)
    context = {"rows": rows, "manager": manager, "everyone": everyone}
    return render(request, "casework/appointments/visit_list.html", context)


@requires(Permission.PLAN_VISITS)
def visit_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    initial = {
        "member": request.GET.get("member"),
        "worker": actor.user.pk,
        "starts_at": next_half_hour(),
        "minutes": 60,
    }
    form = VisitForm(
        request.POST or None,
        initial=initial,
        members=selectors.members_to_plan_for(actor),
        workers=selectors.workers_for_viewer(actor),
    )
    made = change_from_form(
        request,
        form,
        lambda: services.visit_plan(actor=actor, **form.cleaned_data),
        done=lambda visit: f"Visit planned: {visit.member}.",
    )
    if made.made:
        return redirect("casework_appointments:visit", made.result.pk)
    back = reverse("casework_appointments:visits")
    return form_page(request, form, title="Plan a visit", button="Plan visit", back_url=back)


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """One visit: mark what happened, and log it as a contact."""
    actor = request.actor
    visit = selectors.visit_get_for_viewer(actor=actor, visit_id=visit_id)
    form = OutcomeForm(request.POST or None)
    here = reverse("casework_appointments:visit", args=[visit.pk])
    done = saved(
        request, form, services.visit_mark, done="Saved what happened.", to=here, visit=visit
    )
    if done:
        return done
    if request.method == "GET":
        record.record_member_access(actor=actor, member=visit.member, channel=PAGE)
    return render(
        request, "casework/appointments/visit_detail.html", {"visit": visit, "form": form}
    )


@login_required
def visit_change(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Change a visit while it is still planned."""
    actor = request.actor
    visit = selectors.visit_get_for_viewer(actor=actor, visit_id=visit_id)
    looked.page_about(request, visit.member)
    here = reverse("casework_appointments:visit", args=[visit.pk])
    form = VisitChangeForm(
        request.POST or None,
        initial=visit_initial(visit),
        workers=selectors.workers_for_viewer(actor),
    )
    done = saved(
        request, form, services.visit_change, done="The visit is changed.", to=here, visit=visit
    )
    if done:
        return done
    return form_page(
        request,
        form,
        title="Change the visit",
        caption=f"Visit to {visit.member.full_name}",
        intro=_change_intro(visit),
        button="Save the changes",
        back_url=here,
        show_form=visit.status == Outcome.PLANNED,
    )


@login_required
@require_POST
def visit_log_contact(request: HttpRequest, visit_id: int) -> HttpResponse:
    """One tap: the visit becomes its contact-log entry (once)."""
    actor = request.actor
    visit = selectors.visit_get_for_viewer(actor=actor, visit_id=visit_id)
    change_from_button(
        request,
        lambda: services.visit_log_contact(actor=actor, visit=visit),
        done=lambda contact: f"Contact logged: {contact.minutes} minutes with {visit.member}.",
    )
    return redirect("casework_appointments:visit", visit.pk)


# --- A member's own ------------------------------------------------------------------


@requires(Permission.VIEW_OWN_RECORD)
def my_appointments(request: HttpRequest) -> HttpResponse:
    """A member's own appointments and who is coming to see them, in easy read."""
    actor = request.actor
    member = selectors.my_member(actor)
    context = {
        "member": member,
        "appointments": list(selectors.my_appointments(actor, member)),
        "visits": list(selectors.my_visits_coming(actor, member)),
    }
    return render(request, "casework/appointments/my_appointments.html", context)
