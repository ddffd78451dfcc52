"""Role matrix for the organisation's own settings: its admins only, on the
page and in the API. There is no id in either address: each is about the
organisation the person works in, so another organisation's settings
cannot even be named (tests/test_organisation_settings.py checks that an
admin's change never reaches another organisation)."""

from __future__ import annotations

from tests.routes import only

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "organisation:settings": {m: only("org_admin") for m in ("GET", "POST")},
    "api-organisation": {m: only("org_admin") for m in ("GET", "PATCH")},
}

OBJECT_KWARGS: dict = {}
