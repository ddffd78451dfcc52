"""Reads of people and roles, always within the acting person's organisation."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import FilteredRelation, Prefetch, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import LocalAuthority, Organisation, RoleAssignment, User
from keyring_net.policy import Permission
from keyring_net.registry import role_scopes


def people_of_organisation(actor: Actor) -> QuerySet[User]:
    """Everyone who holds, or held, a role in the actor's organisation, with
    those roles (and their scopes) prefetched: three queries in all."""
    organisation = actor.organisation
    assignments = (
        RoleAssignment.objects.filter(organisation=organisation)
        .select_related("cluster", "network", "local_authority")
        .order_by("ended_at", "role", "pk")
    )
    return (
        User.objects.filter(role_assignments__organisation=organisation)
        .distinct()
        .prefetch_related(Prefetch("role_assignments", queryset=assignments, to_attr="roles_here"))
        .order_by("full_name", "pk")
    )


def people_for_api(actor: Actor) -> QuerySet[User]:
    """``people_of_organisation`` for the API, whose base filters every
    list by ``organisation``: a person has none of their own, so it is the
    organisation of a role that brings them here."""
    return people_of_organisation(actor).alias(
        organisation=FilteredRelation("role_assignments__organisation")
    )


def assignments_of_organisation(actor: Actor) -> QuerySet[RoleAssignment]:
    """Every role held, or once held, in the actor's organisation."""
    return (
        RoleAssignment.objects.filter(organisation=actor.organisation)
        .select_related("cluster", "network", "local_authority")
        .order_by("pk")
    )


def person_get_for_admin(*, actor: Actor, person_id: int) -> User:
    """A person of the actor's organisation, for its admins.

    404 for anyone who never held a role here (whatever else they are); 403
    when the actor is not an admin of this organisation.
    """
    person = people_of_organisation(actor).filter(pk=person_id).first()
    if person is None:
        raise not_found()
    require(actor, Permission.ADMINISTER_PEOPLE)
    return person


def assignment_get_for_admin(*, actor: Actor, person: User, assignment_id: int) -> RoleAssignment:
    assignment = next((a for a in person.roles_here if a.pk == assignment_id), None)
    if assignment is None:
        raise not_found()
    return assignment


def scope_choices(actor: Actor) -> dict[str, QuerySet]:
    """What a role can be scoped to in this organisation: the clusters and
    networks the apps register (``keyring_net.registry``), and councils."""
    choices = {name: rows(actor) for name, rows in role_scopes().items()}
    choices["local_authority"] = LocalAuthority.objects.order_by("name")
    return choices


def has_two_step(user: User) -> bool:
    """Whether the person has enrolled an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def organisation_by_id(organisation_id: int) -> Organisation:
    """The organisation a task is for (``Organisation.DoesNotExist`` if it
    has gone). The tenant itself is not tenant-owned: no wall to cross."""
    return Organisation.objects.get(pk=organisation_id)


def organisation_ids_after(last: int, batch: int) -> list[int]:
    """The next ``batch`` organisation ids after ``last``, in order."""
    return list(
        Organisation.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
    )


def organisation_changes(actor: Actor, limit: int = 5) -> list:
    """The latest changes to the actor's organisation's settings, newest
    first, with who made them (one query)."""
    return list(
        Organisation.history.filter(id=actor.organisation.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
