"""Demo data: one finished members import, so the imports page shows a
real run with its history.

The organisation's older system knows three of its members by their
references (given to every demo member when it is seeded) and holds
their dates of birth, which KeyRing Net did not have yet. The file goes
through the same services as the import pages (upload, match, dry run,
apply), so its run, counts and imported rows are real and it can be undone.
"""

from __future__ import annotations

import csv
import io

from keyring_net.actors import Actor
from keyring_net.models import Organisation, Role, RoleAssignment
from members.models import Member
from spreadsheets.services.imports.runs import import_apply, import_match, import_start

DATES_OF_BIRTH = ("14/03/1979", "02/11/1988", "27/06/1995")
FILE_NAME = "members from our old system.csv"


def seed_import(organisation: Organisation) -> None:
    """Import the dates of birth of three members, as the admin would."""
    admin = (
        RoleAssignment.objects.filter(role=Role.ORG_ADMIN, ended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    members = list(
        Member.objects.exclude(reference="")
        .filter(network__isnull=False)
        .select_related("network")
        .order_by("pk")[: len(DATES_OF_BIRTH)]
    )
    if admin is None or not members:
        return
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Member ID", "Name", "Network", "DOB"])
    for member, born in zip(members, DATES_OF_BIRTH, strict=False):
        writer.writerow([member.reference, member.full_name, member.network.name, born])
    actor = Actor.for_user(admin.user, organisation.pk)
    run = import_start(
        actor=actor, kind="members", file_name=FILE_NAME, data=out.getvalue().encode("utf-8")
    )
    run = import_match(actor=actor, run=run, columns=run.columns)
    import_apply(actor=actor, run=run)
