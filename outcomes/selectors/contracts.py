"""Reads of contracts, always within the viewer's organisation and
``policy.contract_reach``: organisation admins and support managers reach
every contract of the organisation, commissioners their own council's,
nobody else any (so a contract is "not found" for them)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import LocalAuthority
from keyring_net.policy import Permission, contract_reach
from networks.models import Network
from outcomes.models import Contract


def contracts_for_viewer(actor: Actor) -> QuerySet[Contract]:
    """The contracts ``actor`` reaches, with their council and networks."""
    if actor.organisation is None:
        return Contract.objects.none()
    return (
        Contract.objects.filter(organisation=actor.organisation)
        .filter(contract_reach(actor))
        .select_related("local_authority")
        .prefetch_related(Prefetch("networks", queryset=Network.objects.order_by("name", "pk")))
        .order_by("name", "pk")
    )


def contract_get_for_viewer(
    *, actor: Actor, contract_id: int, permission: Permission = Permission.VIEW_REPORTS
) -> Contract:
    """One contract the viewer reaches and may act on: 404 when missing,
    another organisation's or out of reach; 403 without ``permission``."""
    contract = contracts_for_viewer(actor).filter(pk=contract_id).first()
    if contract is None:
        raise not_found()
    require(actor, permission)
    return contract


def contract_networks(actor: Actor) -> QuerySet[Network]:
    """The networks a contract may cover: the organisation's own."""
    return Network.objects.filter(organisation=actor.organisation).order_by("name", "pk")


def local_authorities() -> QuerySet[LocalAuthority]:
    """Councils are shared reference data (not tenant-owned)."""
    return LocalAuthority.objects.order_by("name")
