"""The search page for staff: ``/search/?q=...``."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from keyring_net.access import requires
from keyring_net.policy import Permission
from members.models import RecordAccess
from members.services.record import record_members_access
from search import selectors
from search.forms import SearchForm
from search.results import members_shown, results

PAGE_SIZE = 20


def _number(value: str | None) -> int:
    """The page asked for; the first when it is not a page number."""
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


@requires(Permission.SEARCH_RECORDS)
def search_page(request: HttpRequest) -> HttpResponse:
    """Records the person reaches that mention the words, 20 a page. The
    members whose records the page shows something of are logged as looked
    at (one insert); a concern is opened, and logged, from its own page."""
    actor = request.actor
    form = SearchForm(
        request.GET or None,
        kinds=selectors.searchable_kinds(actor),
        members=selectors.members_to_filter(actor),
        organisation=actor.organisation,
    )
    terms = form.terms()
    page, found = None, []
    if terms is not None:
        rows, total, number = selectors.one_page(
            selectors.search_for_viewer(actor, terms), _number(request.GET.get("page")), PAGE_SIZE
        )
        # A page of the paginator the template knows, over the count alone.
        page = Page(rows, number, Paginator(range(total), PAGE_SIZE))
        found = results(rows, selectors.words_of(terms.text))
        record_members_access(
            actor=actor, members=members_shown(found), channel=RecordAccess.Channel.PAGE
        )
    return render(
        request,
        "search/search.html",
        {
            "form": form.with_members(),
            "terms": terms,
            "page": page,
            "results": found,
            "query": request.GET.copy(),
        },
    )
