"""Who is acting, in which organisation, with which roles.

The request middleware builds one ``Actor`` per request; Celery tasks and
commands build one with ``Actor.for_user``. The policy module asks questions
of an ``Actor``, never of a bare user.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keyring_net.models import Organisation, Role, RoleAssignment, User
from keyring_net.tenancy import own_role_assignments_readable


@dataclass(frozen=True)
class Actor:
    user: User | None
    organisation: Organisation | None
    assignments: tuple[RoleAssignment, ...] = ()
    # Every organisation this person holds an active role in (for the switcher).
    organisations: tuple[Organisation, ...] = field(default=())
    # Whoever runs the service, acting from the command line (no person
    # signed in; see ``platform``).
    platform: bool = False

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)

    def has_role(self, *roles: Role | str) -> bool:
        return bool(self.roles.intersection(roles))

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user=None, organisation=None)

    @classmethod
    def platform_for(cls, organisation: Organisation | None) -> Actor:
        """Whoever runs the service, acting from a command on the server
        (``create_organisation``). Nobody is signed in, so there is no
        person: change history names no one ("the system") and the policy
        grants only ``policy.PLATFORM_RULES``. Requests never build one."""
        return cls(user=None, organisation=organisation, platform=True)

    @classmethod
    def for_user(cls, user: User, organisation_id: int | None = None) -> Actor:
        """The person's roles, in ``organisation_id`` if they hold one there,
        else in the first organisation they belong to. One query."""
        assignments = person_active_assignments(user)
        organisations: dict[int, Organisation] = {}
        for assignment in assignments:
            organisations.setdefault(assignment.organisation_id, assignment.organisation)
        if not organisations:
            return cls(user=user, organisation=None)
        chosen_id = (
            organisation_id if organisation_id in organisations else next(iter(organisations))
        )
        return cls(
            user=user,
            organisation=organisations[chosen_id],
            assignments=tuple(a for a in assignments if a.organisation_id == chosen_id),
            organisations=tuple(organisations.values()),
        )


def person_active_assignments(user: User) -> list[RoleAssignment]:
    """A person's active roles in every organisation, for choosing which one
    they work in. The one reviewed place that reads roles across
    organisations: it reads only the signed-in person's own rows.

    It does not lower row-level security for every organisation: on
    PostgreSQL the policy adds only this person's own role assignments to
    what the transaction may read (the grant's person), so a mistake in the
    filter below cannot return other organisations' rows. The scoped manager
    is switched off for this one query only (no organisation is chosen yet),
    not for the block around it.
    """
    with own_role_assignments_readable(user.pk):
        return list(
            RoleAssignment.objects.with_scopes_disabled()
            .filter(user=user, ended_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name", "role", "pk")
        )


def audited(instance, actor: Actor):
    """Name the acting person in the change history of ``instance`` (read
    by django-simple-history when it is saved), and return it."""
    instance._history_user = actor.user
    return instance


def save_changes(instance, actor: Actor | None, *fields: str) -> None:
    """Save the named fields of an existing row (and its "updated" time, if
    it keeps one), naming ``actor`` in its change history.

    Services change existing rows this way, never with a bare ``save()``:
    writing only what the service changed cannot overwrite a change someone
    else made to another field meanwhile (tests/test_conventions.py)."""
    if actor is not None:
        audited(instance, actor)
    automatic = [
        field.name
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now", False) and field.name not in fields
    ]
    instance.save(update_fields=[*fields, *automatic])


def save_new(actor: Actor, model, **fields):
    """A new row of ``model`` in the acting person's organisation, saved with
    them named in its change history, and returned. Services record what
    someone did this way."""
    instance = model(organisation=actor.organisation, **fields)
    audited(instance, actor).save()
    return instance
