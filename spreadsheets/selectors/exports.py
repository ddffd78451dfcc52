"""What each export holds, read through the apps' own selectors, so a file
shows exactly the rows its person reaches (a support manager: their
clusters' members, contacts, shifts and volunteers), and the history of
exports.

Each export is a ``Sheet``: its headings and its rows, read from the
database in chunks by one query (two for volunteers' checks and training,
which first reads the mandatory courses), however many rows there are.

The first column is the organisation's own reference (``reference``, from
its older system) of what a row is about: the member (members, contacts)
or the network (hours, volunteers' checks, until volunteers carry one), so
a provider can match a file back to that system. Homes' and networks'
references sit beside them in the members file."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.policy import may_see_field
from members.models import CommunicationNeed, Contact, ContactCorrection, Member
from members.selectors import contacts_for_viewer, members_for_viewer
from spreadsheets.models import ExportRecord
from volunteers.models import DBSCheck, Shift, TrainingRecord
from volunteers.selectors.people import modules_for_viewer, profiles_for_viewer
from volunteers.selectors.rota import shifts_for_viewer

What = ExportRecord.What
CHUNK = 2000
HISTORY_SHOWN = 50


@dataclass(frozen=True)
class Sheet:
    title: str
    headings: list[str]
    rows: Iterator[list]
    # Members whose records the file shows (for "who has looked at my
    # record"), as a query; None when it shows no member's record.
    members: QuerySet[Member] | None = None


# --- Members -----------------------------------------------------------------------------------


def _members(actor: Actor) -> Sheet:
    members = members_for_viewer(actor)
    homes = may_see_field(actor, "members.Member.home")
    needs = dict(CommunicationNeed.choices)
    headings = [
        "Reference",
        "Record number",
        "Full name",
        "Preferred name",
        "Status",
        "Network reference",
        "Network",
        *(["Home reference", "Address", "Town", "Postcode"] if homes else []),
        "Joined on",
        "Left on",
        "Paid support hours a week",
        "Communication needs",
    ]

    def rows() -> Iterator[list]:
        for member in members.iterator(chunk_size=CHUNK):
            home = member.home
            address = []
            if homes:
                address = [
                    home.reference or None if home else None,
                    ", ".join(p for p in (home.address_line_1, home.address_line_2) if p)
                    if home
                    else None,
                    home.town if home else None,
                    home.postcode if home else None,
                ]
            network = member.network
            yield [
                member.reference or None,
                member.pk,
                member.full_name,
                member.preferred_name,
                member.get_status_display(),
                network.reference or None if network else None,
                network.name if network else None,
                *address,
                member.joined_on,
                member.left_on,
                member.support_hours_per_week,
                "; ".join(str(needs[n]) for n in member.communication_needs if n in needs),
            ]

    return Sheet("Members", headings, rows(), members)


# --- Contacts ----------------------------------------------------------------------------------


def _contacts(actor: Actor) -> Sheet:
    latest_correction = (
        ContactCorrection.objects.filter(organisation=actor.organisation, contact=OuterRef("pk"))
        .order_by("-corrected_at", "-pk")
        .values("text")[:1]
    )
    contacts = (
        contacts_for_viewer(actor)
        .prefetch_related(None)
        .annotate(latest_correction=Subquery(latest_correction))
    )
    topics = dict(Contact.Topic.choices)
    headings = [
        "Member's reference",
        "When",
        "Member",
        "Member's record number",
        "Who gave support",
        "How",
        "Minutes",
        "About",
        "Peer supporter",
        "Notes",
        "Latest correction",
    ]

    def rows() -> Iterator[list]:
        for contact in contacts.iterator(chunk_size=CHUNK):
            yield [
                contact.member.reference or None,
                contact.happened_at,
                contact.member.full_name,
                contact.member_id,
                contact.worker.full_name,
                contact.get_method_display(),
                contact.minutes,
                "; ".join(str(topics[t]) for t in contact.topics if t in topics),
                contact.peer.full_name if contact.peer else None,
                contact.notes,
                contact.latest_correction,
            ]

    shown = members_for_viewer(actor).filter(pk__in=contacts.values("member_id"))
    return Sheet("Contacts", headings, rows(), shown)


# --- Volunteer hours ---------------------------------------------------------------------------


def _hours(actor: Actor) -> Sheet:
    """Shifts marked worked: the time a volunteer or enabler gave on the
    rota. Support logged outside a shift is in the contacts export (its
    worker and minutes)."""
    shifts = shifts_for_viewer(actor).filter(status=Shift.Status.WORKED)
    headings = [
        "Network reference",
        "Who",
        "Network",
        "Shift",
        "Started",
        "Ended",
        "Hours",
        "Notes",
    ]

    def rows() -> Iterator[list]:
        for shift in shifts.iterator(chunk_size=CHUNK):
            minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
            yield [
                shift.network.reference or None,
                shift.worker.full_name if shift.worker else None,
                shift.network.name,
                shift.get_kind_display(),
                shift.starts_at,
                shift.ends_at,
                round(minutes / 60, 2),
                shift.notes,
            ]

    return Sheet("Volunteer hours", headings, rows())


# --- Volunteers' checks and training -----------------------------------------------------------


def _latest(model, order: str, field: str, **match) -> Subquery:
    return Subquery(
        model.objects.filter(profile=OuterRef("pk"), **match)
        .order_by(order, "-pk")
        .values(field)[:1]
    )


def _compliance(actor: Actor) -> Sheet:
    """One row per volunteer or enabler: their latest DBS check, each
    mandatory course's latest completion and when it runs out, and whether
    that clears them for lone visits today (``volunteers.clearance``'s
    rule)."""
    today = timezone.localdate()
    modules = list(modules_for_viewer(actor).filter(mandatory=True))
    profiles = profiles_for_viewer(actor).annotate(
        dbs_level=_latest(DBSCheck, "-renewal_due", "level"),
        dbs_issued_on=_latest(DBSCheck, "-renewal_due", "issued_on"),
        dbs_update_service=_latest(DBSCheck, "-renewal_due", "on_update_service"),
        **{
            f"m{m.pk}_{field}": _latest(TrainingRecord, "-completed_on", field, module=m.pk)
            for m in modules
            for field in ("completed_on", "expires_on")
        },
    )
    levels = dict(DBSCheck.Level.choices)
    headings = [
        "Network reference",
        "Name",
        "Role",
        "Stage",
        "Network",
        "DBS check",
        "DBS issued on",
        "DBS renewal due",
        "On the DBS update service",
        *[
            heading
            for m in modules
            for heading in (f"{m.name}: completed on", f"{m.name}: runs out on")
        ],
        "Cleared for lone visits today",
        "What is missing",
    ]

    def missing(profile) -> list[str]:
        reasons = []
        renewal = profile.latest_dbs_renewal_due
        if renewal is None:
            reasons.append("No DBS check recorded.")
        elif renewal < today:
            reasons.append("DBS check ran out.")
        for m in modules:
            done = getattr(profile, f"m{m.pk}_completed_on")
            expires = getattr(profile, f"m{m.pk}_expires_on")
            if done is None:
                reasons.append(f"{m.name} training not done.")
            elif expires is not None and expires < today:
                reasons.append(f"{m.name} training ran out.")
        return reasons

    def rows() -> Iterator[list]:
        for profile in profiles.iterator(chunk_size=CHUNK):
            reasons = missing(profile)
            network = profile.network
            yield [
                network.reference or None if network else None,
                profile.user.full_name,
                profile.get_kind_display(),
                profile.get_stage_display(),
                network.name if network else None,
                str(levels.get(profile.dbs_level, "")) or None,
                profile.dbs_issued_on,
                profile.latest_dbs_renewal_due,
                None if profile.dbs_level is None else bool(profile.dbs_update_service),
                *[
                    getattr(profile, f"m{m.pk}_{field}")
                    for m in modules
                    for field in ("completed_on", "expires_on")
                ],
                not reasons,
                " ".join(reasons),
            ]

    return Sheet("Checks and training", headings, rows())


SHEETS = {
    What.MEMBERS: _members,
    What.CONTACTS: _contacts,
    What.HOURS: _hours,
    What.COMPLIANCE: _compliance,
}

# What the export page offers, in its order, with what each holds.
EXPORTABLE: list[tuple[str, str]] = [
    (What.MEMBERS, "Each member you support: network, status, home and communication needs."),
    (What.CONTACTS, "The contact log: who supported whom, when, how, for how long, and the notes."),
    (What.HOURS, "Shifts worked by volunteers and enablers, with their hours."),
    (
        What.COMPLIANCE,
        "Each volunteer's and enabler's DBS check and mandatory training, and when they run out.",
    ),
]


def export_sheet(actor: Actor, what: str) -> Sheet:
    """The rows of ``what`` that ``actor`` reaches. Read lazily: nothing is
    asked of the database until the rows are read (the mandatory courses
    excepted)."""
    return SHEETS[What(what)](actor)


def exports_for_viewer(actor: Actor) -> QuerySet[ExportRecord]:
    """The organisation's exports and refused tries, newest first, with who
    made them."""
    return (
        ExportRecord.objects.filter(organisation=actor.organisation)
        .select_related("person")
        .order_by("-at", "-pk")
    )


def file_name(what: str, format: str, on: datetime.date | None = None) -> str:
    day = on or timezone.localdate()
    return f"{What(what).value}-{day.isoformat()}.{format}"
