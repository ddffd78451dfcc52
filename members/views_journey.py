"""Referral pipeline and a member's journey: assessment, decision,
allocation, moving on, support flexed up or down, consent, the people they
choose to involve, and their connections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.models import Role, User
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from members import selectors, services
from members.forms import (
    AllocationForm,
    AssessmentForm,
    ChosenPersonForm,
    CommunicationNeedsForm,
    ConsentForm,
    DecisionForm,
    PeerConnectionForm,
    PlaceConnectionForm,
    ReferralForm,
    StatusForm,
    SupportLevelForm,
)
from members.models import Member, Referral
from networks.models import CommunityAsset, Home
from networks.selectors import assets_of_network, networks_for_viewer


def workers_in_reach(actor):
    """People who can be allocated to members: CLVs, enablers and managers
    working in the actor's networks."""
    networks = networks_for_viewer(actor).values("pk")
    return (
        User.objects.filter(
            role_assignments__organisation=actor.organisation,
            role_assignments__ended_at__isnull=True,
        )
        .filter(
            Q(
                role_assignments__role__in=[Role.CLV, Role.COMMUNITY_ENABLER],
                role_assignments__network__in=networks,
            )
            | Q(role_assignments__role=Role.SUPPORT_MANAGER)
        )
        .distinct()
        .order_by("full_name")
    )


def _back_url(back) -> str:
    if isinstance(back, Member):
        return reverse("members:detail", kwargs={"member_id": back.pk})
    return reverse(back)


@requires(Permission.MANAGE_REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    pipeline = selectors.referral_pipeline(request.actor)
    columns = [(stage, label, pipeline[stage]) for stage, label in Referral.Stage.choices]
    return render(request, "members/referrals.html", {"columns": columns})


@requires(Permission.MANAGE_REFERRALS)
def referral_add(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(actor=request.actor, **form.cleaned_data)
        messages.success(request, f"Referral of {referral.member.full_name} recorded.")
        return redirect("members:referral-detail", referral_id=referral.pk)
    return form_page(
        request,
        form,
        title="Record a referral",
        button="Record the referral",
        back_url=_back_url("members:referrals"),
    )


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = selectors.referral_get_for_viewer(actor=actor, referral_id=referral_id)
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
        homes=Home.objects.filter(organisation=actor.organisation, network__in=networks)
        .exclude(members__status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING])
        .select_related("network")
        .order_by("network__name", "address_line_1"),
        workers=workers_in_reach(actor),
    )
    form = {"assess": assess, "decide": decide, "allocate": allocate}.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "assess":
                services.referral_start_assessment(
                    actor=actor, referral=referral, **form.cleaned_data
                )
            elif action == "decide":
                services.referral_decide(actor=actor, referral=referral, **form.cleaned_data)
            else:
                if referral.stage != Referral.Stage.ACCEPTED:
                    raise ValidationError("Accept the referral before giving them a network.")
                services.member_allocate(actor=actor, member=referral.member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("members:referral-detail", referral_id=referral.pk)
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


def _member_for_change(request, member_id, permission=Permission.CHANGE_MEMBERS):
    return selectors.member_get_for_viewer(
        actor=request.actor, member_id=member_id, permission=permission
    )


@login_required
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id)
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_change_status(actor=request.actor, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{member} is now {member.get_status_display().lower()}.")
            return redirect("members:detail", member_id=member.pk)
    return form_page(
        request,
        form,
        title=f"Change {member}'s journey",
        button="Save",
        back_url=_back_url(member),
        caption=member.full_name,
    )


@login_required
def member_support_level(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id)
    form = SupportLevelForm(request.POST or None, initial={"hours": member.support_hours_per_week})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.member_flex_support(
                actor=request.actor, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            direction = "up" if change.is_up else "down"
            messages.success(request, f"Support flexed {direction} to {change.to_hours} hours.")
            return redirect("members:detail", member_id=member.pk)
    return form_page(
        request,
        form,
        title=f"Flex {member}'s support",
        button="Save",
        back_url=_back_url(member),
        caption=member.full_name,
    )


@login_required
def communication_needs(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    form = CommunicationNeedsForm(
        request.POST or None,
        initial={"needs": member.communication_needs, "notes": member.communication_notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.communication_needs_set(
                actor=request.actor, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Communication needs saved.")
            return redirect("members:detail", member_id=member.pk)
    return form_page(
        request,
        form,
        title="How to share information with them",
        button="Save",
        back_url=_back_url(member),
        caption=member.full_name,
    )


@login_required
def consent_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    form = ConsentForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.actor, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Consent recorded.")
            return redirect("members:detail", member_id=member.pk)
    return form_page(
        request,
        form,
        title="Record consent",
        button="Save",
        back_url=_back_url(member),
        caption=member.full_name,
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, member_id: int, consent_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    consent = selectors.consent_get(actor=request.actor, member=member, consent_id=consent_id)
    services.consent_withdraw(actor=request.actor, consent=consent, on=timezone.localdate())
    messages.success(request, "Consent withdrawn from today.")
    return redirect("members:detail", member_id=member.pk)


@login_required
def chosen_person_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    form = ChosenPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.chosen_person_add(actor=request.actor, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Added {form.cleaned_data['name']}.")
            return redirect("members:detail", member_id=member.pk)
    return form_page(
        request,
        form,
        title="Add someone they choose to involve",
        button="Add",
        back_url=_back_url(member),
        caption=member.full_name,
    )


@login_required
def connection_add(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    kind = request.GET.get("kind", request.POST.get("kind", "peer"))
    today = timezone.localdate()
    if kind == "place":
        form = PlaceConnectionForm(
            request.POST or None,
            initial={"started_on": today},
            assets=assets_of_network(member.network)
            if member.network
            else CommunityAsset.objects.none(),
        )
    else:
        others = (
            selectors.members_for_viewer(actor).filter(network=member.network).exclude(pk=member.pk)
        )
        form = PeerConnectionForm(
            request.POST or None,
            initial={"a_agreed_on": today, "b_agreed_on": today},
            others=others,
        )
    if request.method == "POST" and form.is_valid():
        try:
            if kind == "place":
                services.community_connect(actor=actor, member=member, **form.cleaned_data)
            else:
                services.peer_connect(actor=actor, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Connection recorded.")
            return redirect("members:detail", member_id=member.pk)
    title = "Add a place they use" if kind == "place" else "Add someone they know in the network"
    return form_page(
        request,
        form,
        title=title,
        button="Save",
        back_url=_back_url(member),
        caption=member.full_name,
        hidden={"kind": kind},
    )
