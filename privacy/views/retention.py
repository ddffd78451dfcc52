"""Pages for legal holds: the holds on members' records (now and before)
with a form to put one on, and a page to lift one. For the organisation's
admin (its data protection lead) and support managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import saved
from privacy.forms.retention import HoldForm, LiftForm
from privacy.selectors.retention import hold_candidates, hold_get_for_viewer, holds_for_viewer
from privacy.services import retention


@requires(Permission.MANAGE_LEGAL_HOLDS)
def holds(request: HttpRequest) -> HttpResponse:
    """Legal holds now and before, and a form to put one on."""
    actor = request.actor
    form = HoldForm(request.POST or None, members=hold_candidates(actor))
    made = saved(
        request,
        form,
        retention.hold_set,
        done=lambda hold: f"The records of {hold.member.full_name} are on hold.",
        to=reverse("privacy:holds"),
    )
    if made:
        return made
    rows = list(holds_for_viewer(actor))
    return render(
        request,
        "privacy/holds.html",
        {
            "current": [h for h in rows if h.lifted_at is None],
            "lifted": [h for h in rows if h.lifted_at is not None],
            "form": form,
        },
    )


@login_required
def hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    """Lift one legal hold, with a reason (404 out of reach, then 403)."""
    hold = hold_get_for_viewer(actor=request.actor, hold_id=hold_id)
    form = LiftForm(request.POST or None)
    made = saved(
        request,
        form,
        retention.hold_lift,
        hold=hold,
        done=f"The hold on the records of {hold.member.full_name} is lifted.",
        to=reverse("privacy:holds"),
    )
    return made or form_page(
        request,
        form,
        title=f"Lift the hold on {hold.member.full_name}'s records",
        caption="Legal holds",
        intro=f"Held since {hold.set_at:%d %B %Y} because: {hold.reason}",
        button="Lift the hold",
        back_url=reverse("privacy:holds"),
        show_form=hold.lifted_at is None,
    )
