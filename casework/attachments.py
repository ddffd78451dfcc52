"""What casework tells documents: files kept with a safeguarding concern
(a photo of a bruise, the council's letter) or an incident (a photo of
the damage, a GP's note).

A concern's documents are reached exactly as the concern is: its audience
(``concerns_for_viewer``: the raiser, the safeguarding leads, the member's
support managers); to anyone else they do not exist (404) on every route,
the API included. Anyone in the audience whose role keeps documents may
add one (the raiser may add a photo, as they add to the timeline); each
view or download is a line in the concern's own "who opened it", never in
the member's "who looked at my record".

An incident's documents follow incident reach; those who record incidents
add them; each view or download logs the members it names, as the
incident's page does."""

from __future__ import annotations

from django.urls import reverse

from casework.models import Incident
from casework.selectors.incidents import incidents_in_reach
from casework.selectors.safeguarding import concerns_for_viewer
from casework.services.safeguarding import concern_viewed
from documents.registry import attach_to
from keyring_net.policy import Permission
from members.models import Member, RecordAccess
from members.services.record import record_members_access, record_members_access_matching

CHANNELS = {"page": RecordAccess.Channel.PAGE, "api": RecordAccess.Channel.API}


def concern_looked_at(actor, concern, channel: str) -> None:
    concern_viewed(actor=actor, concern=concern, channel=channel)


def incident_looked_at(actor, incident, channel: str) -> None:
    record_members_access(
        actor=actor, members=list(incident.members.all()), channel=CHANNELS[channel]
    )


def incidents_listed(actor, incident_ids: list[int], channel: str) -> None:
    """The members of the incidents whose documents a list shows, in one
    insert."""
    involved = Incident.members.through.objects.filter(incident_id__in=incident_ids)
    record_members_access_matching(
        actor=actor,
        members=Member.objects.filter(
            organisation=actor.organisation, pk__in=involved.values("member_id")
        ),
        channel=CHANNELS[channel],
    )


def concern_link(concern) -> str:
    return reverse("safeguarding:detail", kwargs={"concern_id": concern.pk})


def incident_link(incident) -> str:
    return reverse("incidents:detail", kwargs={"incident_id": incident.pk})


def incident_name(incident) -> str:
    kind = incident.get_kind_display() or "Incident"
    return f"{kind}, {incident.network.name}"


def register() -> None:
    attach_to(
        "concern",
        label="safeguarding concern",
        url_kwarg="concern_id",
        in_reach=concerns_for_viewer,
        view_permission=Permission.RAISE_SAFEGUARDING,
        attach_permission=Permission.RAISE_SAFEGUARDING,
        link=concern_link,
        looked_at=concern_looked_at,
        name=lambda concern: concern.about,
    )
    attach_to(
        "incident",
        label="incident",
        url_kwarg="incident_id",
        in_reach=incidents_in_reach,
        view_permission=Permission.VIEW_INCIDENTS,
        attach_permission=Permission.RECORD_INCIDENTS,
        link=incident_link,
        looked_at=incident_looked_at,
        listed=incidents_listed,
        name=incident_name,
    )
