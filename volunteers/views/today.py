"""Today, on a phone: my shifts, the members I am due to see, who to call,
and checking in and out of visits alone. And the support manager's
lone-working alerts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.clock import clock, local_zone
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import saved
from members import looked
from volunteers.forms.today import CheckInForm, ResolveAlertForm
from volunteers.models import LoneWorkingAlert
from volunteers.selectors import today as selectors
from volunteers.services import today as services
from volunteers.views.steps import button_pressed, form_sent


def _today(request: HttpRequest, form: CheckInForm | None = None) -> HttpResponse:
    actor = request.actor
    page = selectors.today_page(actor=actor)
    looked.page_listing(request, [due.member for due in page.due])
    if form is None and page.may_lone_work and page.open_session is None:
        form = CheckInForm(members=selectors.members_to_visit(actor))
    return render(request, "volunteers/today/today.html", {"page": page, "form": form})


@requires(Permission.WORK_SHIFTS)
def today(request: HttpRequest) -> HttpResponse:
    return _today(request)


@requires(Permission.LONE_WORKING)
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    now = timezone.now()
    form = CheckInForm(request.POST, members=selectors.members_to_visit(actor))
    done, _ = form_sent(
        request,
        form,
        lambda: services.lone_working_check_in(
            actor=actor,
            member=form.cleaned_data["member"],
            place=form.cleaned_data["place"],
            expected_end_at=form.expected_end(actor.organisation, now),
            now=now,
        ),
        lambda session: (
            f"Checked in {services.where_text(session)}. "
            f"Check out by {clock(session.expected_end_at, actor.organisation)}."
        ),
    )
    if done:
        return redirect("volunteers_today:today")
    return _today(request, form)


@login_required
@require_POST
def check_out(request: HttpRequest, lone_working_id: int) -> HttpResponse:
    actor = request.actor
    session = selectors.lone_working_get_for_viewer(actor=actor, session_id=lone_working_id)
    already = session.checked_out_at is not None
    session = services.lone_working_check_out(actor=actor, session=session)
    at = clock(session.checked_out_at, actor.organisation)
    if already:
        messages.info(request, f"You had already checked out, at {at}.")
    else:
        messages.success(request, f"Checked out at {at}. Thank you: you are safe.")
    return redirect("volunteers_today:today")


@requires(Permission.ACKNOWLEDGE_ALERTS)
def alerts(request: HttpRequest) -> HttpResponse:
    organisation = request.actor.organisation
    rows = []
    for alert in selectors.open_alerts_for_viewer(request.actor):
        manager_alert = next(
            (a for a in alert.session.all_alerts if a.level == LoneWorkingAlert.Level.MANAGER),
            None,
        )
        rows.append(services.alert_context(alert, organisation, manager_alert=manager_alert))
    zone_name = local_zone(organisation).key
    unresolved = [
        services.alert_context(alert, organisation)
        for alert in selectors.unresolved_alerts_for_viewer(request.actor)
    ]
    return render(
        request,
        "volunteers/today/alerts.html",
        {"rows": rows, "unresolved": unresolved, "zone_name": zone_name},
    )


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, lone_alert_id: int) -> HttpResponse:
    actor = request.actor
    alert = selectors.alert_get_for_viewer(actor=actor, alert_id=lone_alert_id)
    button_pressed(
        request,
        lambda: services.lone_working_alert_acknowledge(actor=actor, alert=alert),
        f"Acknowledged: {alert.session.worker.get_short_name()}'s visit. "
        "No more alerts will be sent about it.",
        level=messages.info,
    )
    return redirect("volunteers_today:alerts")


@login_required
def alert_resolve(request: HttpRequest, lone_alert_id: int) -> HttpResponse:
    """Say what an alert turned out to be: a false alarm, or real (which
    opens an incident draft for the support manager to finish)."""
    actor = request.actor
    alert = selectors.alert_get_for_viewer(actor=actor, alert_id=lone_alert_id)
    form = ResolveAlertForm(request.POST or None)
    back_url = reverse("volunteers_today:alerts")

    def said(resolved) -> str:
        if resolved.outcome == resolved.Outcome.REAL:
            return "Resolved as real. An incident draft is open: finish it from the incidents list."
        return "Resolved as a false alarm."

    return saved(
        request, form, services.lone_working_alert_resolve, done=said, to=back_url, alert=alert
    ) or form_page(
        request,
        form,
        title="What was the alert?",
        caption=f"{alert.session.worker.full_name}'s visit {services.where_text(alert.session)}",
        button="Save",
        back_url=back_url,
    )
