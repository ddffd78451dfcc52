"""100,000 contact notes for the search bench, made in bulk.

``seed_demo`` writes contacts a member at a time, far too slowly for this
many; here they are ``bulk_create``d, 5,000 a statement, about the members
of the demo support manager's cluster (whose search is timed), from the
CLVs and the manager, over the last two years. About one note in a hundred
mentions a boiler, so ``/search/?q=boiler`` finds about 1,000 of them.
Run by ``seeding.set_up`` after the demo (``python -m scripts.bench.notes``,
``BENCH_NOTES`` for another number).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time

NOTES = int(os.environ.get("BENCH_NOTES", "100000"))
BATCH = 5_000

OPENINGS = (
    "Visited at home.",
    "Rang for a catch-up.",
    "Met at the hub.",
    "Popped round after lunch.",
    "Went to the shops together.",
    "Quick call about the week ahead.",
)
MIDDLES = (
    "Talked about the gas bill and set up a payment plan.",
    "Looked at the bus timetable for the new college course.",
    "Helped fill in the housing benefit form.",
    "Sorted the post: two letters from the council, one from the bank.",
    "Planned the shopping list and the meals for the week.",
    "Practised the route to the job centre.",
    "Chatted about the art class at the library and the new friends there.",
    "Went through the tablets box with the pharmacist's list.",
    "Talked about feeling lonely at the weekend; will ask about the Sunday walk.",
    "Checked the smoke alarm and the electricity key.",
    "Wrote a card for a neighbour's birthday.",
    "Talked through the argument with a neighbour about the bins.",
)
BOILER = (
    "The boiler keeps cutting out; rang the landlord's repairs line.",
    "Checked the boiler was fixed after the engineer came: hot water again.",
)
ENDINGS = ("Seemed well.", "In good spirits.", "A bit tired today.", "Will see again next week.")


def note(rng: random.Random) -> str:
    middle = rng.choice(BOILER) if rng.random() < 0.01 else rng.choice(MIDDLES)
    return f"{rng.choice(OPENINGS)} {middle} {rng.choice(ENDINGS)}"


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from keyring_net.actors import Actor
    from keyring_net.models import Role, User
    from keyring_net.tenancy import organisation_scope
    from members.models import Contact, Member

    started = time.monotonic()
    manager = User.objects.filter(email__startswith="manager@").order_by("pk").first()
    actor = Actor.for_user(manager)
    assignment = next(a for a in actor.assignments if a.role == Role.SUPPORT_MANAGER)
    organisation = actor.organisation
    rng = random.Random(17)
    now = timezone.now()
    with organisation_scope(organisation), transaction.atomic():
        members = list(
            Member.objects.filter(
                organisation=organisation, network__cluster_id=assignment.cluster_id
            ).values_list("pk", flat=True)
        )
        workers = [
            manager.pk,
            *User.objects.filter(
                role_assignments__organisation=organisation,
                role_assignments__role=Role.CLV,
                role_assignments__network__cluster_id=assignment.cluster_id,
            ).values_list("pk", flat=True),
        ]
        made = 0
        while made < NOTES:
            rows = []
            for _ in range(min(BATCH, NOTES - made)):
                when = now - datetime.timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
                rows.append(
                    Contact(
                        organisation=organisation,
                        member_id=rng.choice(members),
                        worker_id=rng.choice(workers),
                        happened_at=when,
                        minutes=rng.choice((15, 30, 45, 60)),
                        method=rng.choice(("visit", "phone", "hub")),
                        topics=[],
                        notes=note(rng),
                        created_at=when + datetime.timedelta(minutes=90),
                    )
                )
            Contact.objects.bulk_create(rows)
            made += len(rows)
    with connection.cursor() as cursor:
        # Fresh statistics for every table, as autovacuum would keep them:
        # without them the planner misjudges the reach subqueries.
        cursor.execute("ANALYZE")
    print(f"{made} contact notes in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
