"""Role matrix entries for the outcomes dashboard (organisation admins and
support managers) and the cost model (organisation admins)."""

from __future__ import annotations

from tests.routes import only

MATRIX = {
    "outcomes_figures:dashboard": {"GET": only("org_admin", "support_manager")},
    "outcomes_figures:costs": {m: only("org_admin") for m in ("GET", "POST")},
}

OBJECT_KWARGS: dict = {}
