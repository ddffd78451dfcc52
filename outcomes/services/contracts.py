"""Contracts: a council pays for some of the organisation's networks for a
period. Organisation admins add and change them (``MANAGE_CONTRACTS``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_new
from keyring_net.models import LocalAuthority
from keyring_net.policy import Permission
from outcomes.models import Contract

CONTRACT_FIELDS = (
    "local_authority",
    "name",
    "reference",
    "starts_on",
    "ends_on",
    "report_every_months",
    "is_active",
)


def _check(actor: Actor, fields: dict, networks: list) -> None:
    """What is wrong with a contract's ``fields`` (those of ``CONTRACT_FIELDS``)
    and its networks, by field."""
    starts_on, ends_on = fields["starts_on"], fields["ends_on"]
    errors: dict[str, list[str]] = {}
    if not fields["name"].strip():
        errors["name"] = ["Enter the contract's name."]
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = ["The end date must be after the start date."]
    if not 1 <= int(fields["report_every_months"]) <= 12:
        errors["report_every_months"] = ["Choose a number of months from 1 to 12."]
    if not networks:
        errors["networks"] = ["Choose at least one network."]
    elif any(n.organisation_id != actor.organisation.pk for n in networks):
        errors["networks"] = ["Choose networks of this organisation."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_add(
    *,
    actor: Actor,
    local_authority: LocalAuthority,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    networks,
    reference: str = "",
    report_every_months: int = 3,
    is_active: bool = True,
) -> Contract:
    """A new contract. Raises ``ValidationError`` (by field) when it ends on
    or before it starts, names no network or another organisation's."""
    require(actor, Permission.MANAGE_CONTRACTS)
    networks = list(networks)
    fields = {
        "local_authority": local_authority,
        "name": name.strip(),
        "reference": reference.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "report_every_months": report_every_months,
        "is_active": is_active,
    }
    _check(actor, fields, networks)
    contract = save_new(actor, Contract, **fields)
    contract.networks.set(networks)
    return contract


@transaction.atomic
def contract_change(*, actor: Actor, contract: Contract, networks=None, **changes) -> Contract:
    """Change a contract's details (any of ``CONTRACT_FIELDS``) and, when
    given, its networks. Same checks as ``contract_add``. Reports already
    made are kept as they were."""
    require(actor, Permission.MANAGE_CONTRACTS)
    unknown = set(changes) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"Not a contract field: {', '.join(sorted(unknown))}")
    merged = {f: getattr(contract, f) for f in CONTRACT_FIELDS} | changes
    networks = list(contract.networks.all()) if networks is None else list(networks)
    _check(actor, merged, networks)
    for field, value in changes.items():
        setattr(contract, field, value.strip() if isinstance(value, str) else value)
    audited(contract, actor).save(update_fields=list(changes) or None)
    contract.networks.set(networks)
    return contract
