"""The demo members' journeys: how each was referred, assessed and joined,
the referrals still in the pipeline, who supports them, and support flexed
up and down."""

from __future__ import annotations

import datetime
from decimal import Decimal

from members.demo.words import (
    ACCEPTED_BECAUSE,
    ASSESSMENT_NOTES,
    BEREAVEMENT,
    DAY,
    DEMO_TODAY,
    FLEXED_DOWN_BECAUSE,
    HOSPITAL_DOWN,
    HOSPITAL_UP,
    MOVED_ON_BECAUSE,
    MOVED_ON_HOURS,
    NEW_REFERRALS,
    OWN_WORDS,
    REFERRED_BY,
    REFERRER_REASONS,
    REFERRERS,
    SOURCE_WEIGHTS,
    SUPPORT_HOURS,
    SUPPORT_NEEDS,
    Stage,
    Status,
    at,
)
from members.models import Allocation, Member, Referral, SupportLevelChange


class Journeys:
    """Part of the demo's ``_Life`` (members/demo/seed.py): referrals,
    journeys, allocations and support levels."""

    def _referrer(self, source: str, network) -> str:
        rng = self.rng
        place = self.plan.networks[self.position[network.pk] % len(self.plan.networks)]
        return REFERRERS[source].format(
            council=self.plan.local_authority,
            area=place.name.split()[0],
            street=rng.choice(place.streets),
            surname=self.last_name(),
            phone=self.landline(),
            mobile=self.mobile(),
        )

    def journeys(self) -> None:
        rng = self.rng
        sources = list(SOURCE_WEIGHTS)
        weights = list(SOURCE_WEIGHTS.values())
        for member in self.members:
            network = self.networks_by_pk[member.network_id]
            source = rng.choices(sources, weights=weights)[0]
            self.referral_source[member.pk] = source
            if member.status == Status.ASSESSING:
                referred = self.today - DAY * rng.randint(25, 60)
                started = referred + DAY * rng.randint(5, 14)
                decided = None
            else:
                decided = member.joined_on - DAY * rng.randint(3, 14)
                started = decided - DAY * rng.randint(7, 30)
                referred = started - DAY * rng.randint(7, 60)
            self.rows.referrals.append(
                Referral(
                    organisation=self.organisation,
                    member=member,
                    source=source,
                    referrer=self._referrer(source, network),
                    referred_on=referred,
                    reason_in_referrers_words=rng.choice(REFERRER_REASONS[source]),
                    reason_in_own_words=rng.choice(OWN_WORDS),
                    stage=Stage.ASSESSING if decided is None else Stage.ACCEPTED,
                    assessment_started_on=started,
                    assessment_notes=rng.choice(ASSESSMENT_NOTES),
                    decided_on=decided,
                    decision_reason="" if decided is None else rng.choice(ACCEPTED_BECAUSE),
                    decided_by=None if decided is None else self.staff.manager,
                )
            )
            self._status(member, "", Status.REFERRED, referred, REFERRED_BY[source], hour=11)
            self._status(member, Status.REFERRED, Status.ASSESSING, started, "Assessment started")
            if decided is None:
                continue
            self._status(
                member, Status.ASSESSING, Status.ACTIVE, member.joined_on, f"Joined {network.name}"
            )
            if member.status == Status.MOVED_ON:
                day = self.places[network.pk].drop_in.day
                self._status(
                    member,
                    Status.ACTIVE,
                    Status.MOVED_ON,
                    member.left_on,
                    rng.choice(MOVED_ON_BECAUSE).format(day=day),
                )

    def new_referrals(self) -> None:
        """Six people referred lately, at every stage: waiting, being assessed,
        declined with a reason, withdrawn. They have no network yet."""
        rng = self.rng
        stage_status = {
            Stage.NEW: Status.REFERRED,
            Stage.ASSESSING: Status.ASSESSING,
            Stage.DECLINED: Status.LEFT,
            Stage.WITHDRAWN: Status.LEFT,
        }
        people = []
        for plan in NEW_REFERRALS:
            first = self.first_name()
            referred = self.today - DAY * plan.days_ago
            decided = None if plan.decided_after is None else referred + DAY * plan.decided_after
            member = Member(
                organisation=self.organisation,
                full_name=f"{first} {self.last_name()}",
                preferred_name=first,
                status=stage_status[plan.stage],
                left_on=decided,
                support_needs=rng.choice(SUPPORT_NEEDS) if rng.random() < 0.5 else "",
            )
            people.append((plan, member, referred, decided))
        Member.objects.bulk_create([member for _, member, _, _ in people])
        for plan, member, referred, decided in people:
            started = None
            if plan.assessment_after is not None:
                started = referred + DAY * plan.assessment_after
            self.rows.referrals.append(
                Referral(
                    organisation=self.organisation,
                    member=member,
                    source=plan.source,
                    referrer=self._referrer(plan.source, self.first_copy[0]),
                    referred_on=referred,
                    reason_in_referrers_words=rng.choice(REFERRER_REASONS[plan.source]),
                    reason_in_own_words=plan.own_words,
                    stage=plan.stage,
                    assessment_started_on=started,
                    assessment_notes=plan.notes,
                    decided_on=decided,
                    decision_reason=plan.decision,
                    decided_by=None if decided is None else self.staff.manager,
                )
            )
            self._status(member, "", Status.REFERRED, referred, REFERRED_BY[plan.source], hour=11)
            if started is not None:
                self._status(
                    member, Status.REFERRED, Status.ASSESSING, started, "Assessment started"
                )
            if decided is not None:
                label = "Referral declined" if plan.stage == Stage.DECLINED else "Withdrew"
                self._status(
                    member, Status.ASSESSING, Status.LEFT, decided, f"{label}: {plan.decision}"
                )

    # --- Who supports whom -----------------------------------------------------------
    def allocations(self) -> None:
        rng = self.rng
        for member in self.members:
            if member.status not in (Status.ACTIVE, Status.MOVED_ON):
                continue
            network = self.networks_by_pk[member.network_id]
            self.rows.allocations.append(
                Allocation(
                    organisation=self.organisation,
                    member=member,
                    worker=self._clv_or_manager(network),
                    started_on=member.joined_on,
                    ended_on=member.left_on,
                )
            )
            enabler_here = network.pk in self.staff.enabler_network_ids
            if member.status == Status.ACTIVE and enabler_here and rng.random() < 0.25:
                self.rows.allocations.append(
                    Allocation(
                        organisation=self.organisation,
                        member=member,
                        worker=self.staff.enabler,
                        started_on=member.joined_on + DAY * rng.randint(0, 14),
                    )
                )

    # --- Support flexed up and down, with the reasons -------------------------------------
    def _flex(self, member, from_hours, to_hours, reason, when) -> None:
        self.rows.level_changes.append(
            SupportLevelChange(
                organisation=self.organisation,
                member=member,
                from_hours=from_hours,
                to_hours=to_hours,
                reason=reason,
                changed_by=self.staff.manager,
                changed_at=when,
            )
        )

    def support_levels(self) -> None:
        rng = self.rng
        changed: list[Member] = []
        # Flexed up in the last fortnight: a bereavement.
        member = self.bereaved
        before = rng.choice([Decimal("2"), Decimal("2.5"), Decimal("3")])
        member.support_hours_per_week = before + 2
        day = self.today - DAY * rng.randint(5, 10)
        month = f"{day - DAY * 21:%B}"
        self._flex(
            member,
            before,
            member.support_hours_per_week,
            BEREAVEMENT.format(their=self.their(member), month=month),
            at(day, 11, 20),
        )
        changed.append(member)
        # Flexed down some months ago, as people grew more confident.
        for member, reason in zip(self.flexed_down, FLEXED_DOWN_BECAUSE, strict=False):
            latest = (DEMO_TODAY - member.joined_on).days - 14
            day = member.joined_on + DAY * rng.randint(60, max(60, latest))
            self._flex(
                member,
                member.support_hours_per_week + 1,
                member.support_hours_per_week,
                reason.format(their=self.their(member)),
                at(day, 15, 10),
            )
        # Up for a hospital stay in the summer, then back down.
        member = self.in_hospital
        hours = member.support_hours_per_week
        up = datetime.date(DEMO_TODAY.year, 7, rng.randint(1, 25))
        up = max(up, member.joined_on + DAY * 30)
        self._flex(
            member,
            hours,
            hours + Decimal("1.5"),
            HOSPITAL_UP.format(their=self.their(member)),
            at(up, 10),
        )
        self._flex(member, hours + Decimal("1.5"), hours, HOSPITAL_DOWN, at(up + DAY * 35, 10))
        # Support ends when someone moves on (they stay in the social side).
        for member in self.members:
            if member.status == Status.MOVED_ON:
                self._flex(
                    member,
                    rng.choice(SUPPORT_HOURS),
                    Decimal("0"),
                    MOVED_ON_HOURS,
                    at(member.left_on, 12),
                )
        for member in changed:
            Member.objects.filter(pk=member.pk).update(
                support_hours_per_week=member.support_hours_per_week
            )
