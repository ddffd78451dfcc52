"""Role matrix for API tokens: each person's own.

The list (with the form that makes one) is for the roles that may use the
API: staff and commissioners; members are refused. The world's token is
the CLV's: only they reach it, and anyone else's token is not found, as a
token is a person's, not their organisation's.
"""

from __future__ import annotations

from tests.routes import ROLES, STAFF, A, N, only

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "tokens:list": {m: only(*STAFF, "commissioner") for m in ("GET", "POST")},
    "tokens:revoke": {"POST": {role: (A if role == "clv" else N) for role in ROLES}},
}


def world_token(world):
    """The CLV's token, made on first use (one in every world would change
    what other tests count)."""
    from keyring_net.api.tokens import api_token_create
    from keyring_net.models import ApiToken

    token = ApiToken.objects.filter(user=world.clv, name=f"Token {world.marker}").first()
    if token is None:
        token, _key = api_token_create(user=world.clv, name=f"Token {world.marker}")
    return token


OBJECT_KWARGS = {"token_id": lambda world: world_token(world).pk}
