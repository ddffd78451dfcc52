"""``/api/v1/search/``: the search page's results for other systems.

The same selector as the page (``search.selectors.search_for_viewer``), so
a record comes back only when its own list and page would show it to the
person calling. Not an ``OrgScopedViewSet``: the rows are several kinds in
one union, not one model's queryset to look rows up in, and there is no
row to fetch by id (each result names the page and API of its record)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView

from keyring_net.api.support import LARGEST_ID, Pagination
from keyring_net.policy import Permission, can
from members.models import RecordAccess
from members.services.record import record_members_access
from search import selectors
from search.forms import FLOOR, ORDERS
from search.results import members_shown, results


class SearchPermission(permissions.BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return can(request._request.actor, Permission.SEARCH_RECORDS)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text=(
            'The words to find. On PostgreSQL: "a phrase" in quotes, or, and -word to '
            "leave a word out; word endings are loosened (boilers finds boiler)."
        ),
    )
    kind = serializers.ChoiceField(
        choices=selectors.KIND_CHOICES,
        required=False,
        help_text="Only this kind of record.",
    )
    date_from = serializers.DateField(
        required=False, validators=FLOOR, help_text="From this day on (local time)."
    )
    date_to = serializers.DateField(
        required=False, validators=FLOOR, help_text="Up to and including this day."
    )
    member = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=LARGEST_ID,
        help_text="Only records about this member (a member out of reach finds nothing).",
    )
    order = serializers.ChoiceField(
        choices=ORDERS, required=False, help_text="newest (the default) or relevance."
    )

    def validate(self, data):
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": ["Give a day on or after date_from."]})
        return data


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=selectors.KIND_CHOICES)
    id = serializers.IntegerField(help_text="The record's id in its own API.")
    url = serializers.CharField(help_text="The page that shows the record.")
    member = serializers.IntegerField(
        source="member_id", allow_null=True, help_text="The member it is about, if one."
    )
    member_name = serializers.CharField(allow_blank=True)
    network_name = serializers.CharField(allow_blank=True)
    when = serializers.DateTimeField(allow_null=True, read_only=True)
    title = serializers.CharField(allow_blank=True)
    snippet = serializers.CharField(
        allow_blank=True, help_text="A short piece of the record's text around the words."
    )


class SearchPagination(Pagination):
    """The API's usual pages, read with ``selectors.one_page``: on
    PostgreSQL the count and the page are one query. A page past the last
    is refused as on every other list."""

    def paginate_queryset(self, queryset, request, view=None):
        size = self.get_page_size(request)
        asked = request.query_params.get(self.page_query_param) or "1"
        number = int(asked) if asked.isdigit() and len(asked) < 7 else 0
        rows, total, shown = selectors.one_page(queryset, max(number, 1), size)
        if shown != number:
            raise NotFound(self.invalid_page_message.format(page_number=asked))
        self.page = Page(rows, shown, Paginator(range(total), size))
        self.request = request
        return rows


class SearchView(GenericAPIView):
    """Records the caller reaches that mention the words: contact notes,
    plans (goals, progress, risks), appointments, planned visits, tasks,
    incidents and safeguarding concerns (only their audience's), newest
    first. The members whose records a page shows are logged as looked at."""

    permission_classes = [SearchPermission]
    serializer_class = SearchResultSerializer
    filter_backends = []
    pagination_class = SearchPagination

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses=SearchResultSerializer(many=True),
        operation_id="search_list",
    )
    def get(self, request):
        actor = request._request.actor
        asked = SearchQuerySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        terms = selectors.Terms(
            text=data["q"].strip(),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            member_id=data.get("member"),
            order=data.get("order") or "newest",
        )
        page = self.paginate_queryset(selectors.search_for_viewer(actor, terms))
        found = results(page, selectors.words_of(terms.text))
        record_members_access(
            actor=actor, members=members_shown(found), channel=RecordAccess.Channel.API
        )
        return self.get_paginated_response(SearchResultSerializer(found, many=True).data)
