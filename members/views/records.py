"""Member records: the staff list and page of members, and a member's own
easy-read pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from keyring_net.access import requires
from keyring_net.policy import Permission, can, may_see_field
from members import looked, selectors
from members.models import Member, RecordAccess
from members.services import record, support
from networks.selectors import networks_for_viewer

PAGE_SIZE = 50


@requires(Permission.VIEW_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    """Members in reach, 50 a page, searchable by name and filtered by
    network and status (current members by default)."""
    actor = request.actor
    members = selectors.member_rows_for_viewer(
        actor,
        search=request.GET.get("q", "").strip(),
        network_id=request.GET.get("network") or None,
        status=request.GET.get("status") or "current",
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    looked.page_listing(request, page.object_list)
    return render(
        request,
        "members/list.html",
        {
            "page": page,
            "members": page.object_list,
            "networks": networks_for_viewer(actor).values("pk", "name"),
            "statuses": Member.Status.choices,
            "query": request.GET.copy(),
        },
    )


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    member = selectors.member_get_for_viewer(actor=actor, member_id=member_id)
    record.record_member_access(actor=actor, member=member, channel=RecordAccess.Channel.PAGE)
    page = selectors.member_page(actor=actor, member=member)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "page": page,
            "can_change": can(actor, Permission.CHANGE_MEMBERS),
            "can_record": can(actor, Permission.RECORD_CONTACTS),
            "can_plans": can(actor, Permission.VIEW_PLANS),
            "can_outcomes": can(actor, Permission.RECORD_OUTCOMES),
            "editable_contacts": {
                c.pk for c in page.contacts if support.contact_is_editable(actor=actor, contact=c)
            },
            "show_support_needs": may_see_field(actor, "members.Member.support_needs"),
            "show_home": may_see_field(actor, "members.Member.home"),
            "show_date_of_birth": may_see_field(actor, "members.Member.date_of_birth"),
            "login_cards": (
                selectors.login_cards_of_member(actor=actor, member=member)[:5]
                if can(actor, Permission.ISSUE_LOGIN_CARD)
                else None
            ),
        },
    )


@requires(Permission.VIEW_OWN_RECORD)
def my_home(request: HttpRequest) -> HttpResponse:
    member = selectors.own_member_record(request.actor)
    return render(request, "members/my_home.html", {"member": member})


@requires(Permission.VIEW_OWN_RECORD)
def my_record_views(request: HttpRequest) -> HttpResponse:
    """Who has looked at my record (easy read)."""
    actor = request.actor
    member = selectors.own_member_record(actor)
    views = selectors.record_views_of_member(actor=actor, member=member)
    return render(request, "members/my_record_views.html", {"member": member, "views": views})
