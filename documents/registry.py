"""What a document can be attached to, registered by the apps above.

Documents sits low in the layers (beside notifications) and never imports
the apps whose records it holds files for. Each of them registers its kind
of record from its ``AppConfig.ready()``::

    attach_to(
        "member",
        label="member",
        url_kwarg="member_id",
        in_reach=members_for_viewer,           # actor -> the rows they reach
        view_permission=Permission.VIEW_DOCUMENTS,
        attach_permission=Permission.RECORD_CONTACTS,
        link=lambda member: reverse("members:detail", args=[member.pk]),
        looked_at=record_member_looked_at,     # optional: actor, row, channel
        listed=record_members_listed,          # optional: actor, row ids, channel
    )

A document is then found exactly as the row it is attached to: a row the
person does not reach (another organisation's, or out of their reach) makes
its documents "not found" (404) on every route; a row in reach whose
documents the person's role may not see is "forbidden" (403). Registering
twice (Django may call ``ready()`` again in tests) keeps one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from keyring_net.actors import Actor
from keyring_net.policy import Permission


@dataclass(frozen=True)
class Attachable:
    """One kind of record documents can be attached to."""

    kind: str
    label: str
    url_kwarg: str
    in_reach: Callable[[Actor], QuerySet]
    view_permission: Permission
    attach_permission: Permission
    link: Callable[[Any], str]
    # Called when someone opens or downloads a document attached to a row
    # (``channel``: "page" or "api"): members logs "who looked at my record".
    looked_at: Callable[[Actor, Any, str], None] | None = None
    # Called once for a list of documents, with the ids of this kind's rows
    # it shows (``channel`` as above): members logs each member as seen in a
    # list, in one insert, so a list's queries do not grow with its rows.
    listed: Callable[[Actor, list[int], str], None] | None = None
    # The row's name where a page shows what a document is attached to.
    name: Callable[[Any], str] = str


_kinds: dict[str, Attachable] = {}


def attach_to(kind: str, **details: Any) -> None:
    """Let documents be attached to rows of ``kind`` (see the module's words)."""
    _kinds[kind] = Attachable(kind=kind, **details)


def attachable(kind: str) -> Attachable | None:
    return _kinds.get(kind)


def kinds() -> dict[str, Attachable]:
    return dict(_kinds)
