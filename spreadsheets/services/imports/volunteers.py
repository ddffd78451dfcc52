"""Volunteers from a file: each row a CLV, community enabler or community
connections volunteer (``volunteers.VolunteerProfile``), found again by
the organisation's reference for them, with their DBS certificate and the
dates of the four courses everyone who visits alone needs.

How an imported volunteer enters recruitment: at the stage the file says;
with no stage, "active" when the row gives a DBS certificate and its date,
else "applied". "Active" needs a DBS check in date (in the row or already
recorded), as moving someone on by hand does. Nobody gets a login or a
role from an import: a new person's account has no password, as when a
recruit is added by hand, and an admin gives the role on the people pages.

A person is one account across organisations, found by e-mail address. A
volunteer recorded by hand without a reference, with the same e-mail and
role, takes the row's reference. Name, e-mail and phone fill a new
person's account; someone already recorded keeps theirs.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyring_net.access import require
from keyring_net.models import User
from keyring_net.policy import Permission
from keyring_net.tenancy import people_identifiable
from networks.models import Network
from spreadsheets.services.imports.columns import (
    Field,
    Problem,
    choice,
    due_date,
    header_key,
    record_date,
    text,
)
from spreadsheets.services.imports.engine import CREATE, UPDATE, Kind, Prepared
from spreadsheets.services.imports.volunteer_records import (
    TRAINING_FIELDS,
    Records,
    certificate,
)
from volunteers.models import DBSCheck, VolunteerProfile

Stage = VolunteerProfile.Stage


def email(cell) -> str:
    value = str(cell).strip().lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise Problem(f"{cell} is not an e-mail address (like name@example.org)") from None
    return value


VOLUNTEER_FIELDS = [
    Field(
        "reference",
        "Reference",
        text(50),
        ("Ref", "Volunteer reference", "Volunteer ref", "Volunteer ID", "ID", "Person ID"),
        required=True,
        help="Your own reference for the volunteer: how a second import finds them again.",
    ),
    Field("full_name", "Full name", text(200), ("Name", "Volunteer name", "Volunteer")),
    Field("email", "E-mail", email, ("Email", "Email address", "E-mail address", "Mail")),
    Field("phone", "Phone", text(30), ("Telephone", "Mobile", "Phone number", "Tel")),
    Field(
        "kind",
        "Role",
        choice(VolunteerProfile.Kind.choices),
        ("Volunteer role", "Volunteer type", "Type", "Kind"),
        required=True,
        help="Community Living Volunteer (or CLV), community enabler, or community "
        "connections volunteer.",
    ),
    Field(
        "network",
        "Network",
        text(120),
        ("Network name", "Network reference", "KeyRing network"),
        help="The network's name or your reference for it.",
    ),
    Field(
        "stage",
        "Recruitment stage",
        choice(Stage.choices),
        ("Stage", "Status", "Recruitment status"),
        help="Applied, interview, references, DBS check, induction, active or left.",
    ),
    Field("started_on", "Started on", record_date, ("Started", "Start date", "Date started")),
    Field(
        "dbs_certificate",
        "DBS certificate number",
        certificate,
        ("DBS number", "DBS certificate", "DBS cert", "DBS cert no", "DBS"),
    ),
    Field(
        "dbs_issued_on",
        "DBS date",
        record_date,
        ("DBS issued", "DBS issue date", "DBS issued on", "Date of DBS", "DBS certificate date"),
    ),
    Field(
        "dbs_renewal_due",
        "DBS renewal due",
        due_date,
        ("DBS expiry", "DBS expires", "DBS expiry date", "DBS renewal", "DBS renewal date"),
    ),
    Field(
        "dbs_level",
        "DBS level",
        choice(DBSCheck.Level.choices),
        ("DBS type", "Level of DBS", "Type of DBS"),
    ),
    *TRAINING_FIELDS,
]


class VolunteersImport(Kind):
    label = "volunteers"
    fields = VOLUNTEER_FIELDS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        require(self.actor, Permission.MANAGE_VOLUNTEERS)  # as adding a recruit by hand
        # The organisation's own: another organisation's network is "no
        # network called ...".
        self.networks: dict[str, Network] = {}
        for network in Network.objects.all():
            self.networks[header_key(network.name)] = network
            if network.reference:
                self.networks.setdefault(header_key(network.reference), network)
        self.records = Records(self.actor)
        self.references: dict[str, int] = {}
        self.people: dict[tuple[str, str], int] = {}
        self.written: list[tuple[str, int, str, dict]] = []

    def _check(self, row: Prepared) -> Network | None:
        values = row.values
        reference = values.get("reference", "")
        if not reference:
            row.refuse(self.header("reference"), "every row needs the volunteer's reference")
        elif reference in self.references:
            row.refuse(
                self.header("reference"), f"{reference} is also on row {self.references[reference]}"
            )
        else:
            self.references[reference] = row.number
        if not values.get("kind") and self.header("kind") not in dict(row.problems):
            row.refuse(self.header("kind"), "every row needs the role they volunteer in")
        person = (values.get("email", ""), values.get("kind", ""))
        if all(person) and person in self.people:
            row.refuse(
                self.header("email"),
                f"{person[0]} is also on row {self.people[person]} in the same role",
            )
        elif all(person):
            self.people[person] = row.number
        network = None
        if values.get("network"):
            network = self.networks.get(header_key(values["network"]))
            if network is None:
                row.refuse(
                    self.header("network"),
                    f"there is no network called {values['network']} in your organisation",
                )
        self.records.check(row, self.header)
        return network

    def _existing(self, rows: list[Prepared]):
        """The batch's volunteers by reference, people by e-mail and, for
        people without a referenced volunteer here, their profiles."""
        references = [r.values["reference"] for r in rows]
        by_reference = {
            p.reference: p
            for p in VolunteerProfile.objects.filter(reference__in=references).select_related(
                "user"
            )
        }
        emails = {r.values["email"] for r in rows if r.values.get("email")}
        with people_identifiable():
            people = {
                u.address: u
                for u in User.objects.annotate(address=Lower("email")).filter(address__in=emails)
            }
        unreferenced = {
            (p.user_id, p.kind): p
            for p in VolunteerProfile.objects.filter(user__in=list(people.values())).select_related(
                "user"
            )
        }
        return by_reference, people, unreferenced

    def handle(self, rows: list[Prepared]) -> None:
        networks = {row.number: self._check(row) for row in rows}
        ready = [r for r in rows if not r.problems]
        by_reference, people, by_person = self._existing(ready)
        self.records.load([*by_reference.values(), *by_person.values()])
        new_people, new_profiles, changed = [], [], []
        for row in ready:
            values, network = row.values, networks[row.number]
            profile = self._find(row, by_reference, people, by_person)
            if row.problems:
                continue
            stage = values.get("stage") or (
                "" if profile else Stage.ACTIVE if values.get("dbs_issued_on") else Stage.APPLIED
            )
            if stage == Stage.ACTIVE and not self.records.cleared(row, profile):
                row.refuse(
                    self.header("stage") if values.get("stage") else self.header("dbs_issued_on"),
                    "an active volunteer needs a DBS check in date: give its certificate "
                    "number and date, or the stage they have reached",
                )
                continue
            if profile is None:
                person = people.get(values["email"])
                if person is None:
                    person = User(
                        email=values["email"],
                        full_name=values["full_name"],
                        phone=values.get("phone", ""),
                    )
                    person.set_unusable_password()
                    people[values["email"]] = person
                    new_people.append(person)
                profile = VolunteerProfile(
                    user=person, reference=values["reference"], kind=values["kind"]
                )
            wanted = {"network": network, "stage": stage, "started_on": values.get("started_on")}
            wanted = {k: v for k, v in wanted.items() if v}
            row.what = (
                f"{profile.user.full_name} ({values['reference']}), {profile.get_kind_display()}"
            )
            added = self.records.wanted(row, profile)
            if profile.pk is None:
                for name, value in wanted.items():
                    setattr(profile, name, value)
                row.action = CREATE
                row.what += f", {profile.get_stage_display().lower()}"
                new_profiles.append(profile)
                continue
            changes = {k: v for k, v in wanted.items() if getattr(profile, k) != v}
            if profile.reference != values["reference"]:
                changes["reference"] = values["reference"]
            if changes or added:
                row.action = UPDATE
                changed.append((profile, changes))
        if self.write:
            self._save(new_people, new_profiles, changed)

    def _find(self, row: Prepared, by_reference, people, by_person) -> VolunteerProfile | None:
        """The volunteer this row is: by its reference, else the same person
        recorded in the same role without a reference. Someone new needs a
        name and an e-mail address."""
        values = row.values
        profile = by_reference.get(values["reference"])
        if profile is not None:
            if profile.kind != values["kind"]:
                row.refuse(
                    self.header("kind"),
                    f"{values['reference']} is recorded as a {profile.get_kind_display()}: "
                    "give them a new reference for another role",
                )
            elif values.get("email") and values["email"] != profile.user.email.lower():
                row.refuse(
                    self.header("email"),
                    f"{values['reference']} is recorded with another e-mail address: change "
                    "it on the people pages, not by import",
                )
            return profile
        if not values.get("email"):
            row.refuse(self.header("email"), "a new volunteer needs their e-mail address")
            return None
        person = people.get(values["email"])
        twin = by_person.get((person.pk, values["kind"])) if person is not None else None
        if twin is not None:
            if twin.reference:
                row.refuse(
                    self.header("email"),
                    f"{values['email']} is already a {twin.get_kind_display()} here, "
                    f"with the reference {twin.reference}",
                )
            return twin
        if person is None and not values.get("full_name"):
            row.refuse(self.header("full_name"), "a new volunteer needs their full name")
        return None

    def _save(self, new_people: list[User], new_profiles: list, changed: list) -> None:
        organisation, user = self.actor.organisation, self.actor.user
        if new_people:
            with people_identifiable():
                bulk_create_with_history(new_people, User, default_user=user)
                EmailAddress.objects.bulk_create(
                    EmailAddress(user=p, email=p.email, primary=True, verified=False)
                    for p in new_people
                )
            self.written += [("keyring_net.user", p.pk, "created", {}) for p in new_people]
        for profile in new_profiles:
            profile.organisation = organisation
            profile.user_id = profile.user.pk
        if new_profiles:
            bulk_create_with_history(new_profiles, VolunteerProfile, default_user=user)
            self.written += [
                ("volunteers.volunteerprofile", p.pk, "created", {}) for p in new_profiles
            ]
        fields: set[str] = set()
        rows = []
        for profile, changes in changed:
            if not changes:
                continue
            before = {}
            for name, value in changes.items():
                column = "network_id" if name == "network" else name
                before[column] = getattr(profile, column)
                setattr(profile, name, value)
                fields.add(name)
            self.written.append(("volunteers.volunteerprofile", profile.pk, "updated", before))
            rows.append(profile)
        if rows:
            bulk_update_with_history(rows, VolunteerProfile, sorted(fields), default_user=user)
        self.written += self.records.write()

    def finish(self) -> list[tuple[str, int, str, dict]]:
        written, self.written = self.written, []
        return written
