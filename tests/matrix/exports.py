"""Role matrix for exports: the export page and the API's exports are for
people with the export permission (support managers); everyone else is
refused (403), and the refusal is recorded (tests/test_exports.py)."""

from __future__ import annotations

from tests.routes import only

EXPORTER = only("support_manager")

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "exports:page": {"GET": EXPORTER, "POST": EXPORTER},
    "api-export-list": {"GET": EXPORTER},
    "api-export-members": {"GET": EXPORTER},
    "api-export-contacts": {"GET": EXPORTER},
    "api-export-hours": {"GET": EXPORTER},
    "api-export-compliance": {"GET": EXPORTER},
}

OBJECT_KWARGS: dict = {}
