"""Role matrix entries for the organisation's stars (templates): support
managers and organisation admins manage them; everyone else is refused
(403). Another organisation's star is not found (404)."""

from tests.routes import only

MANAGERS = ("support_manager", "org_admin")

MATRIX = {
    "plans:templates": {"GET": only(*MANAGERS)},
    "plans:template-add": {m: only(*MANAGERS) for m in ("GET", "POST")},
    "plans:template-edit": {m: only(*MANAGERS) for m in ("GET", "POST")},
}


def world_star_template(world) -> int:
    """The world's default star, made on first use."""
    from django_scopes import scopes_disabled

    from support_plans.stars import ensure_default_template

    with scopes_disabled():
        return ensure_default_template(world.organisation).pk


OBJECT_KWARGS = {"star_template_id": world_star_template}
