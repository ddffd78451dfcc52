"""Contracts: organisation admins add and change them; bad input gets its
reason next to the field with what was typed kept; the networks are the
organisation's own; changes are audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from outcomes.models import Contract
from outcomes.services import contracts as services_contracts
from tests.report_helpers import council_of, make_contract, second_network

pytestmark = pytest.mark.django_db


def form_data(world, **overrides) -> dict:
    return {
        "local_authority": council_of(world).pk,
        "name": "Supported living, south Manchester",
        "reference": "MCC-2026-014",
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "networks": [world.network.pk],
        "report_every_months": "3",
        "is_active": "on",
    } | overrides


def test_an_admin_adds_a_contract(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(reverse("contracts:add"), form_data(org_a))
    assert response.status_code == 302
    with scopes_disabled():
        contract = Contract.objects.get()
        assert list(contract.networks.all()) == [org_a.network]
        assert contract.history.first().history_user == org_a.admin
    assert (contract.name, contract.reference, contract.report_every_months) == (
        "Supported living, south Manchester",
        "MCC-2026-014",
        3,
    )
    assert contract.organisation == org_a.organisation
    page = client.get(reverse("contracts:list")).content.decode()
    assert "Supported living, south Manchester" in page


def test_a_contract_that_ends_before_it_starts_gets_a_plain_message(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(
        reverse("contracts:add"), form_data(org_a, starts_on="2027-03-31", ends_on="2026-04-01")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date must be after the start date." in page
    assert 'value="Supported living, south Manchester"' in page
    assert 'value="2027-03-31"' in page and 'value="2026-04-01"' in page
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_the_service_refuses_the_same_things(org_a, org_b):
    actor = Actor.for_user(org_a.admin, org_a.organisation.pk)
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as error:
        services_contracts.contract_add(
            actor=actor,
            local_authority=council_of(org_a),
            name="  ",
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2026, 4, 1),
            networks=[org_b.network],
            report_every_months=13,
        )
    assert error.value.message_dict == {
        "name": ["Enter the contract's name."],
        "ends_on": ["The end date must be after the start date."],
        "report_every_months": ["Choose a number of months from 1 to 12."],
        "networks": ["Choose networks of this organisation."],
    }


def test_another_organisations_network_cannot_be_chosen(client, org_a, org_b):
    client.force_login(org_a.admin)
    response = client.post(reverse("contracts:add"), form_data(org_a, networks=[org_b.network.pk]))
    assert response.status_code == 200
    assert "Choose networks from the list." in response.content.decode()
    assert org_b.network.name not in response.content.decode()
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_an_admin_changes_a_contract_and_its_networks(client, org_a):
    contract = make_contract(org_a)
    other = second_network(org_a)
    client.force_login(org_a.admin)
    url = reverse("contracts:edit", args=[contract.pk])
    assert 'value="KR-2026-01"' in client.get(url).content.decode()
    response = client.post(
        url,
        form_data(
            org_a, name="Renamed", networks=[org_a.network.pk, other.pk], report_every_months="6"
        ),
    )
    assert response.status_code == 302
    with scopes_disabled():
        contract.refresh_from_db()
        assert sorted(n.pk for n in contract.networks.all()) == sorted([org_a.network.pk, other.pk])
        assert contract.history.first().history_user == org_a.admin
    assert (contract.name, contract.report_every_months) == ("Renamed", 6)


def test_a_commissioner_may_not_change_their_contract(client, org_a):
    contract = make_contract(org_a)
    client.force_login(org_a.users[Role.COMMISSIONER])
    url = reverse("contracts:edit", args=[contract.pk])
    assert client.post(url, form_data(org_a, name="Changed")).status_code == 403
    with scopes_disabled():
        contract.refresh_from_db()
    assert contract.name == f"Contract {org_a.marker}"
