"""State changes of the tenancy core: inviting people, giving and ending
roles, deactivating. Each takes the acting person and enforces the rules."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from keyring_net import registry
from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_new
from keyring_net.api.tokens import api_tokens_revoke_all
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import Permission
from keyring_net.registry import Mail
from keyring_net.roles import REACTIVATE_LABEL, scope_needed, scope_problems, switched_off_words
from keyring_net.tenancy import people_identifiable


@transaction.atomic
def role_grant(
    *, actor: Actor, person: User, role: Role, reactivate: bool = False, **scope
) -> RoleAssignment:
    """Give ``person`` a role in the actor's organisation. Giving a role they
    already hold (same scope) changes nothing and returns it.

    A role is no use to someone whose account is switched off (they cannot
    sign in), so it is refused unless the admin says ``reactivate``: then
    the account is switched back on too, in the change history."""
    require(actor, Permission.ADMINISTER_PEOPLE)
    check_role_scope(actor, role, scope)
    if not person.is_active:
        if not reactivate:
            raise ValidationError({"reactivate": switched_off_words(person)})
        person.is_active = True
        audited(person, actor).save(update_fields=["is_active"])
    existing = RoleAssignment.objects.filter(
        organisation=actor.organisation, user=person, role=role, ended_at__isnull=True, **scope
    ).first()
    if existing:
        return existing
    assignment = RoleAssignment(
        organisation=actor.organisation, user=person, role=role, granted_by=actor.user, **scope
    )
    assignment.full_clean(exclude=["organisation", "user", "granted_by"])
    audited(assignment, actor).save()
    return assignment


@transaction.atomic
def person_invite(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    role: Role,
    base_url: str,
    reactivate: bool = False,
    **scope,
) -> RoleAssignment:
    """Invite someone by e-mail with a first role.

    A new person gets an account with no password and an e-mail with a link
    to choose one (valid for the password-reset lifetime). Someone who
    already has an account (perhaps with another organisation) simply gets
    the role here and an e-mail saying so. The e-mail is sent by the
    registered mailer (a delivery with its attempts) after the commit.
    """
    require(actor, Permission.ADMINISTER_PEOPLE)
    check_role_scope(actor, role, scope)  # before anyone's account is made
    email = email.strip().lower()
    # They may already have an account through another organisation.
    with people_identifiable():
        person = User.objects.filter(email__iexact=email).first()
        is_new = person is None
        if is_new:
            person = User(email=email, full_name=full_name.strip())
            person.set_unusable_password()
            audited(person, actor)
            person.save()
            EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
        link = ""
        if is_new:
            # Inside the block: making the key reads the person's e-mail
            # address row, which row-level security shows only to them.
            path = reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(person),
                    "key": default_token_generator.make_token(person),
                },
            )
            link = base_url.rstrip("/") + path
    if not person.is_active and not reactivate:
        raise ValidationError(
            {
                "reactivate": f"{person.full_name} has an account that is switched off, so "
                "they cannot sign in. Open their page under People, and give the role there "
                f'with "{REACTIVATE_LABEL}" ticked.'
            }
        )
    assignment = role_grant(actor=actor, person=person, role=role, reactivate=reactivate, **scope)
    context = {
        "person": person,
        "organisation": actor.organisation,
        "role": assignment.get_role_display(),
        "inviter": actor.user,
        "link": link,
        "sign_in": base_url.rstrip("/") + reverse("account_login"),
    }
    organisation = actor.organisation
    # A delivery with its attempts (the notifications app's mailer), sent
    # after the commit; the link to choose a password stays sealed until then.
    registry.mailer()(
        Mail(
            organisation=organisation,
            person=person,
            address=email,
            kind="invitation",
            about=f"keyring_net.roleassignment:{assignment.pk}",
            title=f"An invitation to join {organisation.name}",
            summary=(
                f"{actor.user.full_name if actor.user else 'KeyRing Net'} gave "
                f"{person.full_name} the role of "
                f"{assignment.get_role_display().lower()}"
                + (", with a link to choose a password." if link else ".")
            ),
            subject=f"KeyRing Net: {organisation.name} has invited you",
            text=render_to_string("keyring_net/email/invitation.txt", context),
        )
    )
    return assignment


@transaction.atomic
def role_end(*, actor: Actor, assignment: RoleAssignment) -> RoleAssignment:
    """End a role. The row stays, so history shows who held it and when."""
    require(actor, Permission.ADMINISTER_PEOPLE)
    if assignment.ended_at is not None:
        return assignment
    if assignment.role == Role.ORG_ADMIN and _is_last_admin(actor, assignment):
        raise ValidationError(
            "This is the organisation's only admin. Give someone else the admin role first."
        )
    assignment.ended_at = timezone.now()
    audited(assignment, actor).save(update_fields=["ended_at"])
    return assignment


@transaction.atomic
def person_deactivate(*, actor: Actor, person: User) -> int:
    """End all of ``person``'s roles here and end their sessions and API
    tokens at once. Their records and history stay. If they hold no role in
    any other organisation, their account is switched off too.

    Returns how many roles were ended.
    """
    require(actor, Permission.ADMINISTER_PEOPLE)
    if person.pk == actor.user.pk:
        raise PermissionDenied("You cannot deactivate yourself. Ask another admin.")
    ended = 0
    for assignment in RoleAssignment.objects.filter(
        organisation=actor.organisation, user=person, ended_at__isnull=True
    ).order_by("pk"):
        role_end(actor=actor, assignment=assignment)
        ended += 1
    end_sessions_and_tokens(person, actor=actor)
    if not _holds_roles_elsewhere(person, actor):
        person.is_active = False
        audited(person, actor).save(update_fields=["is_active"])
    return ended


def end_sessions_and_tokens(person: User, *, actor: Actor) -> None:
    """Sign ``person`` out everywhere, now: every browser session ends and
    every API token is revoked (kept, so its history names ``actor``)."""
    with people_identifiable():  # their sign-in rows, not the actor's
        for session in UserSession.objects.filter(user=person):
            session.end()
        api_tokens_revoke_all(actor=actor, person=person)


def _is_last_admin(actor: Actor, assignment: RoleAssignment) -> bool:
    others = RoleAssignment.objects.filter(
        organisation=actor.organisation, role=Role.ORG_ADMIN, ended_at__isnull=True
    ).exclude(pk=assignment.pk)
    return not others.exists()


def _holds_roles_elsewhere(person: User, actor: Actor) -> bool:
    from keyring_net.actors import person_active_assignments

    return any(
        a.organisation_id != actor.organisation.pk for a in person_active_assignments(person)
    )


def mark_email_verified_after_reset(person: User) -> None:
    """Choosing a password from the e-mailed link proves the address is
    theirs: mark it verified, so an invited person can sign in at once."""
    EmailAddress.objects.filter(user=person, email__iexact=person.email).update(verified=True)


def check_role_scope(actor: Actor, role: Role, scope: dict) -> None:
    """Refuse, in plain words and by field, a role given with a scope it
    does not take (or without the one it needs), one outside the actor's
    organisation, or the member role (it comes with a login card)."""
    problems = scope_problems(organisation=actor.organisation, role=role, scope=scope)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def role_change_scope(*, actor: Actor, assignment: RoleAssignment, **scope) -> RoleAssignment:
    """Move a role to another cluster, network or council (a support manager
    to another cluster, a CLV to another network).

    The role held now is ended and kept, so history shows where they were
    and when; the same role begins in the new place, from the same moment,
    in one transaction. Returns the new assignment (or the one they already
    held there)."""
    require(actor, Permission.ADMINISTER_PEOPLE)
    current = RoleAssignment.objects.select_for_update().get(
        organisation=actor.organisation, pk=assignment.pk
    )
    if current.ended_at is not None:
        raise ValidationError("This role has ended. Give them the role again instead.")
    role = Role(current.role)
    if scope_needed(role) is None:
        raise ValidationError(
            f"The role {role.label} covers the whole organisation: there is nowhere to move it."
        )
    check_role_scope(actor, role, scope)
    field = scope_needed(role)
    if getattr(current, f"{field}_id") == scope[field].pk:
        raise ValidationError({field: f"They are already {role.label} there. Choose another."})
    now = timezone.now()
    current.ended_at = now
    audited(current, actor).save(update_fields=["ended_at"])
    held = RoleAssignment.objects.filter(
        organisation=actor.organisation, user_id=current.user_id, role=role, ended_at__isnull=True
    ).filter(**scope)
    if moved := held.first():
        return moved
    return save_new(
        actor,
        RoleAssignment,
        user_id=current.user_id,
        role=role,
        granted_by=actor.user,
        granted_at=now,
        **scope,
    )
