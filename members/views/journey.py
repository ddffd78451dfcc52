"""A member's journey: moving on, support flexed up or down, how they need
information, consent, the people they choose to involve, and their
connections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import Said, saved
from members import looked, selectors
from members.forms import (
    ChosenPersonForm,
    CommunicationNeedsForm,
    ConsentForm,
    MemberDetailsForm,
    PeerConnectionForm,
    PlaceConnectionForm,
    StatusForm,
    SupportLevelForm,
)
from members.services import journey, record, support
from networks.models import CommunityAsset
from networks.selectors import assets_of_network


def member_form_page(
    request: HttpRequest, member, form, service: Callable[..., Any], *, done: Said, **page: Any
) -> HttpResponse:
    """A page with one form about ``member``. A valid form goes to
    ``service(actor=, member=, **its data)``; once saved, the member's page
    says ``done`` (or ``done(what the service returned)``). ``page``: the
    rest of ``form_page``'s (its button says Save unless given)."""
    member_url = reverse("members:detail", kwargs={"member_id": member.pk})
    looked.page_about(request, member)
    page.setdefault("button", "Save")
    return saved(request, form, service, done=done, to=member_url, member=member) or form_page(
        request, form, back_url=member_url, caption=member.full_name, **page
    )


def _member_for_change(request, member_id, permission=Permission.CHANGE_MEMBERS):
    return selectors.member_get_for_viewer(
        actor=request.actor, member_id=member_id, permission=permission
    )


@login_required
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id)
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    return member_form_page(
        request,
        member,
        form,
        journey.member_change_status,
        title=f"Change {member}'s journey",
        done=lambda member: f"{member} is now {member.get_status_display().lower()}.",
    )


@login_required
def member_support_level(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id)
    form = SupportLevelForm(request.POST or None, initial={"hours": member.support_hours_per_week})
    return member_form_page(
        request,
        member,
        form,
        journey.member_flex_support,
        title=f"Flex {member}'s support",
        done=lambda change: (
            f"Support flexed {'up' if change.is_up else 'down'} to {change.to_hours} hours."
        ),
    )


@login_required
def member_details(request: HttpRequest, member_id: int) -> HttpResponse:
    """Their reference and date of birth: support managers change them."""
    member = _member_for_change(request, member_id)
    form = MemberDetailsForm(
        request.POST or None,
        initial={"reference": member.reference, "date_of_birth": member.date_of_birth},
    )
    return member_form_page(
        request,
        member,
        form,
        record.member_details_change,
        title=f"{member}'s reference and date of birth",
        done="Reference and date of birth saved.",
    )


@login_required
def communication_needs(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    form = CommunicationNeedsForm(
        request.POST or None,
        initial={"needs": member.communication_needs, "notes": member.communication_notes},
    )
    return member_form_page(
        request,
        member,
        form,
        record.communication_needs_set,
        title="How to share information with them",
        done="Communication needs saved.",
    )


@login_required
def consent_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    form = ConsentForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    return member_form_page(
        request,
        member,
        form,
        support.consent_record,
        title="Record consent",
        done="Consent recorded.",
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, member_id: int, consent_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    given = selectors.consent_get(actor=request.actor, member=member, consent_id=consent_id)
    support.consent_withdraw(actor=request.actor, consent=given, on=timezone.localdate())
    messages.success(request, "Consent withdrawn from today.")
    return redirect("members:detail", member_id=member.pk)


@login_required
def chosen_person_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_change(request, member_id, Permission.RECORD_CONTACTS)
    return member_form_page(
        request,
        member,
        ChosenPersonForm(request.POST or None),
        support.chosen_person_add,
        title="Add someone they choose to involve",
        button="Add",
        done=lambda person: f"Added {person.name}.",
    )


@login_required
def connection_add(request: HttpRequest, member_id: int) -> HttpResponse:
    """Someone the member knows in the network, or (``kind=place``) a place
    they use."""
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
        service, title = support.community_connect, "Add a place they use"
    else:
        form = PeerConnectionForm(
            request.POST or None,
            initial={"a_agreed_on": today, "b_agreed_on": today},
            others=selectors.members_for_viewer(request.actor)
            .filter(network=member.network)
            .exclude(pk=member.pk),
        )
        service, title = support.peer_connect, "Add someone they know in the network"
    return member_form_page(
        request,
        member,
        form,
        service,
        title=title,
        done="Connection recorded.",
        hidden={"kind": kind},
    )
