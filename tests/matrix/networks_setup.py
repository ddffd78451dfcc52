"""Role matrix entries for setting an organisation's networks up: clusters
(organisation admins only), adding networks (admins) and changing them
(admins, and support managers of the network's cluster), pages and API.

Reach is as elsewhere: a cluster is reached by admins and by the support
managers who look after it (403 for those managers), by nobody else (404);
a network by the staff who work in it (403 for those who may not change
it), never by members or commissioners (404)."""

from tests.routes import PLACES, ROLES, A, F, N, network_object, only

ADMIN = "org_admin"


def cluster_object() -> dict[str, str]:
    reach = {ADMIN: A, "support_manager": F}
    return {role: reach.get(role, N) for role in ROLES}


MATRIX = {
    # Pages
    "networks:clusters": {"GET": only(ADMIN)},
    "networks:cluster-add": {m: only(ADMIN) for m in ("GET", "POST")},
    "networks:cluster-edit": {m: cluster_object() for m in ("GET", "POST")},
    "networks:add": {m: only(ADMIN) for m in ("GET", "POST")},
    "networks:edit": {m: network_object([ADMIN, "support_manager"]) for m in ("GET", "POST")},
    "networks:hub-edit": {m: network_object(PLACES) for m in ("GET", "POST")},
    # API (the networks' own routes are in tests/routes.py)
    "api-cluster-list": {m: only(ADMIN) for m in ("GET", "POST")},
    "api-cluster-detail": {m: cluster_object() for m in ("GET", "PUT", "PATCH")},
}


def world_cluster(world) -> int:
    return world.network.cluster_id


OBJECT_KWARGS = {"cluster_id": world_cluster}
