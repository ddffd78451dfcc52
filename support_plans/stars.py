"""The default star: ten life areas in KeyRing Net's own words.

Built from the life areas the source texts name. It is not a copy of any
published Outcomes Star (those are licensed by their publisher): an
organisation that holds such a licence enters its licensed star as a
template of its own.
"""

from __future__ import annotations

from django.db import transaction

from keyring_net.models import Organisation
from keyring_net.rows import rows_from
from support_plans.models import StarArea, StarStage, StarTemplate

DEFAULT_NAME = "Living well star"

# (name, easy-read name, description, pictogram idea): each area's fields
DEFAULT_AREAS = (
    ("Home and tenancy", "My home", "Keeping a home: rent, repairs, neighbours.", "home"),
    ("Money and bills", "Money", "Bills, benefits, budgeting and debt.", "money"),
    ("Physical health", "My body", "Eating, sleeping, moving, seeing the doctor.", "health"),
    ("Mental wellbeing", "How I feel", "Mood, worries, and what helps.", "heart"),
    (
        "Everyday living skills",
        "Doing things at home",
        "Cooking, cleaning, shopping and letters.",
        "shop",
    ),
    ("Relationships and family", "Family", "Family and people close to them.", "people"),
    (
        "Friends and community",
        "Friends and places",
        "Neighbours, friends, groups and places nearby.",
        "handshake",
    ),
    (
        "Work, learning and volunteering",
        "Work and learning",
        "Jobs, courses and giving time.",
        "work",
    ),
    ("Staying safe", "Staying safe", "Safety at home and out, and who to call.", "safe"),
    ("Confidence and hope", "Feeling hopeful", "Believing things can change.", "star"),
)

# (name, easy-read name, low, high): each stage's fields
DEFAULT_STAGES = (
    ("Stuck", "Stuck", 1, 2),
    ("Accepting help", "Getting help", 3, 4),
    ("Believing", "Believing I can", 5, 6),
    ("Learning", "Learning how", 7, 8),
    ("Self-reliance", "Doing it myself", 9, 10),
)


@transaction.atomic
def ensure_default_template(organisation: Organisation) -> StarTemplate:
    """The organisation's default star, made the first time it is needed.
    Once the organisation has changed or renamed it (support_plans/
    templates_services.py), the newest version of its first star."""
    template = StarTemplate.objects.filter(
        organisation=organisation, name=DEFAULT_NAME, is_active=True
    ).first()
    if template is not None:
        return template
    first = (
        StarTemplate.objects.filter(organisation=organisation, previous__isnull=True)
        .order_by("created_at", "pk")
        .first()
    )
    if first is not None:
        return newest_version(first)
    template = StarTemplate.objects.create(
        organisation=organisation,
        name=DEFAULT_NAME,
        description="Ten parts of life, scored together from 1 to 10.",
    )
    shared = {"organisation": organisation, "template": template}
    areas = "name easy_read_name description pictogram"
    StarArea.objects.bulk_create(
        rows_from(StarArea, areas, DEFAULT_AREAS, numbered="position", **shared)
    )
    stages = "name easy_read_name low high"
    StarStage.objects.bulk_create(rows_from(StarStage, stages, DEFAULT_STAGES, **shared))
    return template


def newest_version(template: StarTemplate) -> StarTemplate:
    """The version that replaced ``template``, and the one that replaced
    that, up to the newest."""
    while True:
        newer = StarTemplate.objects.filter(
            organisation=template.organisation_id, previous=template
        ).first()
        if newer is None:
            return template
        template = newer


def stage_for(stages, score: int):
    """The journey stage a score falls in."""
    return next((s for s in stages if s.low <= score <= s.high), None)
