"""What the demo's stars and plans say: members' words for each area of the
star, goal ideas, budgets, risks and crisis plans, and the stories the
plans follow over time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from support_plans.models import PlanComment

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
