"""Finding one row the viewer reaches, the same way on every page and API."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission


def found_in_reach(rows: QuerySet, row_id: int, actor: Actor, permission: Permission) -> Model:
    """The row ``row_id`` among ``rows`` (what the viewer reaches): 404 when
    it is not there, whether missing, another organisation's or out of
    reach; then 403 when the role does not hold ``permission``."""
    row = rows.filter(pk=row_id).first()
    if row is None:
        raise not_found()
    require(actor, permission)
    return row
