"""The demo's writer of stars and plans for one organisation."""

from __future__ import annotations

import datetime
import hashlib

from allauth.account.models import EmailAddress
from django.utils import timezone

from keyring_net.actors import Actor, audited
from keyring_net.models import Role, RoleAssignment, User
from members.models import Member
from support_plans.demo.stories import (
    AREA_WORDS,
    BUDGETS,
    CRISIS_PLANS,
    DAY,
    DISAGREEMENT,
    DISAGREEMENT_GOALS,
    EARLY_REVIEW_REASON,
    EIGHTEEN_MONTHS,
    FAMILY,
    GOALS,
    GOOD_COMMENT,
    READING_NOTES,
    RISKS,
    SETBACK_NOTE,
    WORKER_NOTES,
    GoalIdea,
    Story,
    band,
)
from support_plans.models import (
    Action,
    PlanComment,
    PlanReview,
    ProgressNote,
    SupportPlan,
)
from support_plans.services import parts
from support_plans.services.member import EARLY_REVIEW_WITHIN, member_comment, review_request
from support_plans.services.plans import REVIEW_AFTER, plan_agree, plan_start
from support_plans.services.readings import AreaAnswer, reading_record


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class Seeder:
    """Writes one organisation's readings and plans through the services,
    then dates them back to tell each story."""

    def __init__(self, organisation, staff, today, local, template, areas, manager):
        self.organisation = organisation
        self.staff = staff
        self.today = today
        self.local = local
        self.template = template
        self.areas = areas
        self.manager = manager

    # People ---------------------------------------------------------------------------------

    def worker_for(self, member: Member) -> User:
        return self.staff.clvs.get(member.network_id) or self.staff.manager

    def member_login(self, member: Member, position: int) -> User:
        """The member's own login (as a login card gives them), made if
        they have none: no password, an address that never receives mail."""
        if member.user_id is not None:
            return member.user
        digest = hashlib.sha1(
            f"{self.organisation.slug}:{position}:{member.full_name}".encode(),
            usedforsecurity=False,
        ).hexdigest()[:12]
        email = f"member-{digest}@no-email.invalid"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email, full_name=member.full_name, preferred_name=member.preferred_name
            )
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        RoleAssignment.objects.get_or_create(
            organisation=self.organisation,
            user=user,
            role=Role.MEMBER,
            ended_at=None,
            defaults={"granted_by": self.staff.manager},
        )
        member.user = user
        member.save(update_fields=["user"])
        return user

    def peer_of(self, member: Member) -> Member | None:
        return (
            Member.objects.filter(
                organisation=self.organisation,
                network_id=member.network_id,
                status=Member.Status.ACTIVE,
            )
            .exclude(pk=member.pk)
            .order_by("pk")
            .first()
        )

    def who_was_there(self, member: Member, worker: User) -> str:
        name = member.preferred_name or member.full_name
        role = "CLV" if worker != self.staff.manager else "support manager"
        choice = self.local.random()
        if choice < 0.45:
            return f"{name} and {worker.full_name} ({role})"
        if choice < 0.75:
            return f"{name}, {self.local.choice(FAMILY)} and {worker.full_name} ({role})"
        if member.network_id in self.staff.enabler_network_ids:
            return (
                f"{name}, {worker.full_name} ({role}) and "
                f"{self.staff.enabler.full_name} (community enabler)"
            )
        return f"{name}, their advocate and {worker.full_name} ({role})"

    def step(self) -> int:
        """How far an area moves between readings: mostly up, now and then
        a step back."""
        return self.local.choices([-1, 0, 1, 2, 3], [1, 3, 4, 3, 1])[0]

    # The star -------------------------------------------------------------------------------

    def readings(self, member: Member, worker: Actor, days_ago: tuple[int, ...]):
        """Two to four readings: a start for each area, then mostly up."""
        scores = {area.pk: self.local.choice([1, 2, 2, 3, 3, 4, 4, 5]) for area in self.areas}
        earliest = member.joined_on + 14 * DAY
        dates = sorted(
            {
                max(self.today - (d + self.local.randint(0, 6)) * DAY, earliest)
                for d in days_ago
                if d <= EIGHTEEN_MONTHS
            }
        )
        dates = [d for d in dates if d < self.today] or [self.today - DAY]
        readings = []
        previous: dict[int, int] | None = None
        for taken_on in dates:
            if previous is not None:
                scores = {
                    pk: max(
                        1, min(10, s + self.local.choices([-1, 0, 1, 2, 3], [1, 3, 4, 3, 1])[0])
                    )
                    for pk, s in scores.items()
                }
            answers = []
            for area in self.areas:
                score = scores[area.pk]
                words = ""
                if self.local.random() < 0.8:
                    words = self.local.choice(AREA_WORDS[area.pictogram][band(score)])
                note = ""
                if (
                    previous is not None
                    and score != previous[area.pk]
                    and self.local.random() < 0.4
                ):
                    note = (
                        WORKER_NOTES[area.pictogram] if score > previous[area.pk] else SETBACK_NOTE
                    )
                answers.append(AreaAnswer(area.pk, score, words, note))
            readings.append(
                reading_record(
                    actor=worker,
                    member=member,
                    template=self.template,
                    taken_on=taken_on,
                    answers=answers,
                    who_was_there=self.who_was_there(member, worker.user),
                    notes=self.local.choice(READING_NOTES),
                )
            )
            previous = scores
        return readings

    # Plans ----------------------------------------------------------------------------------

    def member(self, member: Member, story: Story, position: int) -> SupportPlan:
        worker_user = self.worker_for(member)
        worker = Actor.for_user(worker_user, self.organisation.pk)
        readings = self.readings(member, worker, story.readings)
        if any(agreed is not None for _, agreed in story.versions):
            self.member_login(member, position)
        own = Actor.for_user(member.user, self.organisation.pk) if member.user_id else None
        goals = self.local.sample(GOALS, 3)
        plan = None
        for number, (started, agreed) in enumerate(story.versions):
            start_day = self.today - started * DAY
            reading = max(
                (r for r in readings if r.taken_on <= start_day),
                key=lambda r: r.taken_on,
                default=readings[0],
            )
            previous = plan
            if previous is not None:
                self.mark_done(previous, start_day)
            plan = plan_start(actor=worker, member=member, reading=reading)
            plan.created_at = _at(start_day, 10)
            SupportPlan.objects.filter(pk=plan.pk).update(created_at=plan.created_at)
            if number == 0:
                for idea in goals[:2]:
                    self.goal(plan, worker, member, idea, start_day)
                self.sections(plan, worker, position)
            else:
                self.goal(plan, worker, member, goals[2], start_day)
                # The yearly review that started this version (done when
                # the new version is agreed).
                audited(
                    PlanReview(
                        organisation=self.organisation,
                        plan=previous,
                        due_on=previous.review_due or start_day,
                        asked_at=_at(start_day - 30 * DAY),
                        completed_on=None if agreed is None else self.today - agreed * DAY,
                        new_plan=plan,
                    ),
                    worker,
                ).save()
            if agreed is None:
                continue
            agreed_day = self.today - agreed * DAY
            plan_agree(actor=own, plan=plan, as_member=True)
            plan_agree(actor=worker, plan=plan, as_member=False)
            plan.member_agreed_at = _at(agreed_day, 11)
            plan.worker_agreed_at = _at(agreed_day, 11)
            plan.review_due = agreed_day + REVIEW_AFTER
            plan.easy_read_checked_by = f"{worker_user.full_name}, read through together"
            plan.easy_read_checked_on = agreed_day
            SupportPlan.objects.filter(pk=plan.pk).update(
                member_agreed_at=plan.member_agreed_at,
                worker_agreed_at=plan.worker_agreed_at,
                review_due=plan.review_due,
                easy_read_checked_by=plan.easy_read_checked_by,
                easy_read_checked_on=plan.easy_read_checked_on,
            )
            self.progress(plan, worker, agreed_day)
        return plan

    def goal(self, plan, worker, member, idea: GoalIdea, start_day) -> None:
        area = next((a for a in self.areas if a.pictogram == idea.area), None)
        goal = parts.goal_add(actor=worker, plan=plan, in_own_words=idea.words, area=area)
        peer = self.peer_of(member)
        for term, who, name, text, after in idea.actions:
            if name == "clv":
                name = worker.user.full_name
            elif name == "enabler":
                name = self.staff.enabler.full_name
            elif name == "peer":
                if peer is None:
                    who, name = Action.Who.CLV, worker.user.full_name
                else:
                    name = peer.preferred_name or peer.full_name
            parts.action_add(
                actor=worker,
                goal=goal,
                text=text,
                term=term,
                who=who,
                who_name=name,
                by_when=start_day + after * DAY,
            )

    def sections(self, plan, worker, position: int) -> None:
        """A personal budget, a positive risk plan and a crisis plan, not
        every plan having all three."""
        if position % 3 != 2:
            amount, period, pays_for, managed_as = BUDGETS[position % len(BUDGETS)]
            parts.budget_set(
                actor=worker,
                plan=plan,
                amount=amount,
                period=period,
                pays_for=pays_for,
                managed_as=managed_as,
            )
        if position % 2 == 0:
            risk, well, strategies, helps = RISKS[(position // 2) % len(RISKS)]
            parts.risk_add(
                actor=worker,
                plan=plan,
                risk=risk,
                what_could_go_well=well,
                strategies=strategies,
                who_helps=helps,
            )
        if position % 4 != 3:
            parts.crisis_set(actor=worker, plan=plan, **CRISIS_PLANS[position % 2])

    def progress(self, plan, worker, agreed_day) -> None:
        """Notes of what happened since the version was agreed."""
        for goal in plan.goals.order_by("position"):
            idea = next((g for g in GOALS if g.words == goal.in_own_words), None)
            if idea is None:
                continue
            for step, text in enumerate(idea.progress):
                day = agreed_day + (14 + 30 * step) * DAY
                if day >= self.today:
                    break
                note = parts.progress_note_add(actor=worker, goal=goal, text=text)
                ProgressNote.objects.filter(pk=note.pk).update(written_at=_at(day, 15))

    def mark_done(self, plan, before: datetime.date) -> None:
        """Short-term steps whose date has passed were done (the next version
        carries that over)."""
        for action in Action.objects.filter(
            goal__plan=plan, term=Action.Term.SHORT, by_when__lt=before
        ):
            action.done_on = action.by_when - self.local.randint(0, 7) * DAY
            audited(action, self.manager).save(update_fields=["done_on"])

    # What members say -----------------------------------------------------------------------

    def _as_member(self, plan) -> Actor:
        return Actor.for_user(plan.member.user, self.organisation.pk)

    def disagree(self, plan) -> None:
        part, text = DISAGREEMENT if plan.risks.exists() else DISAGREEMENT_GOALS
        comment = member_comment(
            actor=self._as_member(plan), plan=plan, part=part, text=text, disagrees=True
        )
        PlanComment.objects.filter(pk=comment.pk).update(written_at=_at(self.today - 12 * DAY, 16))

    def comment(self, plan) -> None:
        comment = member_comment(
            actor=self._as_member(plan),
            plan=plan,
            part=PlanComment.Part.GOALS,
            text=GOOD_COMMENT,
            disagrees=False,
        )
        PlanComment.objects.filter(pk=comment.pk).update(written_at=_at(self.today - 20 * DAY, 14))

    def ask_for_review(self, plan) -> None:
        review = review_request(actor=self._as_member(plan), plan=plan, reason=EARLY_REVIEW_REASON)
        asked = self.today - 3 * DAY
        PlanReview.objects.filter(pk=review.pk).update(
            asked_at=_at(asked, 18), due_on=asked + EARLY_REVIEW_WITHIN
        )
