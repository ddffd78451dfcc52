"""Navigation, by role. Each item shows only to people whose roles hold its
permission (or to every signed-in person when it names none)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from keyring_net.actors import Actor
from keyring_net.policy import Permission, can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: Permission | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home"),
    NavItem("Search", "search:page", Permission.SEARCH_RECORDS),
    NavItem("Notifications", "notifications:inbox", Permission.RECEIVE_NOTIFICATIONS),
    NavItem("Today", "volunteers_today:today", Permission.WORK_SHIFTS),
    NavItem("My rota", "volunteers_rota:my-rota", Permission.WORK_SHIFTS),
    NavItem("Dashboard", "dashboards:dashboard", Permission.VIEW_DASHBOARD),
    NavItem("Networks", "networks:list", Permission.VIEW_NETWORKS),
    NavItem("Clusters", "networks:clusters", Permission.MANAGE_CLUSTERS),
    NavItem("Referrals", "members:referrals", Permission.MANAGE_REFERRALS),
    NavItem("Members", "members:list", Permission.VIEW_MEMBERS),
    NavItem("Log a contact", "members:contact-add", Permission.RECORD_CONTACTS),
    NavItem("Safeguarding", "safeguarding:list", Permission.RAISE_SAFEGUARDING),
    NavItem("Visits", "casework_appointments:visits", Permission.PLAN_VISITS),
    NavItem("Appointments", "casework_appointments:appointments", Permission.RECORD_APPOINTMENTS),
    NavItem("Volunteers", "volunteers_people:pipeline", Permission.VIEW_VOLUNTEERS),
    NavItem("Swaps", "volunteers_rota:swaps", Permission.MANAGE_ROTA),
    NavItem("Lone working", "volunteers_today:alerts", Permission.ACKNOWLEDGE_ALERTS),
    NavItem("People", "people:list", Permission.ADMINISTER_PEOPLE),
    NavItem("Settings", "organisation:settings", Permission.MANAGE_ORGANISATION),
    NavItem("Safeguarding leads", "safeguarding:leads", Permission.MANAGE_SAFEGUARDING_LEADS),
    NavItem("Imports", "imports:list", Permission.IMPORT_RECORDS),
    NavItem("Stars", "plans:templates", Permission.MANAGE_STAR_TEMPLATES),
    NavItem("Outcomes", "outcomes_figures:dashboard", Permission.VIEW_OUTCOMES),
    NavItem("Surveys", "surveys:list", Permission.MANAGE_SURVEYS),
    NavItem("Quality checks", "quality:list", Permission.VIEW_QUALITY_CHECKS),
    NavItem("Reports", "reports:list", Permission.VIEW_REPORTS),
    NavItem("Contracts", "contracts:list", Permission.MANAGE_CONTRACTS),
    NavItem("Export records", "exports:page", Permission.EXPORT_RECORDS),
    NavItem("Copies of records", "privacy:list", Permission.HANDLE_SUBJECT_ACCESS),
    NavItem("API", "api-docs", Permission.USE_API_DOCS),
    NavItem("API tokens", "tokens:list", Permission.USE_API_TOKENS),
    NavItem("Your account", "account_email"),
]


def items_for(actor: Actor, current_path: str) -> list[dict[str, object]]:
    if actor.user is None:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.permission is not None and not can(actor, item.permission):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
