"""Staff from a file: each row a person (found by e-mail address) and the
role they hold, with where it applies: a support manager's cluster, an
enabler's or volunteer's network, a commissioner's council, named by its
name (a network also by its reference).

The role and its scope are checked by ``keyring_net.roles.scope_problems``,
so a problem reads as it does on the people pages; the member role is
never given (a member's login comes with a login card). Applying gives
someone who holds or held a role here the new one with ``role_grant``;
everyone else is invited with ``person_invite`` (the staff invitation
e-mail, through the notifications layer) once the import's transaction
has committed, so a failed import invites nobody. Someone who already
holds the role there is unchanged, so a second run gives and sends
nothing. Undo ends the roles the import gave; an invitation already sent
cannot be unsent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from keyring_net import services
from keyring_net.access import require
from keyring_net.models import Role
from keyring_net.policy import Permission
from keyring_net.roles import SCOPE_FIELDS, scope_needed, scope_problems
from keyring_net.selectors import people_of_organisation, scope_choices
from spreadsheets.services.imports.columns import Field, choice, header_key, text
from spreadsheets.services.imports.engine import CREATE, UPDATE, Kind, Prepared
from spreadsheets.services.imports.volunteers import email

STAFF_FIELDS = [
    Field("full_name", "Full name", text(200), ("Name", "Staff name", "Person"), required=True),
    Field(
        "email",
        "E-mail",
        email,
        ("Email", "Email address", "E-mail address", "Work email", "Mail"),
        required=True,
        help="How they sign in, and where their invitation goes.",
    ),
    Field(
        "role",
        "Role",
        choice(Role.choices),
        ("Job", "Job title", "Position", "Their role"),
        required=True,
        help="Support manager, community enabler, organisation admin, quality checker or "
        "commissioner.",
    ),
    Field(
        "scope",
        "Where",
        text(200),
        ("Scope", "Cluster", "Network", "Council", "Local authority", "Area", "Team"),
        help="A support manager's cluster, an enabler's network or a commissioner's council; "
        "empty for an admin or a quality checker.",
    ),
]
# Said on the page and by the API once a staff import has been applied.
UNDO_NOTE = (
    "Undoing this import ends the roles it gave. Invitations already sent cannot be "
    "unsent: their link to choose a password still works, but once the role has ended it "
    "opens nothing in this organisation."
)
NO_ADDRESS = (
    "KeyRing Net does not know its own web address, so invitations cannot be sent. Ask "
    "whoever runs it to set SITE_URL."
)
ENDED = "ended"


class StaffImport(Kind):
    label = "staff"
    fields = STAFF_FIELDS
    undo_note = UNDO_NOTE

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        require(self.actor, Permission.ADMINISTER_PEOPLE)
        if not settings.SITE_URL:
            raise ValidationError(NO_ADDRESS)
        self.scopes: dict[str, dict[str, object]] = {}
        for name, rows in scope_choices(self.actor).items():
            found = self.scopes.setdefault(name, {})
            for row in rows:
                found[header_key(row.name)] = row
                for other in (getattr(row, "reference", ""), getattr(row, "code", "")):
                    if other:
                        found.setdefault(header_key(other), row)
        self.seen: dict[str, int] = {}
        self.invites: list[dict] = []
        self.written: list[tuple[str, int, str, dict]] = []

    def _scope(self, row: Prepared, role: Role) -> dict | None:
        """The role's scope from the row, or None after refusing it."""
        values = row.values
        words = values.get("scope", "")
        needed = scope_needed(role)
        scope: dict = {}
        if words and needed:
            scope[needed] = self.scopes.get(needed, {}).get(header_key(words))
            if scope[needed] is None:
                kind = {"local_authority": "council"}.get(needed, needed)
                where = "" if needed == "local_authority" else " in your organisation"
                row.refuse(self.header("scope"), f"there is no {kind} called {words}{where}")
                return None
        elif words:
            # A role over the whole organisation is tied to no place.
            key = header_key(words)
            name = next((n for n in SCOPE_FIELDS if key in self.scopes.get(n, {})), "")
            scope[name or "cluster"] = self.scopes.get(name, {}).get(key, words)
        problems = scope_problems(organisation=self.actor.organisation, role=role, scope=scope)
        for field, message in problems.items():
            row.refuse(self.header("role" if field == "role" else "scope"), message)
        return None if problems else scope

    def _check(self, row: Prepared) -> dict | None:
        values = row.values
        refused = {column for column, _ in row.problems}
        for name, words in (
            ("full_name", "every row needs the person's full name"),
            ("email", "every row needs the person's e-mail address"),
            ("role", "every row needs the role they hold"),
        ):
            if not values.get(name) and self.header(name) not in refused:
                row.refuse(self.header(name), words)
        address = values.get("email")
        if address and address in self.seen:
            row.refuse(
                self.header("email"),
                f"{address} is also on row {self.seen[address]}: give each person one row "
                "(add more roles on the people pages)",
            )
        elif address:
            self.seen[address] = row.number
        if not values.get("role"):
            return None
        return self._scope(row, Role(values["role"]))

    def handle(self, rows: list[Prepared]) -> None:
        scopes = {row.number: self._check(row) for row in rows}
        addresses = [r.values["email"] for r in rows if not r.problems]
        people = {
            p.address: p
            for p in people_of_organisation(self.actor)
            .annotate(address=Lower("email"))
            .filter(address__in=addresses)
        }
        for row in rows:
            if row.problems:
                continue
            values, scope = row.values, scopes[row.number]
            role = Role(values["role"])
            where = next((str(v) for v in scope.values()), "the whole organisation")
            person = people.get(values["email"])
            row.what = f"{values['full_name']} ({values['email']}), {role.label} in {where}"
            if person is None:
                row.action = CREATE
                row.what += ": invited when the import is applied"
                if self.write:
                    invite = {"email": values["email"], "full_name": values["full_name"]}
                    self.invites.append({**invite, "role": role, **scope})
                continue
            row.what = f"{person.full_name} ({values['email']}), {role.label} in {where}"
            if any(_holds(a, role, scope) for a in person.roles_here):
                continue
            row.action = UPDATE
            row.what += ": role given"
            if self.write:
                assignment = services.role_grant(
                    actor=self.actor, person=person, role=role, **scope
                )
                self.written.append(("keyring_net.roleassignment", assignment.pk, "created", {}))

    def finish(self) -> list[tuple[str, int, str, dict]]:
        written, self.written = self.written, []
        return written

    def after_commit(self) -> list[tuple[str, int, str, dict]]:
        """Invite the new people, once the import has committed: each in
        its own transaction, so one that can no longer be invited (someone
        invited them meanwhile) does not stop the others."""
        written = []
        invites, self.invites = self.invites, []
        for invite in invites:
            try:
                with transaction.atomic():
                    assignment = services.person_invite(
                        actor=self.actor, base_url=settings.SITE_URL, **invite
                    )
            except ValidationError:
                continue
            written.append(("keyring_net.roleassignment", assignment.pk, "created", {}))
        return written


def _holds(assignment, role: Role, scope: dict) -> bool:
    """Whether ``assignment`` is ``role`` with ``scope``, held now."""
    if assignment.ended_at is not None or assignment.role != role:
        return False
    return all(
        getattr(assignment, f"{name}_id") == getattr(scope.get(name), "pk", None)
        for name in SCOPE_FIELDS
    )
