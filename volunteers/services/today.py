"""State changes for lone working: checking in and out of a visit alone,
the overdue sweep that alerts the support manager (then the out-of-hours
contact), and acknowledging an alert. Each takes the acting person (or, for
the sweep, the organisation it runs in) explicitly."""

from __future__ import annotations

import datetime
import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.clock import clock
from keyring_net.models import Organisation
from keyring_net.policy import Permission
from members.models import Member
from volunteers import escalations, reminders
from volunteers.models import LoneWorkingAlert, LoneWorkingSession
from volunteers.selectors import today as selectors

logger = logging.getLogger(__name__)

# The support manager is told this long after the expected end...
MANAGER_AFTER = datetime.timedelta(minutes=5)
# ...and the out-of-hours contact this long after that, unless someone has
# acknowledged the alert (or the worker has checked out) by then.
OUT_OF_HOURS_AFTER = datetime.timedelta(minutes=15)
# A visit alone longer than this is a mistake in the finish time.
LONGEST_VISIT = datetime.timedelta(hours=12)
RECIPIENTS_MAX = 500  # LoneWorkingAlert.recipients


def where_text(session: LoneWorkingSession) -> str:
    """ "to visit Alan", "at the library" or "to visit Alan at the library"."""
    parts = []
    if session.member_id:
        parts.append(f"to visit {session.member.preferred_name or session.member.full_name}")
    if session.place:
        parts.append(f"at {session.place}")
    return " ".join(parts)


@transaction.atomic
def lone_working_check_in(
    *,
    actor: Actor,
    expected_end_at: datetime.datetime,
    member: Member | None = None,
    place: str = "",
    now: datetime.datetime | None = None,
) -> LoneWorkingSession:
    """Check in at the start of a visit alone.

    Needs a member or a place, and an expected end later than now and
    within 12 hours. Refused while the person is still checked in to
    another visit. Raises ``ValidationError`` with plain messages.
    """
    require(actor, Permission.LONE_WORKING)
    now = now or timezone.now()
    place = place.strip()
    org = actor.organisation
    errors = {}
    if member is not None and member.organisation_id != org.pk:
        errors["member"] = "Not found."
    elif member is None and not place:
        errors["member"] = "Choose the member you are visiting, or say where you are."
    if expected_end_at <= now:
        errors["expected_end_at"] = (
            f"{clock(expected_end_at, org)} has already passed. "
            "Choose a finish time later than now."
        )
    elif expected_end_at - now > LONGEST_VISIT:
        errors["expected_end_at"] = "Choose a finish time within the next 12 hours."
    if errors:
        raise ValidationError(errors)
    already = selectors.open_session_of(actor)
    if already is not None:
        raise ValidationError(
            f"You are already checked in {where_text(already)} since "
            f"{clock(already.started_at, org)}. Check out of that visit first."
        )
    session = LoneWorkingSession(
        organisation=org,
        worker=actor.user,
        member=member,
        place=place,
        started_at=now,
        expected_end_at=expected_end_at,
    )
    audited(session, actor).save()
    return session


@transaction.atomic
def lone_working_check_out(
    *, actor: Actor, session: LoneWorkingSession, now: datetime.datetime | None = None
) -> LoneWorkingSession:
    """Check out: the visit is over and the worker is safe.

    Only the person who checked in can check out. A second tap (a slow
    connection, a retried request) changes nothing and returns the session
    as it is.
    """
    require(actor, Permission.LONE_WORKING)
    if session.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person who checked in can check out.")
    locked = (
        # Lock the visit's row only: the member is on the nullable side of
        # an outer join, which PostgreSQL refuses to lock.
        LoneWorkingSession.objects.select_for_update(of=("self",))
        .filter(organisation=actor.organisation, pk=session.pk)
        .select_related("member")
        .first()
    )
    if locked.checked_out_at is not None:
        return locked
    locked.checked_out_at = now or timezone.now()
    audited(locked, actor).save(update_fields=["checked_out_at"])
    return locked


@transaction.atomic
def lone_working_alert_acknowledge(
    *, actor: Actor, alert: LoneWorkingAlert, now: datetime.datetime | None = None
) -> list[LoneWorkingAlert]:
    """A support manager has seen the alert and is dealing with it. This
    acknowledges every open alert about the same visit, and stops the
    escalation to the out-of-hours contact. Returns the alerts acknowledged.
    """
    require(actor, Permission.ACKNOWLEDGE_ALERTS)
    now = now or timezone.now()
    rows = list(
        LoneWorkingAlert.objects.select_for_update(of=("self",))
        .filter(organisation=actor.organisation, session_id=alert.session_id)
        .select_related("acknowledged_by")
        .order_by("pk")
    )
    this = next(row for row in rows if row.pk == alert.pk)
    if this.acknowledged_at is not None:
        raise ValidationError(
            f"{this.acknowledged_by} already acknowledged this alert at "
            f"{clock(this.acknowledged_at, actor.organisation)}."
        )
    acknowledged = []
    for row in rows:
        if row.acknowledged_at is None:
            row.acknowledged_at = now
            row.acknowledged_by = actor.user
            audited(row, actor).save(update_fields=["acknowledged_at", "acknowledged_by"])
            acknowledged.append(row)
    return acknowledged


@transaction.atomic
def lone_working_alert_resolve(
    *,
    actor: Actor,
    alert: LoneWorkingAlert,
    outcome: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> LoneWorkingAlert:
    """Say what the alert turned out to be: a false alarm, or real. This
    resolves (and acknowledges) every alert about the same visit. When it
    was real, the apps that registered with ``volunteers.escalations`` are
    told (casework opens an incident draft). Resolving again is refused."""
    require(actor, Permission.ACKNOWLEDGE_ALERTS)
    now = now or timezone.now()
    note = note.strip()
    if outcome not in LoneWorkingAlert.Outcome.values:
        raise ValidationError({"outcome": "Choose whether it was a false alarm or real."})
    if outcome == LoneWorkingAlert.Outcome.REAL and not note:
        raise ValidationError({"outcome_note": "Say in a few words what happened."})
    rows = list(
        LoneWorkingAlert.objects.select_for_update(of=("self",))
        .filter(organisation=actor.organisation, session_id=alert.session_id)
        .select_related("resolved_by")
        .order_by("pk")
    )
    done = next((row for row in rows if row.resolved_at is not None), None)
    if done is not None:
        raise ValidationError(
            f"{done.resolved_by} already resolved this alert at "
            f"{clock(done.resolved_at, actor.organisation)}: {done.get_outcome_display()}."
        )
    for row in rows:
        row.outcome, row.outcome_note = outcome, note
        row.resolved_at, row.resolved_by = now, actor.user
        fields = ["outcome", "outcome_note", "resolved_at", "resolved_by"]
        if row.acknowledged_at is None:
            row.acknowledged_at, row.acknowledged_by = now, actor.user
            fields += ["acknowledged_at", "acknowledged_by"]
        audited(row, actor).save(update_fields=fields)
    if outcome == LoneWorkingAlert.Outcome.REAL:
        escalations.real_escalation(alert=rows[0], actor=actor)
    return next(row for row in rows if row.pk == alert.pk)


# --- The overdue sweep --------------------------------------------------------------


def out_of_hours_recipients(organisation: Organisation) -> list[str]:
    """Who the out-of-hours contact is, by e-mail: the organisation's
    ``settings["out_of_hours_email"]`` if it has one, else the service's
    own address (``DEFAULT_FROM_EMAIL``), which is watched out of hours."""
    email = (organisation.settings or {}).get("out_of_hours_email") or parseaddr(
        settings.DEFAULT_FROM_EMAIL
    )[1]
    return [email] if email else []


def _recipients_text(emails: list[str]) -> str:
    """As many addresses as fit the column (it holds about ten)."""
    text = ""
    for email in emails:
        candidate = f"{text}, {email}" if text else email
        if len(candidate) > RECIPIENTS_MAX:
            logger.warning("lone-working alert: recipients cut to fit: %s", emails)
            break
        text = candidate
    return text


def raise_overdue_alerts(
    *, organisation: Organisation, now: datetime.datetime | None = None
) -> list[LoneWorkingAlert]:
    """Raise the alerts that are due in ``organisation`` (run inside its
    scope: ``keyring_net.tasks.in_organisation``). Returns the alerts this
    run raised.

    * 5 minutes after the expected end of an open check-in: a "manager"
      alert to the support managers of the networks involved (to the
      out-of-hours contact when there is none);
    * 15 minutes after that, if the worker has still not checked out and
      nobody has acknowledged it: an "out_of_hours" alert.

    Each level is raised at most once per check-in, however many runs
    overlap: the unique (session, level) constraint refuses a second row,
    and the e-mail is sent only by the run whose row was created, after it
    commits. A fixed number of queries when nothing is due.
    """
    now = now or timezone.now()
    raised = []
    due = selectors.sessions_due_for_manager_alert(organisation, overdue_before=now - MANAGER_AFTER)
    managers = selectors.manager_emails_for_sessions(organisation, due)
    for session in due:
        recipients = managers.get(session.pk) or out_of_hours_recipients(organisation)
        alert = raise_alert_once(
            organisation=organisation,
            session=session,
            level=LoneWorkingAlert.Level.MANAGER,
            recipients=recipients,
            now=now,
        )
        if alert is not None:
            raised.append(alert)
    escalate = selectors.sessions_due_for_out_of_hours_alert(
        organisation, manager_told_before=now - OUT_OF_HOURS_AFTER
    )
    for session in escalate:
        alert = raise_alert_once(
            organisation=organisation,
            session=session,
            level=LoneWorkingAlert.Level.OUT_OF_HOURS,
            recipients=out_of_hours_recipients(organisation),
            now=now,
        )
        if alert is not None:
            raised.append(alert)
    return raised


def raise_alert_once(
    *,
    organisation: Organisation,
    session: LoneWorkingSession,
    level: str,
    recipients: list[str],
    now: datetime.datetime,
) -> LoneWorkingAlert | None:
    """Record the alert and queue its e-mail for after the commit; ``None``
    when another run has raised this level already (the constraint said no,
    so this run sends nothing)."""
    try:
        with transaction.atomic():  # a savepoint: the refusal leaves the sweep usable
            alert = LoneWorkingAlert.objects.create(
                organisation=organisation,
                session=session,
                level=level,
                raised_at=now,
                recipients=_recipients_text(recipients),
            )
    except IntegrityError:
        return None
    manager_alert = None
    if level == LoneWorkingAlert.Level.OUT_OF_HOURS:  # to say when the manager was told
        manager_alert = selectors.manager_alert_of(organisation, session.pk)
    context = alert_context(alert, organisation, manager_alert=manager_alert)
    # In the recipients' notifications and by e-mail (and by text if they
    # chose it); an out-of-hours inbox that is nobody's account, by e-mail:
    # each a delivery, sent and recorded by the notifications app.
    reminders.lone_working_alert(
        organisation=organisation, alert=alert, recipient_emails=recipients, context=context
    )
    return alert


def alert_context(
    alert: LoneWorkingAlert,
    organisation: Organisation,
    *,
    manager_alert: LoneWorkingAlert | None = None,
) -> dict:
    """What the alert's words need, for the e-mail and the alerts page alike
    (templates volunteers/today/_alert_words.html and alert_email.txt).
    ``manager_alert``: for an out-of-hours alert, the earlier one to the
    support manager, to say when they were told."""
    session = alert.session
    worker = session.worker
    if alert.level != LoneWorkingAlert.Level.OUT_OF_HOURS:
        manager_alert = None
    return {
        "alert": alert,
        "session": session,
        "worker_name": worker.get_short_name(),
        "worker_full_name": worker.full_name,
        "worker_phone": worker.phone,
        "where": where_text(session),
        "started": clock(session.started_at, organisation),
        "expected_end": clock(session.expected_end_at, organisation),
        "manager_told": clock(manager_alert.raised_at, organisation) if manager_alert else "",
        "organisation": organisation,
        "out_of_hours_phone": organisation.out_of_hours_phone,
        "alerts_path": reverse("volunteers_today:alerts"),
    }
