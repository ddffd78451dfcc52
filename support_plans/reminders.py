"""What support plans say is due: prompts to the worker and the member 30
and 7 days before an agreed plan's review date, and an escalation to the
support managers once it is overdue. Registered with notifications
(``apps.py``), which creates, sends and records them."""

from __future__ import annotations

import datetime

from django.urls import reverse

from keyring_net.models import Organisation
from notifications import producing
from notifications.models import Kind
from notifications.services.create import Spec, create_notifications
from support_plans.models import SupportPlan

PLAN_PROMPT_DAYS = (30, 7)
# Overdue reviews older than this were escalated long ago: not read again.
OVERDUE_LOOKBACK = datetime.timedelta(days=90)


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """Everything support plans remind people of (the beat's producer)."""
    return plan_review_prompts(organisation=organisation, today=today)


def plan_review_prompts(
    *, organisation: Organisation, today: datetime.date, batch: int = producing.BATCH
) -> int:
    """The review prompts and escalations due by ``today``. Returns the
    deliveries added."""
    managers = producing.managers_by_cluster(organisation)
    plans = (
        SupportPlan.objects.filter(
            organisation=organisation,
            status=SupportPlan.Status.AGREED,
            review_due__lte=today + datetime.timedelta(days=max(PLAN_PROMPT_DAYS)),
            review_due__gte=today - OVERDUE_LOOKBACK,
        )
        .select_related("member__network", "worker")
        .only(
            "pk",
            "review_due",
            "worker__full_name",
            "member__full_name",
            "member__user_id",
            "member__network__cluster_id",
        )
    )
    added = 0
    for rows in producing.batches(plans, batch):
        specs = []
        for plan in rows:
            specs.extend(_plan_specs(organisation, plan, today, managers))
        added += create_notifications(organisation=organisation, specs=specs)
    return added


def _plan_specs(organisation, plan, today, managers) -> list[Spec]:
    days_left = (plan.review_due - today).days
    common = {
        "about": f"support_plans.supportplan:{plan.pk}",
        "context": {
            "member": plan.member.full_name,
            "due": producing.day_words(plan.review_due),
            "worker": plan.worker.full_name,
        },
        "link": reverse("members:detail", args=[plan.member_id]),
        "easy_read": False,
    }
    if days_left < 0:
        network = plan.member.network
        cluster_id = network.cluster_id if network else None
        due_at = producing.prompt_at(organisation, plan.review_due + datetime.timedelta(days=1))
        return producing.specs_for(
            managers.get(cluster_id, []), kind=Kind.PLAN_REVIEW_OVERDUE, due_at=due_at, **common
        )
    stage = producing.stage_of(days_left, PLAN_PROMPT_DAYS)
    if stage is None:
        return []
    prompt_day = plan.review_due - datetime.timedelta(days=stage)
    common.update(
        kind=Kind.PLAN_REVIEW,
        due_at=producing.prompt_at(organisation, prompt_day),
    )
    common["context"]["days"] = stage
    specs = producing.specs_for([plan.worker_id], **common)
    if plan.member.user_id:
        common.update(link=reverse("plans:my-plan"), easy_read=True)
        specs.extend(producing.specs_for([plan.member.user_id], **common))
    return specs
