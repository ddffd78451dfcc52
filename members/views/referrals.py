"""The referral pipeline: a new referral, its assessment and decision, and
giving an accepted member their network, home and workers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import saved
from members import looked, selectors
from members.forms import AllocationForm, AssessmentForm, DecisionForm, ReferralForm
from members.models import Referral
from members.services import journey
from networks.selectors import networks_for_viewer


@requires(Permission.MANAGE_REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    pipeline = selectors.referral_pipeline(request.actor)
    columns = [(stage, label, pipeline[stage]) for stage, label in Referral.Stage.choices]
    looked.page_listing(request, (r.member_id for rows in pipeline.values() for r in rows))
    return render(request, "members/referrals.html", {"columns": columns})


@requires(Permission.MANAGE_REFERRALS)
def referral_add(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = journey.referral_create(actor=request.actor, **form.cleaned_data)
        messages.success(request, f"Referral of {referral.member.full_name} recorded.")
        return redirect("members:referral-detail", referral_id=referral.pk)
    return form_page(
        request,
        form,
        title="Record a referral",
        button="Record the referral",
        back_url=reverse("members:referrals"),
    )


def _allocate(*, actor, referral: Referral, **data):
    if referral.stage != Referral.Stage.ACCEPTED:
        raise ValidationError("Accept the referral before giving them a network.")
    return journey.member_allocate(actor=actor, member=referral.member, **data)


# What each form on a referral's page does once filled in.
REFERRAL_STEPS = {
    "assess": journey.referral_start_assessment,
    "decide": journey.referral_decide,
    "allocate": _allocate,
}


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = selectors.referral_get_for_viewer(actor=actor, referral_id=referral_id)
    looked.page_about(request, referral.member)
    action = request.POST.get("action") if request.method == "POST" else None
    today = {"on": timezone.localdate()}
    assess = AssessmentForm(
        request.POST if action == "assess" else None,
        initial={**today, "notes": referral.assessment_notes},
    )
    decide = DecisionForm(request.POST if action == "decide" else None, initial=today)
    networks = networks_for_viewer(actor)
    allocate = AllocationForm(
        request.POST if action == "allocate" else None,
        initial=today,
        networks=networks,
        homes=selectors.homes_free_for_allocation(actor, networks),
        workers=selectors.workers_in_reach(actor),
    )
    form = {"assess": assess, "decide": decide, "allocate": allocate}.get(action)
    done = form is not None and saved(
        request,
        form,
        REFERRAL_STEPS[action],
        done="Saved.",
        to=reverse("members:referral-detail", args=[referral.pk]),
        referral=referral,
    )
    if done:
        return done
    return render(
        request,
        "members/referral_detail.html",
        {
            "referral": referral,
            "assess": assess,
            "decide": decide,
            "allocate": allocate,
            "action": action,
        },
    )
