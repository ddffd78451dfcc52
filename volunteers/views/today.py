"""Today, on a phone: my shifts, the members I am due to see, who to call,
and checking in and out of visits alone. And the support manager's
lone-working alerts."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.models import Organisation
from keyring_net.policy import Permission
from volunteers import selectors_today as selectors
from volunteers import services_today as services
from volunteers.models import LoneWorkingAlert

DURATIONS = [("30", "30 minutes"), ("60", "1 hour"), ("90", "1 hour 30 minutes")]


class CheckInForm(forms.Form):
    """Checking in before a visit alone: who or where, and for how long.
    Two taps and Check in."""

    member = forms.ModelChoiceField(
        label="Who are you visiting?",
        queryset=None,
        required=False,
        empty_label="Not visiting a member",
    )
    place = forms.CharField(
        label="Or where are you? (optional)",
        max_length=200,
        required=False,
        help_text="For example: the community centre.",
    )
    duration = forms.ChoiceField(
        label="How long will you be?",
        choices=DURATIONS,
        widget=forms.RadioSelect,
        required=False,
    )
    until = forms.TimeField(
        label="Or the time you will finish (optional)",
        required=False,
        help_text="If you enter a time, it is used instead.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time, like 15:30."},
    )

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("initial", {"duration": "60"})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

    def clean(self):
        data = super().clean()
        if not data.get("until") and not data.get("duration") and "until" not in self.errors:
            self.add_error("duration", "Choose how long you will be, or enter a finish time.")
        return data

    def expected_end(self, organisation: Organisation, now: datetime.datetime):
        """A typed time is today's (local); otherwise now plus the choice."""
        until = self.cleaned_data.get("until")
        if until:
            zone = selectors.local_zone(organisation)
            return datetime.datetime.combine(now.astimezone(zone).date(), until, tzinfo=zone)
        return now + datetime.timedelta(minutes=int(self.cleaned_data["duration"]))

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, texts in error.message_dict.items():
            if name == "expected_end_at":
                name = "until" if self.cleaned_data.get("until") else "duration"
            self.add_error(name if name in self.fields else None, texts)


def _today(request: HttpRequest, form: CheckInForm | None = None) -> HttpResponse:
    actor = request.actor
    page = selectors.today_page(actor=actor)
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
    if form.is_valid():
        try:
            session = services.lone_working_check_in(
                actor=actor,
                member=form.cleaned_data["member"],
                place=form.cleaned_data["place"],
                expected_end_at=form.expected_end(actor.organisation, now),
                now=now,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            end = selectors.clock(session.expected_end_at, actor.organisation)
            messages.success(
                request, f"Checked in {services.where_text(session)}. Check out by {end}."
            )
            return redirect("volunteers_today:today")
    return _today(request, form)


@login_required
@require_POST
def check_out(request: HttpRequest, lone_working_id: int) -> HttpResponse:
    actor = request.actor
    session = selectors.lone_working_get_for_viewer(actor=actor, session_id=lone_working_id)
    already = session.checked_out_at is not None
    session = services.lone_working_check_out(actor=actor, session=session)
    at = selectors.clock(session.checked_out_at, actor.organisation)
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
    zone_name = selectors.local_zone(organisation).key
    return render(request, "volunteers/today/alerts.html", {"rows": rows, "zone_name": zone_name})


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, lone_alert_id: int) -> HttpResponse:
    actor = request.actor
    alert = selectors.alert_get_for_viewer(actor=actor, alert_id=lone_alert_id)
    try:
        services.lone_working_alert_acknowledge(actor=actor, alert=alert)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Acknowledged: {alert.session.worker.get_short_name()}'s visit. "
            "No more alerts will be sent about it.",
        )
    return redirect("volunteers_today:alerts")
