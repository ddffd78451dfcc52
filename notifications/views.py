"""Each person's notifications (their inbox and their choices), and, for
support managers, what was sent, could not be sent or is waiting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.models import Role
from keyring_net.policy import Permission, can
from notifications import registry, selectors
from notifications.forms import MemberPreferenceForm, PreferenceForm
from notifications.models import Delivery
from notifications.services import choices, reading, sending

PAGE_SIZE = 25
# The picture beside each idea of a member's message (easy read).
PICTURES = {
    "plan_review": "plan",
    "visit_reminder": "calendar",
    "survey_invitation": "question",
    "survey_reminder": "question",
}


@requires(Permission.RECEIVE_NOTIFICATIONS)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    page = Paginator(selectors.inbox(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": list(page),
        "query": request.GET,
        "may_see_sent": can(actor, Permission.VIEW_SENT_NOTIFICATIONS),
    }
    if actor.has_role(Role.MEMBER):
        context["member"] = registry.members().own_record(actor)
        for notification in context["rows"]:
            notification.picture = PICTURES.get(notification.kind, "letter")
        return render(request, "notifications/my_inbox.html", context)
    return render(request, "notifications/inbox.html", context)


@requires(Permission.RECEIVE_NOTIFICATIONS)
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    actor = request.actor
    notification = selectors.notification_get_for_viewer(
        actor=actor, notification_id=notification_id
    )
    reading.notification_mark_read(actor=actor, notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.link, None):
        return redirect(notification.link or "notifications:inbox")
    return redirect("notifications:inbox")


@requires(Permission.RECEIVE_NOTIFICATIONS)
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = reading.notifications_mark_all_read(actor=request.actor)
    messages.success(request, f"Marked {count} as read." if count else "Nothing new to mark.")
    return redirect("notifications:inbox")


def _initial(preference) -> dict:
    if preference is None:
        return {"channels": ["email"], "quiet_overnight": True, "remind_day_before": True}
    return {
        "channels": [c for c in preference.channels if c != "in_app"],
        "sms_phone": preference.sms_phone,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "quiet_overnight": preference.quiet_overnight,
        "remind_day_before": preference.remind_day_before,
        "remind_hour_before": preference.remind_hour_before,
    }


@requires(Permission.RECEIVE_NOTIFICATIONS)
def preferences(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    is_member = actor.has_role(Role.MEMBER)
    form_class = MemberPreferenceForm if is_member else PreferenceForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                choices.preference_update(actor=actor, **form.service_arguments())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Your choices are saved.")
                return redirect("notifications:preferences")
    else:
        form = form_class(initial=_initial(selectors.own_preference(actor=actor)))
    if is_member:
        context = {"form": form, "member": registry.members().own_record(actor)}
        return render(request, "notifications/my_preferences.html", context)
    return render(request, "notifications/preferences.html", {"form": form})


@requires(Permission.VIEW_SENT_NOTIFICATIONS)
def sent(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    state = request.GET.get("state") or ""
    if state not in Delivery.State.values:
        state = ""
    queryset = selectors.deliveries(actor=actor, state=state or None)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.delivery_counts(actor=actor)
    return render(
        request,
        "notifications/sent.html",
        {
            "page": page,
            "rows": list(page),
            "state": state,
            "states": [(value, label, counts[value]) for value, label in Delivery.State.choices],
            "query": request.GET,
        },
    )


@login_required  # the access function answers 404 before 403
@require_POST
def retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    actor = request.actor
    delivery = selectors.delivery_get_for_manager(actor=actor, delivery_id=delivery_id)
    try:
        sending.delivery_retry(actor=actor, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "It will be sent again within a minute.")
    return redirect("notifications:sent")
