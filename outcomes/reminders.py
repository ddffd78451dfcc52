"""What outcomes tells people: a sent survey to its members (at once), a
reminder three days before it closes to those who have not answered, and
a ready report to its commissioners. Built as notification specs and
handed to notifications, which creates, sends and records them; the
survey reminders' producer is registered with it in ``apps.py``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from keyring_net.models import Organisation
from notifications import producing
from notifications.models import Channel, Kind
from notifications.services.create import create_notifications
from outcomes.models import Survey, SurveyInvitation

SURVEY_REMINDER_DAYS = 3  # a reminder this many days before a survey closes


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """Everything outcomes reminds people of (the beat's producer)."""
    return survey_reminders(organisation=organisation, today=today)


def _survey_words(survey: Survey) -> str:
    return survey.easy_read_title or survey.title


def survey_invitations(*, organisation: Organisation, survey, now: datetime.datetime) -> int:
    """Tell each invited member with a login that the survey is waiting for
    them, at once (easy read). Called when the survey is sent; once per
    member and survey. Two queries, plus those of ``create_notifications``."""
    user_ids = SurveyInvitation.objects.filter(
        organisation=organisation, survey=survey, member__user__isnull=False
    ).values_list("member__user_id", flat=True)
    specs = producing.specs_for(
        user_ids,
        kind=Kind.SURVEY_INVITATION,
        about=f"outcomes.survey:{survey.pk}",
        due_at=now,
        unique_key=f"{Kind.SURVEY_INVITATION}:outcomes.survey:{survey.pk}",
        context={"survey": _survey_words(survey)},
        link=reverse("surveys:my-answer", args=[survey.pk]),
    )
    return create_notifications(organisation=organisation, specs=specs)


def survey_reminders(
    *, organisation: Organisation, today: datetime.date, batch: int = producing.BATCH
) -> int:
    """A reminder to members who have not answered an open survey, due at
    09:00 three days before it closes. Once per member and survey. One
    query a batch of invitations, plus those of ``create_notifications``."""
    closing = today + datetime.timedelta(days=SURVEY_REMINDER_DAYS)
    waiting = SurveyInvitation.objects.filter(
        organisation=organisation,
        survey__status=Survey.Status.OPEN,
        survey__closes_on=closing,
        answered_at__isnull=True,
        member__user__isnull=False,
    ).select_related("survey", "member")
    made = 0
    for rows in producing.batches(waiting, batch):
        specs = []
        for invitation in rows:
            specs += producing.specs_for(
                [invitation.member.user_id],
                kind=Kind.SURVEY_REMINDER,
                about=f"outcomes.survey:{invitation.survey_id}",
                due_at=producing.prompt_at(organisation, today),
                unique_key=f"{Kind.SURVEY_REMINDER}:outcomes.survey:{invitation.survey_id}",
                context={
                    "survey": _survey_words(invitation.survey),
                    "closes": producing.day_words(closing),
                },
                link=reverse("surveys:my-answer", args=[invitation.survey_id]),
            )
        made += create_notifications(organisation=organisation, specs=specs)
    return made


def report_ready(*, organisation: Organisation, report, user_ids: list[int]) -> int:
    """Tell a council's commissioners that a commissioner report is ready:
    in their inbox, and always by e-mail (whatever channels they chose), as
    the report's e-mail has always gone. Called from
    ``outcomes.services_reports.report_ready_notify``. Once per report and
    person. Plain words only: no figures, nobody named."""
    contract = report.contract
    specs = producing.specs_for(
        user_ids,
        kind=Kind.REPORT_READY,
        about=f"outcomes.commissionerreport:{report.pk}",
        due_at=report.finished_at or timezone.now(),
        unique_key=f"{Kind.REPORT_READY}:outcomes.commissionerreport:{report.pk}",
        context={
            "contract": contract.name,
            "start": report.period_start,
            "end": report.period_end,
        },
        link=reverse("reports:detail", args=[report.pk]),
        easy_read=False,
        always_channels=frozenset({Channel.EMAIL}),
    )
    return create_notifications(organisation=organisation, specs=specs)
