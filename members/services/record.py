"""Who has looked at a member's record, and how they need information given."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from keyring_net import limits
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes
from keyring_net.models import Role, User
from keyring_net.policy import Permission
from members.models import CommunicationNeed, Member, RecordAccess

REFERENCE_LENGTH = Member._meta.get_field("reference").max_length

# When a person holds several roles, the one named in the access log is the
# most senior that reaches members.
_ROLE_ORDER = [
    Role.SUPPORT_MANAGER,
    Role.CLV,
    Role.COMMUNITY_ENABLER,
    Role.CONNECTIONS_VOLUNTEER,
    Role.MEMBER,
]


def _viewer_role(actor: Actor) -> str:
    return next((r for r in _ROLE_ORDER if actor.has_role(r)), next(iter(actor.roles), ""))


def record_member_access(
    *, actor: Actor, member: Member, channel: RecordAccess.Channel
) -> RecordAccess | None:
    """Log that ``actor`` read ``member``'s record through ``channel``.

    A member reading their own record is not "someone looked": nothing is
    logged and ``None`` is returned. One INSERT, so no transaction of its
    own: a page that logs costs one query more, not a savepoint too."""
    if _is_own(actor, member.user_id):
        return None
    return RecordAccess.objects.create(
        organisation=actor.organisation,
        member=member,
        viewer=actor.user,
        viewer_role=_viewer_role(actor),
        channel=channel,
    )


def record_members_access(
    *,
    actor: Actor,
    members: Iterable[Member | int],
    channel: RecordAccess.Channel,
    in_list: bool = True,
) -> int:
    """Log that ``actor`` was shown these members in a list through
    ``channel``: one ``RecordAccess`` per member (``in_list``), however often
    a member appears, all with the same time. Returns how many were logged.

    One INSERT whatever the number, so a list's query count does not grow
    with its page size: Django's ``bulk_create`` splits rows into batches
    on SQLite (it assumes 999 parameters a statement), so the rows are
    selected from the members table in a single ``INSERT ... SELECT``. Only
    members of the actor's organisation are logged (a stray id adds nothing),
    and never the member who is reading: their own record is not "someone
    looked". ``in_list=False`` logs a page or call about these members alone (one
    row of the API read by its id, when only the member's id is at hand).
    """
    ids = list(dict.fromkeys(m if isinstance(m, int) else m.pk for m in members))
    if not ids:
        return 0
    return _insert_accesses(actor, channel, ", ".join(["%s"] * len(ids)), ids, in_list=in_list)


def record_members_access_matching(
    *, actor: Actor, members: QuerySet[Member], channel: RecordAccess.Channel
) -> int:
    """``record_members_access`` for every member ``members`` finds (a file
    of records exported, however many): one ``INSERT ... SELECT`` with the
    query inside it, so the ids are never read into memory."""
    sql, params = members.order_by().values("pk").query.sql_with_params()
    return _insert_accesses(actor, channel, sql, list(params))


def _is_own(actor: Actor, member_user_id: int | None) -> bool:
    return member_user_id is not None and actor.user is not None and member_user_id == actor.user.pk


def _insert_accesses(
    actor: Actor, channel: RecordAccess.Channel, ids_sql: str, ids, *, in_list: bool = True
) -> int:
    member_user = connection.ops.quote_name(Member._meta.get_field("user").column)
    access_table = connection.ops.quote_name(RecordAccess._meta.db_table)
    member_table = connection.ops.quote_name(Member._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(RecordAccess._meta.get_field(name).column)
        for name in (
            "organisation",
            "member",
            "viewer",
            "viewer_role",
            "channel",
            "in_list",
            "viewed_at",
        )
    )
    viewed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {access_table} ({columns}) "  # noqa: S608 (names from _meta, values bound)
            f"SELECT organisation_id, id, %s, %s, %s, %s, %s FROM {member_table} "
            f"WHERE organisation_id = %s AND ({member_user} IS NULL OR {member_user} <> %s) "
            f"AND id IN ({ids_sql})",
            [
                actor.user.pk,
                _viewer_role(actor),
                str(channel),
                in_list,
                viewed_at,
                actor.organisation.pk,
                actor.user.pk,
                *ids,
            ],
        )
        return cursor.rowcount


# The role named in the access log for platform staff, who hold no role in
# the member's organisation.
PLATFORM_STAFF_ROLE = "platform_staff"


@transaction.atomic
def record_admin_access(*, viewer: User, member: Member) -> RecordAccess:
    """Log that platform staff ``viewer`` opened ``member``'s record in the
    Django admin. The admin's views cross organisations on purpose, so the
    row takes the member's organisation and shows in that member's "who has
    looked at my record"."""
    return RecordAccess.objects.create(
        organisation_id=member.organisation_id,
        member=member,
        viewer=viewer,
        viewer_role=PLATFORM_STAFF_ROLE,
        channel=RecordAccess.Channel.ADMIN,
    )


def communication_needs_set(
    *, actor: Actor, member: Member, needs: list[str], notes: str = ""
) -> Member:
    """Record how a member needs information given to them (the categories
    of the NHS Accessible Information Standard). Pages, PDFs and messages
    addressed to the member follow these."""
    require(actor, Permission.RECORD_CONTACTS)
    known = set(CommunicationNeed.values)
    unknown = [need for need in needs if need not in known]
    if unknown:
        raise ValidationError({"needs": "Choose only from the list."})
    # Kept in the list's own order, so the record reads the same each time.
    member.communication_needs = [need for need in CommunicationNeed.values if need in needs]
    member.communication_notes = notes.strip()
    save_changes(member, actor, "communication_needs", "communication_notes")
    return member


def member_details_change(
    *, actor: Actor, member: Member, reference: str, date_of_birth: datetime.date | None
) -> Member:
    """Change the organisation's own reference for a member (from its older
    system) and their date of birth, in the change history. A date of birth
    in the future or before 1900 is refused, and so is a reference another
    member has."""
    require(actor, Permission.CHANGE_MEMBERS)
    reference = reference.strip()
    errors = {}
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        errors["date_of_birth"] = "A date of birth cannot be in the future."
    elif date_of_birth is not None and date_of_birth < limits.BIRTH_DATE_FLOOR:
        errors["date_of_birth"] = "Enter a date of birth after 1 January 1900."
    if len(reference) > REFERENCE_LENGTH:
        errors["reference"] = f"Use {REFERENCE_LENGTH} letters or fewer."
    elif (
        reference
        and Member.objects.filter(organisation=actor.organisation, reference__iexact=reference)
        .exclude(pk=member.pk)
        .exists()
    ):
        errors["reference"] = f"Another member already has the reference {reference}."
    if errors:
        raise ValidationError(errors)
    member.reference, member.date_of_birth = reference, date_of_birth
    save_changes(member, actor, "reference", "date_of_birth")
    return member
