"""Pages of the tenancy core: each person's home and the organisation switcher."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keyring_net.middleware import SESSION_ORGANISATION_KEY
from keyring_net.models import Role
from keyring_net.policy import STAFF_ROLES, Permission, can


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's starting page, shaped by their roles. A member (with no
    staff role) goes straight to their own easy-read page."""
    actor = request.actor
    if actor.has_role(Role.MEMBER) and not actor.roles.intersection(STAFF_ROLES):
        return redirect("members:my-home")
    if actor.has_role(Role.SUPPORT_MANAGER):
        return redirect("dashboards:dashboard")
    shortcuts = [
        (
            Permission.RECORD_CONTACTS,
            "members:contact-add",
            "Log a contact",
            "Record support you gave: who, how, how long.",
        ),
        (
            Permission.VIEW_NETWORKS,
            "networks:list",
            "Networks",
            "Homes, members, the CLV and the hub of each network.",
        ),
        (
            Permission.MANAGE_CLUSTERS,
            "networks:clusters",
            "Clusters",
            "Add clusters and networks; see each cluster's support managers.",
        ),
        (Permission.VIEW_MEMBERS, "members:list", "Members", "The people you support."),
        (
            Permission.VIEW_INCIDENTS,
            "incidents:list",
            "Incidents and accidents",
            "Record a fall, an injury, damage, a lost key or a near miss; see them reviewed.",
        ),
        (
            Permission.ADMINISTER_PEOPLE,
            "people:list",
            "People and roles",
            "Invite staff and volunteers, and give or end their roles.",
        ),
        (
            Permission.MANAGE_ORGANISATION,
            "organisation:settings",
            "Organisation settings",
            "Your helpline, time zone, walking speed and the limits the product works to.",
        ),
        (
            Permission.VIEW_REPORTS,
            "reports:list",
            "Reports",
            "Outcome reports for each contract: download the PDF or the CSV.",
        ),
        (
            Permission.MANAGE_CONTRACTS,
            "contracts:list",
            "Contracts",
            "Which networks each council pays for, and how often it gets a report.",
        ),
        (Permission.USE_API_DOCS, "api-docs", "API", "Connect other systems to KeyRing Net."),
    ]
    return render(
        request,
        "keyring_net/home.html",
        {
            "shortcuts": [
                {"url_name": url, "title": title, "text": text}
                for permission, url, title, text in shortcuts
                if can(actor, permission)
            ],
            "is_commissioner": actor.has_role(Role.COMMISSIONER),
        },
    )


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Work in another organisation the person holds a role in.

    An organisation they hold no role in is "not found", like any other.
    """
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in {org.pk for org in request.actor.organisations}:
        raise Http404
    request.session[SESSION_ORGANISATION_KEY] = wanted
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
