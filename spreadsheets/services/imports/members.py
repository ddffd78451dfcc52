"""Members, with their homes and postcodes, from a file.

Each row is matched to a member by the organisation's own reference for
them, so importing the same file again changes nothing. A member needs a
network, named by its name; a network of another organisation, or none of
that name, is a problem in plain words. A blank cell leaves what is
recorded as it is.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.models import Member
from networks.models import Network
from spreadsheets.services.imports.columns import (
    Field,
    birth_date,
    choice,
    header_key,
    hours,
    record_date,
    text,
)
from spreadsheets.services.imports.engine import CREATE, UPDATE, FirstRows, Kind, Prepared
from spreadsheets.services.imports.homes import HOME_FIELDS, Homes

MEMBER_FIELDS = [
    Field(
        "reference",
        "Reference",
        text(50),
        ("Ref", "Member reference", "Member ref", "Member ID", "Client ID", "ID", "Person ID"),
        required=True,
        help="Your own reference for the member: how a second import finds them again.",
    ),
    Field("full_name", "Full name", text(200), ("Name", "Member name", "Member")),
    Field("first_name", "First name", text(100), ("Forename", "Given name", "First names")),
    Field("last_name", "Surname", text(100), ("Last name", "Family name")),
    Field("preferred_name", "Preferred name", text(100), ("Known as", "Nickname")),
    Field("date_of_birth", "Date of birth", birth_date, ("DOB", "D.O.B.", "Birth date", "Born")),
    Field("network", "Network", text(120), ("Network name", "KeyRing network"), required=True),
    Field("status", "Status", choice(Member.Status.choices), ("Member status",)),
    Field("joined_on", "Joined on", record_date, ("Joined", "Date joined", "Start date")),
    Field(
        "support_hours_per_week",
        "Support hours a week",
        hours,
        ("Support hours", "Hours a week", "Hours per week", "Weekly hours"),
    ),
    *HOME_FIELDS,
]
MEMBER_CHANGES = (
    "full_name",
    "preferred_name",
    "date_of_birth",
    "status",
    "joined_on",
    "support_hours_per_week",
)


def _name(values: dict) -> str:
    if values.get("full_name"):
        return values["full_name"]
    return " ".join(filter(None, (values.get("first_name"), values.get("last_name"))))


class MembersImport(Kind):
    label = "members"
    fields = MEMBER_FIELDS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.networks = {header_key(n.name): n for n in Network.objects.all()}
        self.homes = Homes(self.actor)
        self.seen = FirstRows()
        self.written: list[tuple[str, int, str, dict]] = []

    def name_header(self) -> str:
        """The column problems with a name are about, as the file calls it."""
        return self.headers.get("full_name") or self.headers.get("last_name") or "Full name"

    def _check(self, row: Prepared) -> Network | None:
        values = row.values
        reference = values.get("reference", "")
        row.what = " ".join(filter(None, (_name(values), reference and f"({reference})")))
        if not reference:
            row.refuse(self.header("reference"), "every row needs the member's reference")
        elif reference in self.seen:
            row.refuse(
                self.header("reference"), f"{reference} is also on row {self.seen[reference]}"
            )
        else:
            self.seen[reference] = row.number
        if not _name(values):
            row.refuse(self.name_header(), "every row needs the member's name")
        network = None
        if not values.get("network"):
            row.refuse(self.header("network"), "every member needs their network")
        else:
            network = self.networks.get(header_key(values["network"]))
            if network is None:
                row.refuse(
                    self.header("network"),
                    f"there is no network called {values['network']} in your organisation",
                )
        self.homes.check(row, self.header)
        return network

    def handle(self, rows: list[Prepared]) -> None:
        networks = {row.number: self._check(row) for row in rows}
        references = [r.values["reference"] for r in rows if r.values.get("reference")]
        members = {m.reference: m for m in Member.objects.filter(reference__in=references)}
        names = {_name(r.values) for r in rows if r.values.get("reference") not in members}
        unreferenced = {
            (m.full_name.lower(), m.date_of_birth): m
            for m in Member.objects.filter(reference="", full_name__in=names)
        }
        homes_found = self.homes.existing([r for r in rows if not r.problems])
        new_members, changed_members, new_homes, changed_homes = [], [], [], {}
        for row in rows:
            if row.problems:
                continue
            values, network = row.values, networks[row.number]
            name = _name(values)
            row.what = f"{name} ({values['reference']})"
            twin = unreferenced.get((name.lower(), values.get("date_of_birth")))
            if values["reference"] not in members and twin is not None:
                row.refuse(
                    self.name_header(),
                    f"{name} is already recorded, without a reference: this row would add "
                    "them twice",
                )
                continue
            home, home_change, home_fields = self.homes.home_for(row, homes_found, network)
            if row.problems:
                continue
            if home_change == "new":
                new_homes.append(home)
                row.what += ", new home" + (f" {home.reference}" if home.reference else "")
                if note := self.homes.place(home):
                    row.what += f" ({note})"
            elif home_change == "changed":
                changed_homes.setdefault(home.pk, (home, values, home_fields))
            member = members.get(values["reference"])
            wanted = {name_: values[name_] for name_ in MEMBER_CHANGES if values.get(name_)}
            wanted["full_name"] = name
            if member is None:
                wanted.setdefault("status", Member.Status.ACTIVE)
                row.action = CREATE
                new_members.append((Member(reference=values["reference"], **wanted), network, home))
                continue
            changes = {k: v for k, v in wanted.items() if getattr(member, k) != v}
            if member.network_id != network.pk:
                changes["network"] = network
            if home is not None and (home.pk is None or member.home_id != home.pk):
                changes["home"] = home
            if changes or home_change:
                row.action = UPDATE
                changed_members.append((member, changes))
        if self.write:
            self.homes.write(new_homes, list(changed_homes.values()))
            self._save(new_members, changed_members)
        self.homes.batch_done()

    def _save(self, new: list, changed: list) -> None:
        organisation, user = self.actor.organisation, self.actor.user
        made = []
        for member, network, home in new:
            member.organisation, member.network, member.home = organisation, network, home
            made.append(member)
        if made:
            bulk_create_with_history(made, Member, default_user=user)
            self.written += [("members.member", m.pk, "created", {}) for m in made]
        fields: set[str] = set()
        rows = []
        for member, changes in changed:
            if not changes:
                continue
            before = {}
            for name, value in changes.items():
                column = f"{name}_id" if name in ("network", "home") else name
                before[column] = getattr(member, column)
                setattr(member, name, value)
                fields.add(name)
            self.written.append(("members.member", member.pk, "updated", before))
            rows.append(member)
        if rows:
            bulk_update_with_history(rows, Member, sorted(fields), default_user=user)

    def finish(self) -> list[tuple[str, int, str, dict]]:
        written = self.homes.finish() + self.written
        self.written = []
        return written
