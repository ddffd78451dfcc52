"""House rules the suite enforces, so nobody has to remember them."""

import re
from pathlib import Path

from django.apps import apps

from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel, TenantModel

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"keyring_net", "networks", "members", "volunteers", "support_plans", "outcomes"}

# Models that are not tenant-owned, and why.
GLOBAL_MODELS = {
    "keyring_net.Organisation": "the tenant itself",
    "keyring_net.User": "a person may hold roles in several organisations",
    "keyring_net.LocalAuthority": "councils are shared reference data",
    "keyring_net.Heartbeat": "background-work liveness, no personal data",
    "keyring_net.HistoricalUser": "change history of people (global, like User)",
    "keyring_net.ApiToken": "a person's own API key (global, like User)",
    "keyring_net.HistoricalApiToken": "change history of API tokens (global, like User)",
}

# Where crossing organisations is allowed (reviewed places only).
UNSCOPED_ALLOWED = {
    "keyring_net/tenancy.py",  # defines it
    "keyring_net/admin.py",  # platform staff admin
    "keyring_net/actors.py",  # reads the signed-in person's own roles
    "members/login_cards.py",  # finds a login card by its secret, before sign-in
}

# people_identifiable() shows every person's account and sign-in rows.
IDENTIFY_ALLOWED = {
    "keyring_net/tenancy.py",  # defines it
    "keyring_net/sessions.py",  # the session store, for its own steps
    "keyring_net/services.py",  # inviting someone; signing someone out everywhere
    "volunteers/services/people.py",  # a new volunteer who may have an account
    "keyring_net/demo/__init__.py",  # demo seeding
}


def test_every_model_is_tenant_owned_or_declared_global():
    undeclared = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        label = model._meta.label
        # django-simple-history's copies of tenant-owned rows keep the
        # organisation column (nullable there, as history copies every key).
        history_of_tenant = hasattr(model, "instance_type") and issubclass(
            model.instance_type, TenantModel
        )
        if issubclass(model, TenantModel) or history_of_tenant:
            field = model._meta.get_field("organisation")
            assert field.db_index, label
            assert history_of_tenant or not field.null, label
        elif label not in GLOBAL_MODELS:
            undeclared.append(label)
    assert undeclared == [], "add organisation (OrgOwnedModel) or declare them global"


def test_every_tenant_model_keeps_its_change_history():
    """Audited unless it is an append-only log (a log of a log adds nothing)."""
    for model in apps.get_models():
        if issubclass(model, TenantModel) and not issubclass(model, AppendOnlyModel):
            assert issubclass(model, OrgOwnedModel), model._meta.label
            assert hasattr(model, "history"), model._meta.label


def _python_files():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv", "tests/", "node_modules")) or "/migrations/" in rel:
            continue
        yield rel, path.read_text()


def test_crossing_organisations_only_in_reviewed_places():
    offenders = [
        rel
        for rel, text in _python_files()
        if re.search(
            r"all_organisations\(\)|scopes_disabled\(|with_scopes_disabled\(|"
            r"own_role_assignments_readable\(|_database_setting\(",
            text,
        )
        and rel not in UNSCOPED_ALLOWED
    ]
    assert offenders == []


def test_every_person_is_visible_only_in_reviewed_places():
    offenders = [
        rel
        for rel, text in _python_files()
        if "people_identifiable(" in text and rel not in IDENTIFY_ALLOWED
    ]
    assert offenders == []


def test_views_and_api_never_fetch_rows_directly():
    pattern = re.compile(r"\.objects\.get\(")
    offenders = [
        rel
        for rel, text in _python_files()
        if rel.endswith(("views.py", "api.py")) or "/views/" in rel or "/api/" in rel
        if pattern.search(text)
    ]
    assert offenders == [], "use an access function in selectors.py"
