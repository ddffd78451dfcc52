"""House rules the suite enforces, so nobody has to remember them."""

import re
from pathlib import Path

from django.apps import apps

from keyring_net.tenancy import OrgOwnedModel

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"keyring_net", "networks", "members", "volunteers", "support_plans", "outcomes"}

# Models that are not tenant-owned, and why.
GLOBAL_MODELS = {
    "keyring_net.Organisation": "the tenant itself",
    "keyring_net.User": "a person may hold roles in several organisations",
    "keyring_net.LocalAuthority": "councils are shared reference data",
    "keyring_net.Heartbeat": "background-work liveness, no personal data",
}

# Where crossing organisations is allowed (reviewed places only).
UNSCOPED_ALLOWED = {
    "keyring_net/tenancy.py",  # defines it
    "keyring_net/admin.py",  # platform staff admin
    "keyring_net/actors.py",  # reads the signed-in person's own roles
}


def test_every_model_is_tenant_owned_or_declared_global():
    undeclared = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if issubclass(model, OrgOwnedModel):
            field = model._meta.get_field("organisation")
            assert not field.null and field.db_index, label
        elif label not in GLOBAL_MODELS:
            undeclared.append(label)
    assert undeclared == [], "add organisation (OrgOwnedModel) or declare them global"


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
        if re.search(r"all_organisations\(\)|scopes_disabled\(", text)
        and rel not in UNSCOPED_ALLOWED
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
