"""The organisation admin's settings page: every value the organisation
sets for itself, with what it means, and who changed them lately."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from keyring_net import selectors
from keyring_net.access import requires
from keyring_net.forms import OrganisationSettingsForm
from keyring_net.organisation_settings import current_values
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.services_organisation import organisation_settings_change
from keyring_net.steps import saved


@requires(Permission.MANAGE_ORGANISATION)
def organisation_settings(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = OrganisationSettingsForm(
        request.POST or None, initial=current_values(actor.organisation)
    )
    here = reverse("organisation:settings")
    done = saved(
        request,
        form,
        organisation_settings_change,
        done="The organisation's settings are saved.",
        to=here,
    )
    return done or form_page(
        request,
        form,
        title="Organisation settings",
        caption=actor.organisation.name,
        intro=(
            "These settings apply to everyone in your organisation. Each one says what "
            "it changes. A change applies from the next time the product uses it."
        ),
        button="Save the settings",
        back_url=reverse("home"),
        template="keyring_net/organisation/settings.html",
        extra={"changes": selectors.organisation_changes(actor)},
    )
