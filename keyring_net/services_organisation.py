"""State changes of organisations themselves: starting a new one (whoever
runs the service, from the command line) and changing its settings (its
admins, in the browser or through the API).

Both are audited by the organisation's own change history
(django-simple-history on ``Organisation``): who changed what, and when.
A change made from the command line names nobody there ("the system"): no
one is signed in on the server, and the command's output is its record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.models import Organisation, Role, RoleAssignment
from keyring_net.organisation_settings import BY_NAME, EMAIL, Setting, check
from keyring_net.policy import Permission
from keyring_net.services import person_invite
from keyring_net.tenancy import organisation_scope, set_database_organisation

DEFAULT_TIME_ZONE = "Europe/London"
ADMIN_EMAIL = Setting("admin_email", "E-mail address of the first admin", "", EMAIL, max_length=254)


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    admin_email: str,
    base_url: str,
    admin_name: str = "",
    slug: str = "",
    time_zone: str = DEFAULT_TIME_ZONE,
) -> tuple[Organisation, RoleAssignment]:
    """Start a new organisation and invite its first admin (role
    ``org_admin``) by e-mail, through the same invitation as any other
    (``services.person_invite``): a new person gets a link to choose a
    password, starting with ``base_url``.

    Only the platform (``Actor.platform_for``) may do this. Refuses, with
    a ``ValidationError`` naming the field and changing nothing, a bad
    name, slug, e-mail address or time zone, or a name or slug that an
    organisation already has.
    """
    if not actor.platform:
        raise PermissionDenied("Only whoever runs the service can start a new organisation.")
    values = _checked_new(
        name=name, admin_email=admin_email, slug=slug, time_zone=time_zone, base_url=base_url
    )
    organisation = Organisation(
        name=values["name"], slug=values["slug"], time_zone=values["time_zone"]
    )
    audited(organisation, actor).save(force_insert=True)
    with organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        assignment = person_invite(
            actor=Actor.platform_for(organisation),
            email=values["admin_email"],
            full_name=admin_name.strip() or _name_from_address(values["admin_email"]),
            role=Role.ORG_ADMIN,
            base_url=base_url,
        )
    return organisation, assignment


def _checked_new(
    *, name: str, admin_email: str, slug: str, time_zone: str, base_url: str
) -> dict[str, str]:
    problems: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for setting, given in (
        (BY_NAME["name"], name),
        (ADMIN_EMAIL, admin_email),
        (BY_NAME["time_zone"], time_zone or DEFAULT_TIME_ZONE),
    ):
        try:
            values[setting.name] = check(setting, given)
        except ValueError as error:
            problems[setting.name] = [str(error)]
    values["slug"] = slugify(slug or values.get("name", ""))[:60].strip("-")
    try:
        validate_slug(values["slug"])
    except ValidationError:
        problems["slug"] = [
            "Give a short name for the organisation's address, in letters, numbers and hyphens."
        ]
    if not base_url:
        problems["base_url"] = [
            "Set SITE_URL to the address people use for the service (like "
            "https://keyring.example.org), so the link in the invitation works."
        ]
    if problems:
        raise ValidationError(problems)
    existing = Organisation.objects.filter(
        Q(name__iexact=values["name"]) | Q(slug=values["slug"])
    ).first()
    if existing is not None:
        raise ValidationError(
            {
                "name": (
                    f"There is already an organisation called \u201c{existing.name}\u201d "
                    f"(slug {existing.slug}). Nothing was changed."
                )
            }
        )
    return values


def _name_from_address(email: str) -> str:
    """A name to start with when none was given: "jo.bloggs@..." gives
    "Jo Bloggs". They can be renamed later."""
    local = email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split(".") if part)


@transaction.atomic
def organisation_settings_change(*, actor: Actor, **values: object) -> Organisation:
    """Change some of the actor's organisation's settings
    (``organisation_settings.SETTINGS``, by name); the rest stay as they
    are. Values may be text as typed or numbers.

    All or nothing: any value out of its limits raises a ``ValidationError``
    with each problem in plain words under its setting's name, and nothing
    is saved. Saved values are named in the organisation's change history
    with the actor. Other keys of ``Organisation.settings`` are kept.
    """
    require(actor, Permission.MANAGE_ORGANISATION)
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise TypeError(f"Not settings of an organisation: {', '.join(unknown)}")
    problems: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for name, value in values.items():
        try:
            cleaned[name] = check(BY_NAME[name], value)
        except ValueError as error:
            problems[name] = [str(error)]
    if problems:
        raise ValidationError(problems)
    # Locked, so two admins saving at once cannot lose each other's JSON keys.
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation.pk)
    changed = _apply(organisation, cleaned)
    if changed:
        save_changes(organisation, actor, *changed)
    return organisation


def _apply(organisation: Organisation, cleaned: dict[str, object]) -> list[str]:
    """Set ``cleaned`` on ``organisation``; the fields that changed."""
    changed: list[str] = []
    kept = dict(organisation.settings or {})
    for name, value in cleaned.items():
        setting = BY_NAME[name]
        if setting.in_json:
            if value in ("", None):
                kept.pop(name, None)
            else:
                kept[name] = value
        elif getattr(organisation, name) != value:
            setattr(organisation, name, value)
            changed.append(name)
    if kept != (organisation.settings or {}):
        organisation.settings = kept
        changed.append("settings")
    return changed
