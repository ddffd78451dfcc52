"""Everything the product holds about one member, found by walking the
model graph rather than by a list someone must remember to update.

Every model that refers to ``members.Member`` (a foreign key, one-to-one or
many-to-many, directly or through the rows it belongs to: a goal through
its plan) or directly to the member's own account (messages sent to them,
their sign-in addresses) joins the copy by itself, every field of it,
unless ``EXCLUDED`` names it with the reason it is not the member's
personal data, or not theirs to have. ``tests/test_subject_access.py``
walks the graph and fails on a model that is neither collected nor
excluded with a reason.

Documents are attached by kind and id rather than by a foreign key, so
they are collected by name (``documents``) from the kinds that belong to
the member: their record and their plans.

A field that could harm the service or someone else if released (a hashed
key, an encrypted e-mail, where a file is stored) is never collected:
``SECRET_FIELDS``."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from documents.models import Document
from members.models import Member

MAX_DEPTH = 4  # a row more than four steps from the member is not about them

# Models that refer to a member or their account but are not released,
# each with its reason. Keys are "app_label.Model".
EXCLUDED: dict[str, str] = {
    "members.Member": "The member's own record: collected first, as 'Your record'.",
    "members.LoginCard": "Login cards hold only a hashed sign-in code and its dates; "
    "the card itself is in the member's hands.",
    "keyring_net.RoleAssignment": "The member role that lets them sign in: "
    "account plumbing, not a record about them.",
    "keyring_net.ApiToken": "Keys for other systems: members hold none, and a key is a secret.",
    "mfa.Authenticator": "Two-step sign-in secrets: members do not use them, and "
    "releasing a secret would weaken the account.",
    "admin.LogEntry": "What platform staff changed in the Django admin; members "
    "are never platform staff.",
    "documents.Document": "Collected by what each file is attached to (the member's "
    "record, their plans), as 'Documents': see _documents below.",
    "documents.DocumentDownload": "Who downloaded a file: the member's own files are "
    "released; staff downloads of a member's file are logged in 'who looked'.",
    "volunteers.VolunteerProfile": "A volunteer's own profile: a member is not a "
    "volunteer here (a member who volunteers asks as a volunteer).",
    "volunteers.ShiftPattern": "Volunteers' rota: no member works shifts.",
    "volunteers.Shift": "Volunteers' rota: no member works shifts.",
    "volunteers.Availability": "Volunteers' rota: no member works shifts.",
    "volunteers.SwapRequest": "Volunteers' rota: no member works shifts.",
    "volunteers.CalendarFeed": "A volunteer's calendar link: a secret address, and "
    "members have none.",
    "volunteers.Interview": "Decided by staff: no member decides interviews.",
    "volunteers.LoneWorkingAlert": "A worker's safety alert; the visit itself is "
    "released as a lone-working session.",
    "casework.SafeguardingLead": "Staff named as the organisation's safeguarding "
    "leads: nothing about a member.",
    "casework.ConcernView": "Which staff opened a concern: staff's audit of their "
    "own work, not the member's record.",
    "outcomes.UnitCost": "The organisation's costs, changed by staff.",
    "outcomes.QualityCheck": "Quality checks of a network, by checkers; no member "
    "is named in them.",
    "outcomes.QualityAction": "Actions from quality checks, owned by staff.",
    "outcomes.CommissionerReport": "Reports for councils: totals only, no member named.",
    "outcomes.ReportDownload": "Who downloaded a council report: staff and commissioners.",
    "outcomes.Survey": "A survey written by staff; the member's invitations and "
    "answers are released.",
    "spreadsheets.ExportRecord": "Who exported records: staff; the member's "
    "'who looked' shows each export that held them.",
    "spreadsheets.ImportRun": "Imports run by organisation admins.",
    "networks.CommunityAsset": "A community place, introduced by staff; the "
    "member's own links with places are released.",
    "networks.HubEvent": "A hub event, run by staff.",
    "privacy.AccessRequest": "This request and the ones before it: the member has "
    "them on their own pages.",
    "privacy.Redaction": "Staff's review of this copy: it shows in the copy "
    "itself as '[Removed: reason]'.",
    "privacy.AccessRelease": "The copies already given to the member.",
}

# Fields never released, whatever model they are on.
SECRET_FIELDS = frozenset(
    {
        "organisation",
        "password",
        "token_hash",
        "key_hash",
        "secret",
        "sealed",
        "stored_name",
        "unique_key",
        "session_key",
    }
)


def _historical(model) -> bool:
    # django-simple-history's copies of every change: the current row is
    # released; its history is staff's audit of who changed what.
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def label(model) -> str:
    return model._meta.label


def _member_paths(model, depth: int = 0, seen: tuple = ()) -> list[str]:
    """Lookups from ``model`` to the member (``"member"``,
    ``"plan__member"``): every chain of forward relations ending at
    ``Member``, at most ``MAX_DEPTH`` steps long."""
    if depth >= MAX_DEPTH or model in seen:
        return []
    paths = []
    for f in model._meta.get_fields():
        if not f.is_relation or f.auto_created or f.related_model is None:
            continue
        if not (f.many_to_one or f.one_to_one or f.many_to_many):
            continue
        target = f.related_model
        if target is Member:
            paths.append(f.name)
        elif not _historical(target) and target._meta.app_config.name in _OUR_APPS:
            paths += [
                f"{f.name}__{rest}" for rest in _member_paths(target, depth + 1, (*seen, model))
            ]
    return paths


def _user_fields(model) -> list[str]:
    user = get_user_model()
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation
        and not f.auto_created
        and f.related_model is user
        and (f.many_to_one or f.one_to_one or f.many_to_many)
    ]


_OUR_APPS = {
    "keyring_net",
    "notifications",
    "documents",
    "networks",
    "members",
    "support_plans",
    "volunteers",
    "casework",
    "outcomes",
    "spreadsheets",
    "dashboards",
    "search",
    "privacy",
}


@dataclass(frozen=True)
class Found:
    """A model that refers to the member: its lookups to the member, and
    the fields that point at the member's account."""

    model: type[models.Model]
    member_paths: tuple[str, ...]
    user_fields: tuple[str, ...]


def models_about_a_member(candidates=None) -> list[Found]:
    """Every model (change histories aside) that refers to a member, or to
    a person's account, in the order Django lists them (or among
    ``candidates``, for a test)."""
    found = []
    for model in apps.get_models() if candidates is None else candidates:
        if _historical(model) or model is Member or model is get_user_model():
            continue
        member_paths = tuple(_member_paths(model))
        user_fields = tuple(_user_fields(model))
        if member_paths or user_fields:
            found.append(Found(model, member_paths, user_fields))
    return found


def collected_models() -> list[Found]:
    """What a copy holds, beside the member's record and documents."""
    return [f for f in models_about_a_member() if label(f.model) not in EXCLUDED]


def unaccounted(found: list[Found], collected: list[Found], excluded: dict[str, str]) -> list[str]:
    """Models that refer to a member but are neither in the copy nor
    excluded with a reason: what the completeness test fails on."""
    kept = {label(f.model) for f in collected}
    return [
        label(f.model)
        for f in found
        if label(f.model) not in kept and not (excluded.get(label(f.model)) or "").strip()
    ]


# ---------------------------------------------------------------------------
# The collection itself


@dataclass
class Item:
    """One row: its id and its fields as (name, label, value) in order."""

    id: int
    fields: list[tuple[str, str, object]]
    kind: str = ""  # its section's key, "members.Contact"
    removed: dict[str, str] = field(default_factory=dict)  # field -> reason

    @property
    def ref(self) -> str:
        """The kind and id together: "members.Contact:12"."""
        return f"{self.kind}:{self.id}"

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The fields a reviewer can remove (all but the id)."""
        return [(n, text) for n, text, _ in self.fields if n != "id"]

    def value(self, name: str):
        if name in self.removed:
            return f"[Removed: {self.removed[name]}]"
        return next((v for n, _, v in self.fields if n == name), None)

    def shown(self) -> list[tuple[str, str, object]]:
        return [(n, text, self.value(n)) for n, text, _ in self.fields]


@dataclass
class Section:
    key: str  # "members.Contact"
    title: str  # "Contacts"
    items: list[Item]
    # Fields that name someone else (another member), for the reviewer.
    third_party: tuple[str, ...] = ()

    @property
    def columns(self) -> list[tuple[str, str]]:
        return [(n, text) for n, text, _ in self.items[0].fields] if self.items else []


@dataclass
class Collection:
    member: Member
    sections: list[Section]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def item(self, key: str, item_id: int) -> Item | None:
        section = self.section(key)
        return next((i for i in section.items if i.id == item_id), None) if section else None


def _fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and not isinstance(f, models.BinaryField)
    ]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return None
    if hasattr(value, "quantize"):  # Decimal
        return str(value)
    return value


class _Names:
    """People's and members' names, read once for the whole copy."""

    def __init__(self) -> None:
        self.users: set[int] = set()
        self.members: set[int] = set()

    def resolve(self, organisation) -> tuple[dict[int, str], dict[int, str]]:
        user = get_user_model()
        people = dict(user.objects.filter(pk__in=self.users).values_list("pk", "full_name"))
        members = dict(
            Member.objects.filter(organisation=organisation, pk__in=self.members).values_list(
                "pk", "full_name"
            )
        )
        return people, members


def _rows(model, where: Q, organisation) -> list[dict]:
    rows = model._default_manager.filter(where)
    if any(f.name == "organisation" for f in model._meta.concrete_fields):
        rows = rows.filter(organisation=organisation)
    names = [f.attname for f in _fields(model)]
    return list(rows.distinct().order_by("pk").values(*names))


def collect(member: Member) -> Collection:
    """Everything held about ``member``, read inside their organisation's
    scope, one query a kind of record (plus two for names). Redactions are
    applied by the caller (``apply_redactions``)."""
    organisation = member.organisation
    names = _Names()
    raw: list[tuple[str, str, type, list[dict], tuple]] = []

    record = _rows(Member, Q(pk=member.pk), organisation)
    raw.append(("members.Member", "Your record", Member, record, ()))

    for found in collected_models():
        model = found.model
        where = [Q(**{path: member}) for path in found.member_paths]
        if member.user_id:
            where += [Q(**{name: member.user_id}) for name in found.user_fields]
        if not where:
            continue
        rows = _rows(model, reduce(or_, where), organisation)
        others = tuple(
            f.name
            for f in _fields(model)
            if f.is_relation and f.related_model is Member and f.name not in ("member",)
        )
        raw.append(
            (label(model), str(model._meta.verbose_name_plural).capitalize(), model, rows, others)
        )

    raw.append(("documents.Document", "Documents", Document, _documents(member), ()))

    for _, _, model, rows, _ in raw:
        for f in _fields(model):
            if f.is_relation and f.related_model is get_user_model():
                names.users.update(r[f.attname] for r in rows if r[f.attname])
            elif f.is_relation and f.related_model is Member:
                names.members.update(r[f.attname] for r in rows if r[f.attname])
    people, members = names.resolve(organisation)

    sections = []
    for key, title, model, rows, others in raw:
        items = [_item(key, model, row, people, members) for row in rows]
        sections.append(Section(key, title, items, others))
    return Collection(member, sections)


def _documents(member: Member) -> list[dict]:
    plans = apps.get_model("support_plans", "SupportPlan")
    plan_ids = list(
        plans.objects.filter(organisation=member.organisation, member=member).values_list(
            "pk", flat=True
        )
    )
    where = Q(attached_kind="member", attached_id=member.pk) | Q(
        attached_kind="plan", attached_id__in=plan_ids
    )
    return _rows(Document, where, member.organisation)


def _item(kind: str, model, row: dict, people: dict[int, str], members: dict[int, str]) -> Item:
    fields = []
    for f in _fields(model):
        value = row[f.attname]
        if f.is_relation and value is not None:
            if f.related_model is get_user_model():
                value = people.get(value, "Someone")
            elif f.related_model is Member:
                value = members.get(value, "Another member")
        elif f.choices and value not in (None, ""):
            value = str(dict(f.flatchoices).get(value, value))
        fields.append((f.name, str(f.verbose_name).capitalize(), _plain(value)))
    return Item(row["id"], fields, kind)


def apply_redactions(collection: Collection, redactions) -> Collection:
    """Mark each redacted field of the collection; ``Item.value`` then
    shows "[Removed: <reason>]" in its place."""
    by_item = defaultdict(dict)
    for r in redactions:
        by_item[(r.kind, r.item_id)][r.field] = r.reason
    for section in collection.sections:
        for item in section.items:
            item.removed = by_item.get((section.key, item.id), {})
    return collection
