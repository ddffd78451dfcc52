"""What volunteers tells documents: a volunteer's documents (the DBS
certificate, references) are reached as their profile is, by those who see
volunteers' records, and added or withdrawn by those who manage them."""

from __future__ import annotations

from django.urls import reverse

from keyring_net.policy import Permission
from volunteers.selectors.people import profiles_for_viewer


def register() -> None:
    from documents.registry import attach_to

    attach_to(
        "volunteer",
        label="volunteer",
        url_kwarg="profile_id",
        in_reach=profiles_for_viewer,
        view_permission=Permission.VIEW_VOLUNTEERS,
        attach_permission=Permission.MANAGE_VOLUNTEERS,
        link=lambda profile: reverse("volunteers_people:detail", args=[profile.pk]),
        name=lambda profile: profile.user.full_name,
    )
