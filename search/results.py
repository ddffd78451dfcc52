"""What a page of search results shows: each row's kind, who or where it is
about, its date, a short snippet with the words marked (the record's own
text escaped first), and the page that shows the record."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from search.selectors import LABELS, PAGES

SNIPPET = 160
# A concern's snippet stays short: its page (which logs each view) has the rest.
CONCERN_SNIPPET = 80
# Kinds whose rows show what is in a member's record, logged as a look at it.
IN_MEMBERS_RECORDS = {"contact", "plan", "appointment", "visit", "task"}


@dataclass(frozen=True)
class Result:
    kind: str
    label: str
    id: int
    url: str
    member_id: int | None
    member_name: str
    network_name: str
    when: datetime.datetime | None
    title: str
    snippet: str
    marked: SafeString


def _pattern(words: list[str]) -> re.Pattern | None:
    """Each word from the start of a word on, its ending loosened a little
    (as the 'english' stemmer does: "boilers", "visiting")."""
    stems = []
    for word in words:
        word = word.lower()
        stems.append(re.escape(word[: max(4, len(word) - 2)] if len(word) > 5 else word))
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def snippet(text: str, words: list[str], width: int = SNIPPET) -> tuple[str, SafeString]:
    """Up to ``width`` characters of ``text`` around its first match, as
    plain text and as safe HTML with each match in ``<mark>``."""
    text = " ".join((text or "").split())
    pattern = _pattern(words)
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > width // 3:
        start = text.rfind(" ", 0, found.start() - width // 3) + 1
    piece = text[start : start + width]
    if start + width < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    if start > 0:
        piece = "… " + piece
    if pattern is None:
        return piece, escape(piece)
    marked, last = [], 0
    for match in pattern.finditer(piece):
        marked.append(escape(piece[last : match.start()]))
        marked.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    marked.append(escape(piece[last:]))
    return piece, mark_safe("".join(str(part) for part in marked))  # each part escaped above


def results(rows, words: list[str]) -> list[Result]:
    """The rows of ``search_for_viewer`` (a page of them) as results."""
    found = []
    for row in rows:
        kind = row["s_kind"]
        width = CONCERN_SNIPPET if kind == "concern" else SNIPPET
        plain, marked = snippet(row["s_text"], words, width)
        found.append(
            Result(
                kind=kind,
                label=LABELS[kind],
                id=row["s_id"],
                url=reverse(PAGES[kind], args=[row["s_link"]]),
                member_id=row["s_member"],
                member_name=row["s_member_name"] or "",
                network_name=row["s_network_name"] or "",
                when=row["s_when"],
                title=row["s_title"] or "",
                snippet=plain,
                marked=marked,
            )
        )
    return found


def members_shown(found: list[Result]) -> list[int]:
    """The members whose records the results show something of (not a
    concern's: a member must not find in "who looked at my record" that a
    concern names them)."""
    return [r.member_id for r in found if r.kind in IN_MEMBERS_RECORDS and r.member_id]
