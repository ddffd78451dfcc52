"""Demo stars and support plans (called by keyring_net.demo.seed_all).

Two members in each network fill in the star with their worker two to four
times over the last eighteen months; their scores move along the journey
(mostly up, with the odd step back), in their own words, with the worker's
notes and who was there. Their plans are at different stages: one being
written, agreed ones (some with the version before kept), one whose yearly
review is due soon and one being reviewed now. In each organisation one
member has recorded that they disagree with part of their plan and one has
asked to talk about it early.

Everything goes through the services, so their rules hold: the member
agrees their plan, comments and asks for a review in their own login (the
demo gives members with a plan a login, as a login card would). Then the
dates are moved back to tell the story (the services stamp "now").

Readings and plans are dated back from ``today``. The demo draws from its
own generator, seeded from the organisation, so the steps before it are not
changed by it and the same day gives the same rows.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from keyring_net.actors import Actor, audited
from keyring_net.models import Organisation, Role, RoleAssignment, User
from members.models import Member
from support_plans import services
from support_plans.models import (
    Action,
    PlanComment,
    PlanReview,
    ProgressNote,
    StarArea,
    StarReading,
    SupportPlan,
)
from support_plans.stars import ensure_default_template

DAY = datetime.timedelta(days=1)
PLAN_MEMBERS_PER_NETWORK = 2
EIGHTEEN_MONTHS = 540  # days

# --- The star, in the member's words ------------------------------------------------------

# Per area (by its picture): what members say when it is hard, getting
# better, and going well.
AREA_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "home": (
        ("The flat gets on top of me. I don't answer the door.", "I'm scared of losing my flat."),
        ("The CLV helps me keep on top of the flat.", "I reported the damp myself this time."),
        ("I love my flat. I had my sister round for tea.", "My home feels like mine now."),
    ),
    "money": (
        ("I don't open the letters. I don't know what I owe.", "Money runs out by Thursday."),
        ("We open the post together on Tuesdays.", "I've got a list of what comes out when."),
        ("I pay my bills myself now.", "I saved up for a new coat."),
    ),
    "health": (
        ("I'm not sleeping and I've stopped eating properly.", "I missed my GP appointments."),
        ("I've been to the doctor about my knee.", "I walk to the shop most days."),
        ("I go to walking football every week.", "I book my own appointments."),
    ),
    "heart": (
        ("Most days I feel low and stay in bed.", "I worry all the time."),
        ("Some days are better. I know who to ring.", "Talking to my CLV helps."),
        ("I feel much calmer. I know my warning signs.", "I feel happy most days."),
    ),
    "shop": (
        ("I live on toast. I can't face cooking.", "The washing piles up."),
        ("I'm learning to cook with my CLV on Tuesdays.", "I do a shop with a list now."),
        ("I cook a proper tea most nights.", "I do my own shopping and washing."),
    ),
    "people": (
        ("I don't see my family. We fell out.", "My brother doesn't ring me."),
        ("I rang my mum on her birthday.", "My sister visits once a month."),
        ("I see my family every Sunday.", "Me and my brother get on again."),
    ),
    "handshake": (
        ("I don't know anyone round here.", "I'm lonely. I don't go out."),
        ("I go to the coffee morning at the hub.", "I know two people in the network now."),
        ("I help at the coffee morning.", "I've got friends I see every week."),
    ),
    "work": (
        ("I don't do anything in the day.", "I don't think anyone would want me."),
        ("I'm thinking about volunteering.", "I went to look round the college."),
        ("I volunteer at the charity shop on Wednesdays.", "I've started an English course."),
    ),
    "safe": (
        ("People come round and I can't say no.", "I don't feel safe going out at night."),
        ("I know who to ring if something goes wrong.", "I've got the out-of-hours number."),
        ("I feel safe at home and out.", "I get the bus into town on my own."),
    ),
    "star": (
        ("Nothing ever changes for me.", "I can't see things getting better."),
        ("Maybe things can get better.", "I've done some things I didn't think I could."),
        ("I'm proud of how far I've come.", "I've got plans for next year."),
    ),
}
# The worker's note when an area moved since the last time.
WORKER_NOTES: dict[str, str] = {
    "home": "Rent account is clear; the repair was reported by them.",
    "money": "Benefits check done with Citizens Advice; direct debits set up.",
    "health": "Registered with the GP again and going to appointments.",
    "heart": "Knows their early signs and uses the crisis plan when needed.",
    "shop": "Cooked a meal on their own for the first time.",
    "people": "Back in touch with family by phone.",
    "handshake": "Comes to the hub most weeks; has a friend in the network.",
    "work": "Started volunteering one morning a week.",
    "safe": "Talked through who to ring; has the out-of-hours number in their phone.",
    "star": "Talks about next year with hope.",
}
SETBACK_NOTE = "A harder few months; we talked about what would help."
READING_NOTES = (
    "Talked it through over a cup of tea at their kitchen table. About an hour.",
    "Met at the hub after the coffee morning. They chose the scores and we agreed them.",
    "Done at home in two short sittings: they get tired after half an hour.",
    "They filled in the easy-read star first, then we talked each part through.",
)
FAMILY = ("their sister Jo", "their mum", "their brother Dan", "their dad", "their aunt Val")


def band(score: int) -> int:
    """0 for hard (1 to 4), 1 for getting better (5 to 7), 2 for going well."""
    return 0 if score <= 4 else 1 if score <= 7 else 2


# --- The plans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalIdea:
    area: str  # the picture of the star area it belongs to
    words: str
    # (term, who, name: "clv" | "peer" | "enabler" | a name | "", text, days after the start)
    actions: tuple[tuple[str, str, str, str, int], ...]
    progress: tuple[str, ...]


GOALS = (
    GoalIdea(
        "money",
        "I want to pay my bills on time and stop being scared of the letters.",
        (
            ("short", "member", "", "Open the post with the CLV on Tuesday visits.", 30),
            ("short", "community", "Citizens Advice at the library", "Check my benefits.", 45),
            ("long", "member", "", "Set up direct debits for gas and electric.", 180),
        ),
        ("Opened three weeks of post together; nothing urgent.", "Gas is on a direct debit."),
    ),
    GoalIdea(
        "handshake",
        "I'd like to go to the coffee morning at the hub and make a friend.",
        (
            ("short", "peer", "peer", "Walk to the hub together on Fridays.", 21),
            ("long", "member", "", "Go to the coffee morning on my own.", 150),
        ),
        ("Came to the coffee morning with their neighbour and stayed an hour.",),
    ),
    GoalIdea(
        "shop",
        "I want to cook a proper tea twice a week.",
        (
            ("short", "clv", "clv", "Cook together on Tuesdays and write the recipe down.", 28),
            ("long", "member", "", "Cook on my own twice a week.", 200),
        ),
        ("Made a shepherd's pie; wrote it in the recipe book.",),
    ),
    GoalIdea(
        "work",
        "I want to volunteer at the charity shop.",
        (
            ("short", "enabler", "enabler", "Visit the charity shop together and meet Sue.", 30),
            ("long", "member", "", "Do a morning a week at the shop.", 240),
        ),
        ("Met Sue at the shop; a trial morning is booked.",),
    ),
    GoalIdea(
        "health",
        "I want to get fitter and walk to the shops without stopping.",
        (
            ("short", "member", "", "Walk round the park three times a week.", 30),
            ("long", "community", "Coach at the walking football", "Join walking football.", 180),
        ),
        ("Walked round the park twice this week.",),
    ),
    GoalIdea(
        "people",
        "I want to see my brother more.",
        (
            ("short", "member", "", "Ring my brother on Sundays.", 14),
            ("long", "family", "Their brother Dan", "Come for Sunday dinner once a month.", 150),
        ),
        ("Rang their brother two Sundays running.",),
    ),
    GoalIdea(
        "safe",
        "I want to get the bus into town on my own.",
        (
            ("short", "clv", "clv", "Do the bus journey together twice.", 21),
            ("long", "member", "", "Go into town on the bus on my own.", 120),
        ),
        ("Did the 50 bus into town together; they paid and chose where to get off.",),
    ),
    GoalIdea(
        "heart",
        "I want to feel less worried when I wake up.",
        (
            ("short", "member", "", "Write down three good things before bed.", 14),
            ("long", "community", "The wellbeing group at the hub", "Go to the group.", 120),
        ),
        ("Says mornings are a bit easier; keeps the notebook by the bed.",),
    ),
)
BUDGETS = (
    (
        Decimal("96.00"),
        "week",
        "Six hours a week of support from the CLV and the enabler, and a bus pass.",
        "notional",
    ),
    (
        Decimal("420.00"),
        "month",
        "A personal assistant for trips out, and the gym membership.",
        "direct_payment",
    ),
    (
        Decimal("3900.00"),
        "year",
        "Support from the network, and a college course in the autumn.",
        "third_party",
    ),
)
RISKS = (
    (
        "Going into town on the bus alone: they might get lost or anxious.",
        "More freedom: the market, the library and seeing friends without waiting for anyone.",
        "Practised the route twice with the CLV. Keeps their phone charged and a card with "
        "the CLV's number in their wallet. Texts the CLV when they get there.",
        "The CLV",
    ),
    (
        "Managing their own money: it might run out before payday.",
        "Feeling in charge and not having to ask anyone.",
        "Bills go out by direct debit the day after payday. Keeps £20 in the tin for emergencies. "
        "Looks at the list with the CLV on the first Tuesday of the month.",
        "The CLV and Citizens Advice",
    ),
    (
        "Cooking on the hob: they might forget it is on.",
        "Eating well and being able to have people round for tea.",
        "Uses a kitchen timer every time. A smoke alarm was fitted and is tested monthly.",
        "The CLV; the housing association fitted the alarm",
    ),
)
CRISIS_PLANS = (
    {
        "early_signs": "Not sleeping, not answering the door, stopping eating.",
        "what_helps": "A cup of tea and someone to sit with me. My music on.",
        "what_does_not_help": "Lots of questions at once. Being told to calm down.",
        "who_to_contact": "My sister Jo first, then my CLV. The crisis team's number is on "
        "the fridge.",
        "who_not_to_contact": "My ex-partner.",
        "treatment_preferences": "I'd rather the home treatment team came to me than go into "
        "hospital.",
        "treatment_refusals": "I do not want the medicine that made me feel numb before (it is "
        "named in my GP record).",
        "practical_arrangements": "My CLV has a spare key. My cat Biscuit goes to my neighbour "
        "Pat. Rent is paid by direct debit.",
    },
    {
        "early_signs": "Staying in bed all day and not ringing anyone back.",
        "what_helps": "A walk round the park with someone I know. Being reminded it will pass.",
        "what_does_not_help": "Being left on my own for days.",
        "who_to_contact": "My CLV, then my mum.",
        "who_not_to_contact": "",
        "treatment_preferences": "Talk to me before any change to my tablets.",
        "treatment_refusals": "",
        "practical_arrangements": "My mum has a key. The CLV lets the council know if I'm away "
        "so my rent is paid.",
    },
)
DISAGREEMENT = (
    PlanComment.Part.RISK,
    "I don't agree I need someone with me on the bus every time. I went into town on my "
    "own last month and it was fine.",
)
DISAGREEMENT_GOALS = (
    PlanComment.Part.GOALS,
    "I don't agree that someone has to do the shopping with me. I can do it on my own now.",
)
GOOD_COMMENT = "I like my plan. I'm proud of the cooking."
EARLY_REVIEW_REASON = "I've got a place at college and I want my plan to say so."


@dataclass(frozen=True)
class Story:
    """A plan's journey, in days before today: when each version was started
    and agreed (None: still being written), and how long the member must have
    been in the network for it."""

    name: str
    versions: tuple[tuple[int, int | None], ...]
    readings: tuple[int, ...]  # days before today
    min_tenure: int


STORIES = {
    # Agreed a year ago, reviewed and agreed again last month: version 1 kept.
    "agreed_twice": Story("agreed_twice", ((410, 398), (40, 30)), (420, 250, 130, 45), 450),
    # Agreed almost a year ago: the yearly review is due in a fortnight.
    "review_soon": Story("review_soon", ((362, 350),), (370, 180, 60), 400),
    # The first plan, still being written together.
    "draft": Story("draft", ((9, None),), (200, 12), 230),
    # Agreed five months ago.
    "agreed_once": Story("agreed_once", ((160, 150),), (170, 25), 190),
    # Agreed over a year ago; the new version is being written now.
    "reviewing": Story("reviewing", ((385, 372), (6, None)), (400, 210, 8), 430),
}
ROTATION = ("agreed_twice", "review_soon", "draft", "agreed_once", "reviewing", "agreed_twice")


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# --- Seeding -------------------------------------------------------------------------------


def seed_support_plans(organisation: Organisation, staff, today: datetime.date) -> list:
    """Readings and plans for two members in each network. Does nothing when
    the organisation already has readings."""
    if StarReading.objects.filter(organisation=organisation).exists():
        return []
    local = random.Random(f"support-plans:{organisation.slug}")
    template = ensure_default_template(organisation)
    areas = list(StarArea.objects.filter(template=template).order_by("position"))
    manager = Actor.for_user(staff.manager, organisation.pk)
    chosen = _members_with_plans(organisation, today)
    demo_login = next((m.pk for m in chosen if m.user_id is not None), None)
    seeder = _Seeder(organisation, staff, today, local, template, areas, manager)
    plans = [
        seeder.member(member, story, position)
        for position, (member, story) in enumerate(_stories(chosen, today))
    ]
    agreed = [p for p in plans if p.status == SupportPlan.Status.AGREED]
    if agreed:
        # The member whose login the demo prints disagrees with part of
        # their plan; another member has asked to talk about theirs early.
        disagreeing = next((p for p in agreed if p.member_id == demo_login), agreed[0])
        seeder.disagree(disagreeing)
        others = [p for p in agreed if p is not disagreeing]
        asking = next(
            (p for p in others if p.version == 1 and p.review_due > today + 60 * DAY),
            others[0] if others else disagreeing,
        )
        seeder.ask_for_review(asking)
        pleased = next((p for p in others if p is not asking), None)
        if pleased is not None:
            seeder.comment(pleased)
    return plans


def _members_with_plans(organisation: Organisation, today: datetime.date) -> list[Member]:
    """Two active members in each network: the one with the demo login
    first, then the longest-standing."""
    members = list(
        Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE)
        .exclude(joined_on__isnull=True)
        .order_by("network_id", "pk")
    )
    by_network: dict[int, list[Member]] = {}
    for member in members:
        by_network.setdefault(member.network_id, []).append(member)
    chosen = []
    for network_members in by_network.values():
        ordered = sorted(network_members, key=lambda m: (m.user_id is None, m.joined_on, m.pk))
        chosen.extend(
            m for m in ordered[:PLAN_MEMBERS_PER_NETWORK] if (today - m.joined_on).days >= 60
        )
    return chosen


def _stories(members: list[Member], today: datetime.date):
    """Each member's story, in turn from ``ROTATION``; a member who has not
    been in the network long enough for theirs gets the next that fits."""
    for index, member in enumerate(members):
        tenure = (today - member.joined_on).days
        for step in range(len(ROTATION)):
            story = STORIES[ROTATION[(index + step) % len(ROTATION)]]
            if tenure >= story.min_tenure:
                yield member, story
                break
        else:
            yield member, Story("short", ((5, None),), (tenure - 10, 4), 0)


class _Seeder:
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
                answers.append(services.AreaAnswer(area.pk, score, words, note))
            readings.append(
                services.reading_record(
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
            plan = services.plan_start(actor=worker, member=member, reading=reading)
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
            services.plan_agree(actor=own, plan=plan, as_member=True)
            services.plan_agree(actor=worker, plan=plan, as_member=False)
            plan.member_agreed_at = _at(agreed_day, 11)
            plan.worker_agreed_at = _at(agreed_day, 11)
            plan.review_due = agreed_day + services.REVIEW_AFTER
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
        goal = services.goal_add(actor=worker, plan=plan, in_own_words=idea.words, area=area)
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
            services.action_add(
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
            services.budget_set(
                actor=worker,
                plan=plan,
                amount=amount,
                period=period,
                pays_for=pays_for,
                managed_as=managed_as,
            )
        if position % 2 == 0:
            risk, well, strategies, helps = RISKS[(position // 2) % len(RISKS)]
            services.risk_add(
                actor=worker,
                plan=plan,
                risk=risk,
                what_could_go_well=well,
                strategies=strategies,
                who_helps=helps,
            )
        if position % 4 != 3:
            services.crisis_set(actor=worker, plan=plan, **CRISIS_PLANS[position % 2])

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
                note = services.progress_note_add(actor=worker, goal=goal, text=text)
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
        comment = services.member_comment(
            actor=self._as_member(plan), plan=plan, part=part, text=text, disagrees=True
        )
        PlanComment.objects.filter(pk=comment.pk).update(written_at=_at(self.today - 12 * DAY, 16))

    def comment(self, plan) -> None:
        comment = services.member_comment(
            actor=self._as_member(plan),
            plan=plan,
            part=PlanComment.Part.GOALS,
            text=GOOD_COMMENT,
            disagrees=False,
        )
        PlanComment.objects.filter(pk=comment.pk).update(written_at=_at(self.today - 20 * DAY, 14))

    def ask_for_review(self, plan) -> None:
        review = services.review_request(
            actor=self._as_member(plan), plan=plan, reason=EARLY_REVIEW_REASON
        )
        asked = self.today - 3 * DAY
        PlanReview.objects.filter(pk=review.pk).update(
            asked_at=_at(asked, 18), due_on=asked + services.EARLY_REVIEW_WITHIN
        )
