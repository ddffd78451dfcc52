"""Role matrix for the people pages' newer routes and the people API.

Only organisation admins give, move and end roles; everyone else in the
organisation is refused (403), as on the older people pages in
tests/routes.py. Another organisation's person or role is not found."""

from __future__ import annotations

from tests.routes import only

ADMIN = only("org_admin")

MATRIX = {
    # Pages
    "people:role-move": {"GET": ADMIN, "POST": ADMIN},
    # API
    "api-person-list": {"GET": ADMIN, "POST": ADMIN},
    "api-person-detail": {"GET": ADMIN},
    "api-person-give-role": {"POST": ADMIN},
    "api-person-deactivate": {"POST": ADMIN},
    "api-role-assignment-detail": {"GET": ADMIN},
    "api-role-assignment-end": {"POST": ADMIN},
    "api-role-assignment-move": {"POST": ADMIN},
}

OBJECT_KWARGS: dict = {}
