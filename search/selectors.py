"""Search: the records a person already reaches that mention some words.

Each kind of record is read through its own app's selector of the rows the
person reaches (the same reach as its list and its page), and only when
their role holds that kind's permission, so search never widens what
anyone sees: another organisation's rows, a member out of reach and a
safeguarding concern outside its audience are simply not there.

The kinds are one ``UNION ALL`` query with the same columns (``COLUMNS``),
newest first or most relevant first, paginated by the database: a page and
the number of rows in all are one query (``one_page``), whatever the number
of rows, and the union is compiled once.

PostgreSQL: full-text search (the 'english' configuration, so "boilers"
finds "boiler"; the websearch syntax: "a phrase", ``or``, ``-word``), ranked
by ``ts_rank``. Contact notes, by far the most numerous, have a GIN index on
the very expression searched (``members/migrations/0011``). SQLite (the
embedded default): every word must appear in one of the kind's fields, in
any case.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat

from casework.selectors.appointments import appointments_for_viewer, visits_for_viewer
from casework.selectors.incidents import incidents_in_full
from casework.selectors.safeguarding import concerns_for_viewer
from casework.selectors.tasks import tasks_for_viewer
from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.policy import Permission, can
from members.models import Contact
from members.selectors import contacts_for_viewer, members_for_viewer
from support_plans.selectors.reach import (
    goals_in_reach,
    progress_notes_in_reach,
    risks_in_reach,
)

CONFIG = "english"
MAX_WORDS = 12
COLUMNS = (
    "s_kind",
    "s_id",
    "s_link",
    "s_member",
    "s_member_name",
    "s_network_name",
    "s_title",
    "s_when",
    "s_text",
    "s_rank",
)


@dataclass(frozen=True)
class Kind:
    """One kind of record: who may search it, the rows they reach, the
    fields searched (and shown in the snippet), and where its columns come
    from. Several ``Kind``s may share a ``key`` (a plan's goals, progress
    notes and risks are all "plan")."""

    key: str
    permission: Permission
    rows: Callable[[Actor], QuerySet]
    fields: tuple[str, ...]
    when: str
    member: str | None = "member_id"
    member_name: str | F | Coalesce | None = "member__full_name"
    network_name: str | F | Coalesce | None = "member__network__name"
    title: str | None = None
    link: str = "pk"
    about_member: tuple[str, ...] = ("member_id",)


# What each kind is called, and which page shows one (its ``s_link``).
LABELS = {
    "contact": "Contact note",
    "plan": "Support plan",
    "appointment": "Appointment",
    "visit": "Planned visit",
    "task": "Task",
    "incident": "Incident",
    "concern": "Safeguarding concern",
}
PAGES = {
    "contact": "members:detail",
    "plan": "plans:version",
    "appointment": "casework_appointments:appointment",
    "visit": "casework_appointments:visit",
    "task": "tasks:detail",
    "incident": "incidents:detail",
    "concern": "safeguarding:detail",
}

KINDS: tuple[Kind, ...] = (
    Kind(
        "contact",
        Permission.RECORD_CONTACTS,
        contacts_for_viewer,
        ("notes",),
        "happened_at",
        link="member_id",
    ),
    Kind(
        "plan",
        Permission.VIEW_PLANS,
        goals_in_reach,
        ("in_own_words",),
        "plan__created_at",
        member="plan__member_id",
        member_name="plan__member__full_name",
        network_name="plan__member__network__name",
        link="plan_id",
        about_member=("plan__member_id",),
    ),
    Kind(
        "plan",
        Permission.VIEW_PLANS,
        progress_notes_in_reach,
        ("text",),
        "written_at",
        member="goal__plan__member_id",
        member_name="goal__plan__member__full_name",
        network_name="goal__plan__member__network__name",
        link="goal__plan_id",
        about_member=("goal__plan__member_id",),
    ),
    Kind(
        "plan",
        Permission.VIEW_PLANS,
        risks_in_reach,
        ("risk", "what_could_go_well", "strategies", "who_helps"),
        "plan__created_at",
        member="plan__member_id",
        member_name="plan__member__full_name",
        network_name="plan__member__network__name",
        link="plan_id",
        about_member=("plan__member_id",),
    ),
    Kind(
        "appointment",
        Permission.RECORD_APPOINTMENTS,
        appointments_for_viewer,
        ("with_whom", "place", "companion_name", "notes"),
        "starts_at",
        title="with_whom",
    ),
    Kind(
        "visit",
        Permission.PLAN_VISITS,
        visits_for_viewer,
        ("purpose", "notes"),
        "starts_at",
        title="purpose",
    ),
    Kind(
        "task",
        Permission.WORK_ON_TASKS,
        tasks_for_viewer,
        ("title", "details"),
        "created_at",
        network_name=Coalesce("member__network__name", "network__name"),
        title="title",
    ),
    Kind(
        "incident",
        Permission.VIEW_INCIDENTS,
        incidents_in_full,
        ("place", "others_involved", "what_happened", "done_at_once", "review_findings"),
        "happened_at",
        member=None,
        member_name=None,
        network_name="network__name",
        about_member=("members",),
    ),
    Kind(
        "concern",
        Permission.RAISE_SAFEGUARDING,
        concerns_for_viewer,
        ("what_happened", "where", "done_at_once"),
        "raised_at",
        member_name=Coalesce("member__full_name", "other_person"),
        about_member=("member_id", "raised_by_member_id"),
    ),
)

KIND_CHOICES = list(LABELS.items())


@dataclass(frozen=True)
class Terms:
    """What was asked: the words, and the optional narrowing."""

    text: str
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    member_id: int | None = None
    order: str = "newest"  # or "relevance"


def words_of(text: str) -> list[str]:
    """The words to find (and to mark in a snippet): letters and digits,
    without the search syntax (quotes, ``or``, a leading ``-`` excludes)."""
    words = []
    for token in text.split():
        if token.startswith("-") or token.lower() == "or":
            continue
        word = re.sub(r"[^\w'-]", "", token).strip("'-")
        if word and word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def searchable_kinds(actor: Actor) -> list[str]:
    """The kinds ``actor`` may search, in the order they are offered."""
    allowed = {kind.key for kind in KINDS if can(actor, kind.permission)}
    return [key for key in LABELS if key in allowed]


def _text(fields: tuple[str, ...]):
    """The fields searched, one after another, for the snippet."""
    parts = []
    for field in fields:
        parts += [Coalesce(F(field), Value(""), output_field=TextField()), Value("\n")]
    if len(fields) == 1:
        return parts[0]
    return Concat(*parts[:-1], output_field=TextField())


def _column(source, output):
    if source is None:
        return Value(None, output_field=output)
    if isinstance(source, str):
        return F(source)
    return source


def _matching(kind: Kind, rows: QuerySet, terms: Terms, words: list[str]):
    """``rows`` narrowed to those mentioning the words, with their rank."""
    if connection.vendor == "postgresql":
        query = SearchQuery(terms.text, search_type="websearch", config=CONFIG)
        vector = SearchVector(*kind.fields, config=CONFIG)
        rows = rows.annotate(s_vector=vector).filter(s_vector=query)
        if terms.order == "relevance":
            return rows, SearchRank(vector, query)
        return rows, Value(0.0, output_field=FloatField())
    for word in words:
        rows = rows.filter(_any_field(kind.fields, word))
    return rows, Value(0.0, output_field=FloatField())


def _any_field(fields: tuple[str, ...], word: str) -> Q:
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": word})
    return found


def _narrowed(kind: Kind, rows: QuerySet, actor: Actor, terms: Terms) -> QuerySet:
    zone = local_zone(actor.organisation)
    if terms.date_from:
        start = datetime.datetime.combine(terms.date_from, datetime.time.min, tzinfo=zone)
        rows = rows.filter(**{f"{kind.when}__gte": start})
    if terms.date_to:
        end = datetime.datetime.combine(terms.date_to, datetime.time.max, tzinfo=zone)
        rows = rows.filter(**{f"{kind.when}__lte": end})
    if terms.member_id is not None:
        about = Q()
        for path in kind.about_member:
            about |= Q(**{path: terms.member_id})
        rows = rows.filter(about)
    return rows


def _part(kind: Kind, actor: Actor, terms: Terms, words: list[str]) -> QuerySet:
    rows = kind.rows(actor).order_by().prefetch_related(None)
    rows = _narrowed(kind, rows, actor, terms)
    rows, rank = _matching(kind, rows, terms, words)
    return rows.annotate(
        s_kind=Value(kind.key, output_field=CharField()),
        s_id=F("pk"),
        s_link=F(kind.link),
        s_member=_column(kind.member, IntegerField()),
        s_member_name=_column(kind.member_name, CharField()),
        s_network_name=_column(kind.network_name, CharField()),
        s_title=F(kind.title) if kind.title else Value("", output_field=CharField()),
        s_when=F(kind.when),
        s_text=_text(kind.fields),
        s_rank=rank,
    ).values(*COLUMNS)


def search_for_viewer(actor: Actor, terms: Terms) -> QuerySet:
    """The records ``actor`` reaches that mention ``terms.text``, as rows
    of ``COLUMNS``, newest first (or most relevant first), ready to be
    paginated. Empty when nothing was asked."""
    words = words_of(terms.text)
    allowed = set(searchable_kinds(actor))
    parts = [
        _part(kind, actor, terms, words)
        for kind in KINDS
        if kind.key in allowed and (not terms.kind or kind.key == terms.kind)
    ]
    if not words or not parts:
        return Contact.objects.none()
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    if terms.order == "relevance":
        return rows.order_by("-s_rank", "-s_when", "s_kind", "-s_id")
    return rows.order_by("-s_when", "s_kind", "-s_id")


def members_to_filter(actor: Actor) -> QuerySet:
    """The members a search may be narrowed to: those the person reaches."""
    return members_for_viewer(actor).select_related(None).only("pk", "full_name")


def one_page(rows: QuerySet, number: int, size: int) -> tuple[list[dict], int, int]:
    """Page ``number`` (from 1; a page past the last gives the last) of
    ``search_for_viewer``'s rows, ``size`` a page: the rows, how many rows
    there are in all, and the page's number.

    On PostgreSQL this is one query: Django's paginator would compile the
    nine-part union twice (for the count and for the page) and run it
    twice; here it is compiled once and wrapped, with ``COUNT(*) OVER ()``
    beside the page's rows. SQLite (the embedded default, where a search
    reads few rows) takes Django's paginator, whose conversions of dates
    it needs."""
    if rows.query.is_empty():
        return [], 0, 1
    if connection.vendor != "postgresql":
        page = Paginator(rows, size).get_page(number)
        return list(page.object_list), page.paginator.count, page.number
    ordering = rows.query.order_by
    sql, params = rows.order_by().query.sql_with_params()
    order = ", ".join(
        f"t.{connection.ops.quote_name(name.lstrip('-'))}"
        + (" DESC" if name.startswith("-") else " ASC")
        for name in ordering
    )
    # Only Django's own compiled SQL (its values stay in ``params``) and the
    # fixed column names of ``COLUMNS`` go into the text.
    wrapped = f"SELECT t.*, COUNT(*) OVER () FROM ({sql}) t ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
    number = max(number, 1)
    with connection.cursor() as cursor:
        cursor.execute(wrapped, [*params, size, (number - 1) * size])
        names = [column[0] for column in cursor.description][:-1]
        fetched = cursor.fetchall()
    if not fetched and number > 1:  # past the last page: read the last
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) t", params)  # noqa: S608
            total = cursor.fetchone()[0]
        return one_page(rows, max(1, -(-total // size)), size) if total else ([], 0, 1)
    total = fetched[0][-1] if fetched else 0
    return [dict(zip(names, row[:-1], strict=True)) for row in fetched], total, number
