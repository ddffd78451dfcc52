"""House rules the suite enforces, so nobody has to remember them.

Besides tenancy and change history, two rules about the layers inside an app
(DEVELOPERS.md, "Layers"), read from each file's syntax tree, not its name:

- ``objects``: a view, API or task module (one whose functions take
  ``request`` first, that defines Django or DRF views, or Celery tasks) never
  calls ``Model.objects.get(`` or ``Model.objects.filter(`` itself; it reads
  through its app's selectors, which know who may see which rows.
- ``save``: a service never saves a row that already exists with a bare
  ``.save()``, which writes every column back and can undo someone else's
  change made in between; it uses ``save_changes(instance, actor, "field",
  ...)`` (or ``.save(update_fields=[...])``). A brand-new row is fine:
  ``audited(Model(...), actor).save()``, ``Model(...).save()``, or a name
  whose last binding before the save, in the same function and in a block
  the save is inside (so it surely ran), is a ``Model(...)`` (bare or in
  ``audited``). A module is a service by its name: ``services.py``,
  ``services_*.py`` (``*_services.py``), or inside a ``services/`` package.

``python scripts/shape_report.py`` lists every offence with its line.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel, TenantModel
from tests.helpers import our_apps, write_tree

ROOT = Path(__file__).resolve().parent.parent

# Models that are not tenant-owned, and why.
GLOBAL_MODELS = {
    "keyring_net.Organisation": "the tenant itself",
    "keyring_net.User": "a person may hold roles in several organisations",
    "keyring_net.LocalAuthority": "councils are shared reference data",
    "keyring_net.Heartbeat": "background-work liveness, no personal data",
    "keyring_net.HistoricalUser": "change history of people (global, like User)",
    "keyring_net.HistoricalOrganisation": "change history of the tenant's own settings",
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
    "spreadsheets/services/imports/volunteers.py",  # imported volunteers, found by e-mail
    "spreadsheets/services/imports/runs.py",  # undo removes the accounts an import made
    "keyring_net/demo/__init__.py",  # demo seeding
    "keyring_net/account_mail.py",  # the account a sign-in e-mail is for
    "keyring_net/models.py",  # createsuperuser confirms the address it is given
}


def test_every_model_is_tenant_owned_or_declared_global():
    ours = set(our_apps())
    undeclared = []
    for model in apps.get_models():
        if model._meta.app_label not in ours:
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


# --- The layer rules inside an app, read from the syntax tree ----------------------


@dataclass(frozen=True)
class Offence:
    file: str  # relative to the root
    line: int
    rule: str  # "objects" or "save"
    code: str

    def __str__(self) -> str:
        advice = {
            "objects": "read through the app's selectors",
            "save": 'use save_changes(instance, actor, "field", ...)',
        }[self.rule]
        return f"{self.file}:{self.line} {self.code}: {advice}"


def _is_layer(rel: str, layer: str) -> bool:
    """True for ``app/layer.py``, ``app/layer_area.py``, ``app/area_layer.py``
    and any module inside an ``app/layer/`` package."""
    *folders, name = rel.removesuffix(".py").split("/")
    return layer in folders[1:] or name == layer or layer in name.split("_")


def _dotted(node: ast.expr) -> str:
    """``shared_task``, ``app.task``, ``generic.View``: a decorator or base
    by name (a call's function when it is called)."""
    if isinstance(node, ast.Call):
        node = node.func
    return ast.unparse(node)


def _is_view_base(name: str, view_classes: set[str]) -> bool:
    last = name.rpartition(".")[2]
    return last.endswith(("View", "ViewSet", "APIView")) or last in view_classes


def view_classes(trees: list[ast.Module]) -> set[str]:
    """Every class name in ``trees`` that is a view, directly or through a
    base class defined in another of our files (e.g. ``OrgScopedViewSet``)."""
    bases: dict[str, list[str]] = defaultdict(list)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] += [_dotted(base) for base in node.bases]
    found: set[str] = set()
    while True:
        more = {
            name
            for name, names in bases.items()
            if name not in found and any(_is_view_base(b, found) for b in names)
        }
        if not more:
            return found
        found |= more


def handles_requests_or_tasks(tree: ast.Module, views: set[str] = frozenset()) -> bool:
    """A view, API or task module: a function taking ``request`` first, a
    Django or DRF view class, or a Celery task (``shared_task``, ``app.task``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args]
            if arguments and arguments[0].arg == "request":
                return True
            for decorator in map(_dotted, node.decorator_list):
                if decorator.rpartition(".")[2] == "shared_task":
                    return True
                if re.fullmatch(r"\w*app\.task", decorator):
                    return True
        if isinstance(node, ast.ClassDef) and any(
            _is_view_base(_dotted(base), views) for base in node.bases
        ):
            return True
    return False


def _own_nodes(function: ast.AST):
    """The nodes of one function, leaving out functions and classes nested in it."""
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))


def _is_new_row(node: ast.expr) -> bool:
    """``Model(...)`` or ``audited(Model(...), actor)``: a row made on the spot."""
    if not isinstance(node, ast.Call):
        return False
    name = _dotted(node.func).rpartition(".")[2]
    if name == "audited":
        return bool(node.args) and _is_new_row(node.args[0])
    return name[:1].isupper()


def _names(target: ast.expr | None) -> list[str]:
    """The plain names a target binds (``x``, ``x, y``, ``*rest``); setting
    ``x.field`` or ``x[0]`` binds none."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Starred):
        return _names(target.value)
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _names(element)]
    return []


def _bindings(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.AST, str, bool]]:
    """``(where, name, is a new row)`` for each name the function binds: its
    arguments (where: the function), assignments, loop and ``with`` targets."""
    arguments = function.args
    found = [
        (function, arg.arg, False)
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    ]
    for node in _own_nodes(function):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                new = isinstance(target, ast.Name) and _is_new_row(node.value)
                found += [(node, name, new) for name in _names(target)]
        elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor):
            found += [(node, name, False) for name in _names(node.target)]
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                found += [(node, name, False) for name in _names(item.optional_vars)]
    return found


def _made_here(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    call: ast.Call,
    name: str,
    parents: dict[ast.AST, ast.AST],
) -> bool:
    """True when ``name`` holds a row made in this function at ``call``: its
    last binding before the call is a ``Model(...)`` in a block the call is
    inside (so it surely ran), and nothing else was bound to it in between."""
    above = set()
    node = call
    while node in parents:
        node = parents[node]
        above.add(node)
    before = sorted(
        (
            (where.lineno if where is not function else 0, where, new)
            for where, bound, new in _bindings(function)
            if bound == name and (where is function or where.lineno <= call.lineno)
        ),
        key=lambda binding: binding[0],
    )
    for _line, where, new in reversed(before):
        if not new:
            return False
        if where is function or parents.get(where) in above:
            return True
    return False


def bare_saves(tree: ast.Module, rel: str) -> list[Offence]:
    """Every ``x.save()`` without ``update_fields`` on a row that may exist."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    offences = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in _own_nodes(function):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "save"
            ):
                continue
            if any(keyword.arg in ("update_fields", None) for keyword in node.keywords):
                continue  # update_fields named (or passed on in **kwargs)
            if any(
                keyword.arg == "force_insert"
                and isinstance(keyword.value, ast.Constant)
                and keyword.value.value is True
                for keyword in node.keywords
            ):
                continue  # force_insert=True: a new row, or an error
            row = node.func.value
            if isinstance(row, ast.Call) and _dotted(row.func).endswith("audited") and row.args:
                row = row.args[0]
            if _is_new_row(row):
                continue
            if isinstance(row, ast.Name) and _made_here(function, node, row.id, parents):
                continue
            offences.append(Offence(rel, node.lineno, "save", f"{ast.unparse(row)}.save()"))
    return offences


def direct_reads(tree: ast.Module, rel: str) -> list[Offence]:
    """Every ``X.objects.get(`` and ``X.objects.filter(`` call."""
    return [
        Offence(rel, node.lineno, "objects", f"{ast.unparse(node.func)}(")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("get", "filter")
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "objects"
    ]


def layer_offences(root: Path, app_names: list[str]) -> list[Offence]:
    """Both rules over every module of ``app_names`` under ``root`` (migrations aside)."""
    trees = {}
    for app in app_names:
        for path in sorted((root / app).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if "/migrations/" not in rel:
                trees[rel] = ast.parse(path.read_text(), filename=rel)
    views = view_classes(list(trees.values()))
    offences = []
    for rel, tree in trees.items():
        if handles_requests_or_tasks(tree, views) and not _is_layer(rel, "selectors"):
            offences += direct_reads(tree, rel)
        if _is_layer(rel, "services"):
            offences += bare_saves(tree, rel)
    return sorted(offences, key=lambda o: (o.file, o.line, o.rule))


def test_views_api_and_tasks_read_through_selectors_and_services_save_only_changes():
    offences = [str(o) for o in layer_offences(ROOT, our_apps())]
    assert offences == [], "against the layer rules (this module's docstring):\n" + "\n".join(
        offences
    )


# --- The test of the test: each rule catches an offence and passes clean code ------


def _found(tmp_path: Path, sources: dict[str, str]) -> list[str]:
    root = write_tree(tmp_path, {"shop/__init__.py": "", **sources})
    return [str(o).partition(": ")[0] for o in layer_offences(root, ["shop"])]


def test_a_direct_read_in_a_view_api_or_task_is_named_with_its_file_and_line(tmp_path):
    found = _found(
        tmp_path,
        {
            # Found by what they define, whatever their names.
            "shop/pages.py": """\
                def basket(request, pk):
                    return Basket.objects.get(pk=pk)
            """,
            "shop/base.py": """\
                from rest_framework import viewsets
                class ShopViewSet(viewsets.GenericViewSet):
                    pass
            """,
            "shop/endpoints.py": """\
                from shop.base import ShopViewSet
                class Baskets(ShopViewSet):
                    def get_queryset(self):
                        return Basket.objects.filter(open=True)
            """,
            "shop/jobs.py": """\
                from celery import shared_task
                @shared_task
                def tidy():
                    Basket.objects.filter(open=False).delete()
            """,
            "shop/beat.py": """\
                from shop.celery import app
                @app.task(bind=True)
                def close(self):
                    return Basket.objects.get(pk=1)
            """,
            "shop/screens/list.py": """\
                from django.views import generic
                class Baskets(generic.TemplateView):
                    def total(self):
                        return Basket.objects.get(pk=1)
            """,
        },
    )
    assert found == [
        "shop/beat.py:4 Basket.objects.get(",
        "shop/endpoints.py:4 Basket.objects.filter(",
        "shop/jobs.py:4 Basket.objects.filter(",
        "shop/pages.py:2 Basket.objects.get(",
        "shop/screens/list.py:4 Basket.objects.get(",
    ]


def test_reads_in_selectors_and_in_other_modules_are_not_flagged(tmp_path):
    found = _found(
        tmp_path,
        {
            "shop/selectors.py": "def basket(request, pk):\n    return Basket.objects.get(pk=pk)\n",
            "shop/selectors/baskets.py": "def open(request):\n    return Basket.objects.filter()\n",
            "shop/models.py": "def first():\n    return Basket.objects.get(pk=1)\n",
            "shop/views.py": """\
                from shop.selectors import basket
                def show(request, pk):
                    return basket(request, pk), Basket.objects.select_related().get(pk=pk)
            """,
        },
    )
    assert found == []


def test_a_bare_save_of_an_existing_row_in_a_service_is_named(tmp_path):
    found = _found(
        tmp_path,
        {
            "shop/services.py": """\
                def rename(basket, name):
                    basket.name = name
                    basket.save()
                def reopen(pk, actor):
                    basket = Basket.objects.get(pk=pk)
                    audited(basket, actor).save()
            """,
            "shop/services_refunds.py": """\
                def refund(order, actor):
                    if order.paid:
                        row = Refund(order=order)
                    else:
                        row = order.refund
                    row.save()
                def place(asset=None):
                    if asset is None:
                        asset = Place()
                    asset.save()
            """,
            "shop/services/stock.py": """\
                def count(item):
                    item.stock.save()
            """,
        },
    )
    assert found == [
        "shop/services.py:3 basket.save()",
        "shop/services.py:6 basket.save()",
        "shop/services/stock.py:2 item.stock.save()",
        "shop/services_refunds.py:6 row.save()",
        "shop/services_refunds.py:10 asset.save()",
    ]


def test_new_rows_and_named_fields_in_a_service_are_not_flagged(tmp_path):
    found = _found(
        tmp_path,
        {
            "shop/services.py": """\
                def open_basket(customer, actor):
                    audited(Basket(customer=customer), actor).save()
                    models.Basket(customer=customer).save()
                    note = Note(text="opened")
                    note.save()
                    wrapped = audited(Note(text="again"), actor)
                    wrapped.save()
                def rename(basket, name, actor):
                    basket.name = name
                    basket.save(update_fields=["name"])
                    save_changes(basket, actor, "name")
                def invite(email, actor):
                    person = User.objects.filter(email=email).first()
                    if person is None:
                        person = User(email=email)
                        audited(person, actor).save()
                    return person
            """,
            # Outside services the rule does not apply.
            "shop/models.py": "def touch(basket):\n    basket.save()\n",
        },
    )
    assert found == []
