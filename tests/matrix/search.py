"""Role matrix entries for search.

Everyone who works with members searches (organisation admins, support
managers, CLVs, community enablers, connections volunteers); what each
finds is each kind of record's own reach (tests/test_search.py). Quality
checkers, members and commissioners are refused (403). The API with no
words is a 400, which the matrix counts as allowed.
"""

from tests.routes import only

SEARCHERS = ("org_admin", "support_manager", "clv", "community_enabler", "connections_volunteer")

MATRIX = {
    "search:page": {"GET": only(*SEARCHERS)},
    "api-search": {"GET": only(*SEARCHERS)},
}

# No URL arguments: search takes its words and filters in the query string.
OBJECT_KWARGS: dict = {}
