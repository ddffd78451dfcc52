"""What the bench loads, as whom, and how many queries each page makes."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

CALIBRATION = ("trivial", "one-query", "table")  # and the signed-in one-query views


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str  # calibration | dashboard | page | api | probe (reported, no target)
    login: str | None = None  # demo login label whose session (or token) is used
    token: bool = False

    @property
    def signed_in_base(self) -> str:
        """The calibration view signed in the same way as this page: the
        one-query view with the same login's session, or with an API token."""
        if self.login is None:
            return "one-query"
        return "one-query (token)" if self.token else f"one-query ({self.login})"


# Later features add their pages here.
PAGES: list[Page] = [
    Page("trivial", "/bench/trivial/", "calibration"),
    Page("one-query", "/bench/one-query/", "calibration"),
    Page("table", "/bench/table/", "calibration"),
    # The one-query view again, signed in: the cost every signed-in page
    # pays before its own work (the session, the person, their roles, the
    # organisation's row-level security grant). Signed-in pages and API
    # calls are measured against the one signed in as they are.
    Page("one-query (manager)", "/bench/one-query/", "calibration", login="manager"),
    Page("one-query (clv)", "/bench/one-query/", "calibration", login="clv"),
    Page("one-query (member)", "/bench/one-query/", "calibration", login="member"),
    Page("one-query (token)", "/bench/one-query/", "calibration", login="manager", token=True),
    # Opens a fresh database connection on purpose, to prove it can.
    Page("health (json)", "/health/?format=json", "probe"),
    Page("sign-in page", "/accounts/login/", "page"),
    Page("dashboard", "/dashboard/", "dashboard", login="manager"),
    Page("network page", "/networks/{network}/", "page", login="manager"),
    Page("member page", "/members/{member}/", "page", login="manager"),
    Page("members list", "/members/", "page", login="manager"),
    Page("network rota", "/networks/{network}/rota/", "page", login="manager"),
    Page("today (CLV)", "/today/", "page", login="clv"),
    Page("plan page", "/members/{member}/plan/", "page", login="manager"),
    Page("my plan (member)", "/my/plan/", "page", login="member"),
    Page("outcomes dashboard", "/outcomes/", "dashboard", login="manager"),
    Page("surveys", "/surveys/", "page", login="manager"),
    Page("open quality actions", "/quality-checks/actions/", "page", login="manager"),
    # Casework: the caseload, a CLV's own and a support manager's cluster.
    Page("caseload (CLV)", "/caseload/", "page", login="clv"),
    Page("caseload (manager)", "/caseload/", "page", login="manager"),
    Page("API tasks", "/api/v1/tasks/?state=open", "api", login="manager", token=True),
    # Search over 100,000 contact notes (scripts/bench/notes.py) and the
    # rest of the cluster's records: newest first, and most relevant first.
    Page("search (manager)", "/search/?q=boiler", "page", login="manager"),
    Page("search relevant", "/search/?q=boiler&order=relevance", "page", login="manager"),
    Page("API search", "/api/v1/search/?q=boiler", "api", login="manager", token=True),
    Page("API me", "/api/v1/me/", "api", login="manager", token=True),
    Page("API members", "/api/v1/members/", "api", login="manager", token=True),
]

SESSIONS_PER_LOGIN = 16


def keep_only(names: list[str]) -> bool:
    """Narrow ``PAGES`` to the calibration views and the pages whose name
    contains one of ``names`` (``--only``); whether any page matched."""
    wanted = [page for page in PAGES if any(n.lower() in page.name.lower() for n in names)]
    bases = {page.signed_in_base for page in wanted}
    calibration = [
        page
        for page in PAGES
        if page.kind == "calibration" and (page.name in CALIBRATION or page.name in bases)
    ]
    PAGES[:] = calibration + [page for page in wanted if page.kind != "calibration"]
    return len(PAGES) > len(calibration)


# A login label is the start of a demo e-mail address ("manager@..."); a
# label here stands for a family of addresses instead. The demo's CLVs are
# clv.<network>@...: "clv" is the first one made, the CLV of the support
# manager's first network (who has shifts, members and a visit going on).
LOGIN_PREFIXES = {"clv": "clv."}


def prepare_credentials() -> dict[str, dict[str, str]]:
    """A signed-in session and an API token for each demo login the pages use."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    django.setup()
    from keyring_net.api.tokens import api_token_create
    from keyring_net.models import User

    credentials = {}
    for label in {p.login for p in PAGES if p.login}:
        prefix = LOGIN_PREFIXES.get(label, f"{label}@")
        user = User.objects.filter(email__startswith=prefix).order_by("pk").first()
        if user is None:
            raise SystemExit(f"No demo login starts with {prefix!r}: is the demo seeded?")
        # One session per simulated person: many people, as in real use,
        # rather than one session shared by every connection.
        cookies = [_session_cookie(user) for _ in range(SESSIONS_PER_LOGIN)]
        _token, key = api_token_create(user=user, name="Benchmark")
        credentials[label] = {"cookie": cookies[0], "cookies": cookies, "token": key}
    return credentials


def _session_cookie(user) -> str:
    """A new signed-in session for ``user``, as its cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(3600)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def resolve_paths() -> None:
    """Fill ``{network}`` and ``{member}`` with the support manager's first
    network and one of its active members."""
    from keyring_net.actors import Actor
    from keyring_net.models import User
    from keyring_net.tenancy import organisation_scope
    from members.models import Member
    from networks.models import Network

    manager = User.objects.filter(email__startswith="manager@").order_by("pk").first()
    actor = Actor.for_user(manager)
    cluster_id = actor.assignments[0].cluster_id
    with organisation_scope(actor.organisation):
        network = Network.objects.filter(cluster_id=cluster_id).order_by("pk").first()
        member = Member.objects.filter(network=network, status="active").order_by("pk").first()
    values = {"network": network.pk, "member": member.pk}
    for index, page in enumerate(PAGES):
        PAGES[index] = replace(page, path=page.path.format(**values))


def headers_for(page: Page, credentials) -> dict[str, str]:
    if page.login is None:
        return {}
    if page.token:
        return {"Authorization": f"Token {credentials[page.login]['token']}"}
    return {"Cookie": credentials[page.login]["cookie"]}


def count_queries(credentials) -> dict[str, int]:
    """Each page's queries, counted in-process after one warming load."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        extra = {}
        for key, value in headers_for(page, credentials).items():
            if key == "Cookie":
                name, _, val = value.partition("=")
                client.cookies[name] = val
            else:
                extra[f"HTTP_{key.upper()}"] = value
        client.get(page.path, **extra)  # warm up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, **extra)
        if response.status_code != 200:
            raise SystemExit(f"{page.path} answered {response.status_code} before the load test")
        counts[page.name] = len(captured.captured_queries)
    return counts
