"""The demo's fixed dates and the words its members' stories are told in.

Support needs are special-category data: the demo keeps them brief, plain
and respectful."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from members.models import Contact, Member, Referral
from networks.models import CommunityAsset

DEMO_TODAY = datetime.date(2026, 11, 1)
DAY = datetime.timedelta(days=1)

Status = Member.Status
Stage = Referral.Stage
Source = Referral.Source
Method = Contact.Method
Topic = Contact.Topic

SUPPORT_HOURS = tuple(Decimal(h) for h in ("1", "1.5", "2", "2", "2.5", "3", "3", "4", "5", "6"))
SUPPORT_NEEDS = (
    "Needs help reading letters and managing bills. Anxious in crowds.",
    "Learning disability. Likes the week's appointments written down on a list.",
    "Autistic. Prefers a text to a phone call, and a few minutes' notice before a visit.",
    "Bipolar disorder; sees the community mental health nurse monthly. Not sleeping is an "
    "early sign of becoming unwell.",
    "Uses a walking stick; stairs are hard on bad days.",
    "In recovery from alcohol; goes to a group on Mondays. Weekends can be long.",
    "Epilepsy, well controlled. The seizure plan is in the support plan.",
    "Partially sighted. Letters in large print, please.",
    "Finds budgeting hard and wants to learn to do it alone.",
    "Low mood in winter. Likes a phone call on Monday mornings.",
    "Deaf; uses BSL and texts. Book an interpreter for appointments.",
    "Memory is patchy after a brain injury. Uses phone reminders.",
)

# --- Referrals ---------------------------------------------------------------------------

REFERRED_BY = {
    Source.SOCIAL_WORK: "Referred by the social work team",
    Source.MENTAL_HEALTH: "Referred by the community mental health team",
    Source.GP: "Referred by their GP",
    Source.SELF: "Referred themselves at the hub",
    Source.FAMILY: "Referred by their family",
    Source.OTHER: "Referred by their housing officer",
}
REFERRERS = {
    Source.SOCIAL_WORK: "Adult social care, {council}: duty social worker, {phone}",
    Source.MENTAL_HEALTH: "Community mental health team, {area}: care coordinator, {phone}",
    Source.GP: "Dr {surname}, {street} Medical Practice, {phone}",
    Source.SELF: "Self-referral at the hub",
    Source.FAMILY: "Their sister, {mobile}",
    Source.OTHER: "Tenancy sustainment officer at their housing association, {phone}",
}
REFERRER_REASONS = {
    Source.SOCIAL_WORK: (
        "Moving on from a residential placement and ready for a tenancy of their own with "
        "light-touch support.",
        "Lives alone with few people to call on; letters and bills are piling up.",
    ),
    Source.MENTAL_HEALTH: (
        "Discharged after a long hospital stay; a local network would help them stay well at home.",
        "Isolated and struggling with low mood; would benefit from regular, informal contact "
        "nearby.",
    ),
    Source.GP: (
        "Frequent appointments for worries that a weekly visit could help with. Lonely since "
        "a bereavement.",
    ),
    Source.SELF: ("Came to the drop-in with a friend who is a member and asked how to join.",),
    Source.FAMILY: (
        "The family are worried about them managing alone since their dad moved into a care home.",
    ),
    Source.OTHER: (
        "Rent arrears building up and letters not opened; the tenancy is at risk without "
        "some support.",
    ),
}
SOURCE_WEIGHTS = {
    Source.SOCIAL_WORK: 4,
    Source.MENTAL_HEALTH: 3,
    Source.GP: 1,
    Source.SELF: 1,
    Source.FAMILY: 1,
    Source.OTHER: 1,
}
OWN_WORDS = (
    "I want my own flat and some friends nearby.",
    "I get lonely. I'd like someone to have a cup of tea with.",
    "Help with my letters. I don't open them because they worry me.",
    "I want to get a job and stop feeling stuck.",
    "I want to stay in my flat and not go back to hospital.",
    "Someone I can ring when things go wrong.",
    "To learn to cook proper meals and do my own shopping.",
    "I'd like to go out more, maybe join a club.",
)
ACCEPTED_BECAUSE = (
    "Accepted: wants to be part of the network and to help others too.",
    "Accepted: lives a few minutes' walk from the CLV and wants company nearby.",
    "Accepted: keen to get out more; the hub and the walking group suit them.",
)
ASSESSMENT_NOTES = (
    "Two visits so far, one with their care coordinator. Keen on the walking group.",
    "Met at the hub. Wants help with bills first, and to meet the CLV before deciding.",
    "Visited at home. Worried about meeting new people; will try the coffee morning with the CLV.",
)
MOVED_ON_BECAUSE = (
    "Got a job at the library; still comes to the {day} drop-in.",
    "Managing the tenancy and bills without support now; still goes with the walking group.",
    "Started a college course and has plenty of support from friends; keeps in touch "
    "through the hub.",
    "Moved in with a partner two streets away; still helps at the coffee morning.",
)


@dataclass(frozen=True)
class NewReferral:
    """A referral still in the pipeline, or decided lately; dated from today."""

    stage: str
    source: str
    days_ago: int
    own_words: str
    assessment_after: int | None = None  # days after the referral
    decided_after: int | None = None
    decision: str = ""
    notes: str = ""


NEW_REFERRALS = (
    NewReferral(Stage.NEW, Source.SELF, 3, "I want my own flat and some friends nearby."),
    NewReferral(Stage.NEW, Source.GP, 9, "Someone I can ring when things go wrong."),
    NewReferral(
        Stage.ASSESSING,
        Source.MENTAL_HEALTH,
        34,
        "I want to stay well and not go back to hospital. And a dog, one day.",
        assessment_after=10,
        notes=ASSESSMENT_NOTES[0],
    ),
    NewReferral(
        Stage.ASSESSING,
        Source.FAMILY,
        21,
        "To learn to cook proper meals and do my own shopping.",
        assessment_after=6,
        notes=ASSESSMENT_NOTES[2],
    ),
    NewReferral(
        Stage.DECLINED,
        Source.SOCIAL_WORK,
        55,
        "I want my own place.",
        assessment_after=7,
        decided_after=25,
        decision="Needs 24-hour support at the moment, more than a network can give safely. "
        "Talked it through with them and their social worker; happy to look again in six "
        "months.",
    ),
    NewReferral(
        Stage.WITHDRAWN,
        Source.OTHER,
        48,
        "Help with money so I can keep my flat.",
        assessment_after=8,
        decided_after=20,
        decision="Decided to move nearer family in another town. The housing officer knows.",
    ),
)

# --- Support, consent and chosen people ----------------------------------------------------

BEREAVEMENT = "Bereavement: {their} mum died in {month}. Extra visits for a few weeks."
FLEXED_DOWN_BECAUSE = (
    "Managing bills on {their} own now.",
    "Settled in well: one visit a week is enough now.",
    "Started volunteering at the café on Fridays; wants fewer visits.",
)
HOSPITAL_UP = (
    "Hospital stay in the summer: extra visits for a few weeks while getting back on {their} feet."
)
HOSPITAL_DOWN = "Back home and settled; back to the usual visits."
MOVED_ON_HOURS = "Support ended: moved on. Still welcome at the hub and the network's socials."

FAMILY = (
    ("Sister", True, "Anything about my health and how I am getting on."),
    ("Brother", True, "That I am safe, and about appointments."),
    ("Mum", True, "Anything she asks about."),
    ("Dad", True, "That I am safe."),
    ("Cousin", False, "Only that I am well."),
    ("Friend", False, "That I am safe, if they ring."),
    ("Neighbour", False, "Nothing about my health."),
)

# --- Connections and contacts ------------------------------------------------------------

PEER_NOTES = (
    "{a} and {b} walk to the {day} drop-in together.",
    "{a} helps {b} with the shopping list; {b} feeds {a}'s cat when {a} is away.",
    "{a} and {b} watch the football together on Saturdays.",
    "{a} reminds {b} about appointments; {b} helps {a} with the computer.",
    "Met at the coffee morning; {a} and {b} go to the library on Wednesdays.",
    "{a} and {b} do the big shop together on Fridays.",
    "{a} shows {b} how to cook a curry; {b} does the washing up.",
)
PLACE_NOTES = {
    CommunityAsset.Category.LIBRARY: "Borrows audiobooks and uses the computers on Wednesdays.",
    CommunityAsset.Category.SHOP: "The owner knows {name} by name and keeps an eye out.",
    CommunityAsset.Category.CAFE: "Goes for the Thursday soup; sometimes helps clear the tables.",
    CommunityAsset.Category.HEALTH: "Registered here; the CLV went along to the first visit.",
    CommunityAsset.Category.WORK: "Goes to the job club most weeks; working on a CV.",
    CommunityAsset.Category.FAITH: "Goes to the lunch and has made friends there.",
    CommunityAsset.Category.TRANSPORT: "Practised the bus journey with the enabler; now goes "
    "alone.",
    CommunityAsset.Category.ADVICE: "Got help with a benefits form; knows where to go now.",
    CommunityAsset.Category.CLUB: "Goes most weeks and enjoys the company.",
    CommunityAsset.Category.SPORT: "Plays most Saturdays.",
    CommunityAsset.Category.PERSON: "Stops for a chat on the way to the shops.",
}
VISITS = (
    ([Topic.BILLS], "Read a council tax letter together; {name} set up the direct debit online."),
    ([Topic.MONEY], "Went through the week's budget and put money aside for the electric."),
    ([Topic.WELLBEING], "Cup of tea and a catch-up. Sleeping better this week."),
    ([Topic.HEALTH], "Talked about the new tablets; {name} wrote down questions for the GP."),
    ([Topic.HOUSING], "Reported the damp in the bathroom to the housing association together."),
    ([Topic.RELATIONSHIPS], "Planned a visit to family at Christmas and looked up the trains."),
    ([Topic.WORK], "Looked at volunteering at the café; {name} will ask about Fridays."),
    ([Topic.BILLS, Topic.MONEY], "Sorted the water bill onto a cheaper payment plan."),
)
POP_ROUNDS = (
    ([Topic.WELLBEING], "Popped round on the way home. {name} was in good spirits."),
    ([Topic.HOUSING], "Popped round to help put up a curtain rail."),
    ([Topic.HEALTH], "Dropped off a prescription collected from the chemist; a quick chat."),
)
CALLS = (
    ([Topic.HEALTH], "Rang to check the GP appointment time. All sorted."),
    ([Topic.COMMUNITY], "Text about the coffee morning; {name} replied they will come."),
    (
        [Topic.BILLS],
        "Rang about a letter from the DWP; will look at it together on the next visit.",
    ),
    ([Topic.WELLBEING], "Quick call to see how the week is going. Doing fine."),
)
AT_THE_HUB = (
    ([Topic.COMMUNITY], "At the {day} drop-in; helped set out the chairs and stayed for the quiz."),
    ([Topic.MONEY, Topic.COMMUNITY], "At the drop-in; asked the group about cheaper gas deals."),
    ([Topic.WELLBEING], "At the drop-in; a quiet word about a hard week. Feeling brighter."),
)
PEER_HELP = (
    ([Topic.COMMUNITY], "{peer} went with {name} to the post office to sort out a parcel."),
    ([Topic.MONEY], "{peer} showed {name} how to top up the gas meter."),
    ([Topic.WORK], "{peer} walked with {name} to the job club."),
    ([Topic.HEALTH], "{peer} sat with {name} in the waiting room at the surgery."),
)
OUT_AND_ABOUT = (
    ([Topic.COMMUNITY], "Went to the library together to join; borrowed two DVDs."),
    (
        [Topic.COMMUNITY, Topic.WELLBEING],
        "Tried the walking group together; {name} wants to go again next week.",
    ),
    ([Topic.WORK], "Went to the job club; {name} signed up for the CV workshop."),
    ([Topic.HEALTH, Topic.COMMUNITY], "Practised the bus journey to the hospital for next week."),
)
MOVED_ON_AT_HUB = ([Topic.COMMUNITY], "Came to the {day} drop-in after work to catch up.")
ASSESSMENT_VISITS = (
    ([Topic.WELLBEING], "Assessment visit: talked about what a good week looks like."),
    (
        [Topic.COMMUNITY],
        "Assessment visit with the CLV: walked round the network, met two members.",
    ),
)
OUT_OF_HOURS_CALLS = (
    (
        [Topic.RELATIONSHIPS, Topic.WELLBEING],
        "Rang the helpline at {time}, upset after a row with a neighbour about the bins. "
        "Talked it through and calmed down. Asked for the CLV to pop round tomorrow.",
    ),
    (
        [Topic.HOUSING],
        "Rang at {time}: the boiler had stopped and the flat was cold. Gave the housing "
        "association's emergency repairs number; an engineer is booked for the morning. "
        "Please check the heating is fixed.",
    ),
    (
        [Topic.WELLBEING],
        "Rang at {time}, could not sleep and feeling low. Talked for twenty minutes and felt "
        "better. Has a visit from the CLV tomorrow.",
    ),
)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
