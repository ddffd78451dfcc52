"""Safe PDF rendering with WeasyPrint.

Rendering people's own words must never read local files or reach other
machines (WeasyPrint's security notes; PYSEC-2026-2610). The fetcher here
refuses everything except the app's own static files and ``data:`` URLs;
the page count is capped; the output is a tagged PDF/UA-1 (structure tree,
language), with real text.
"""

from __future__ import annotations

import mimetypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_PAGES = 24  # easy-read documents are split beyond 20-24 pages


class ReportTooLong(Exception):
    pass


class RenderTooSlow(Exception):
    pass


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``RenderTooSlow`` in the block once ``seconds`` have passed.

    WeasyPrint has no time limit of its own. This uses a real-time timer
    (SIGALRM), which only the main thread may set: Celery's prefork
    workers, gunicorn's sync workers, commands and tests all render there.
    Elsewhere (a thread) the block runs unlimited and the task's soft time
    limit is the backstop. ``None`` or 0: no limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise RenderTooSlow(f"It took longer than {seconds:g} seconds.")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if Path(settings.STATIC_ROOT).is_dir():
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Fetches only files under the static folders, and ``data:`` URLs.
    ``refused`` and ``fetched`` list what was asked, for tests and logs."""

    def __init__(self, **kwargs):
        super().__init__(allow_redirects=False, **kwargs)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
        if (
            path is None
            or not path.is_file()
            or not any(path.is_relative_to(root) for root in static_roots())
        ):
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url}: only the app's own static files.")
        self.fetched.append(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def render_pdf(
    html: str, *, max_pages: int = MAX_PAGES, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """HTML (from a template: autoescaped) to PDF bytes. Relative links
    resolve inside the static folder. Raises ``ReportTooLong`` past the cap."""
    return render_pdf_pages(html, max_pages=max_pages, fetcher=fetcher)[0]


def render_pdf_pages(
    html: str,
    *,
    max_pages: int = MAX_PAGES,
    fetcher: StaticOnlyFetcher | None = None,
    seconds: float | None = None,
) -> tuple[bytes, int]:
    """As ``render_pdf``, returning (PDF bytes, number of pages), and
    stopped with ``RenderTooSlow`` after ``seconds`` (see ``time_limit``)."""
    fetcher = fetcher or StaticOnlyFetcher()
    base = static_roots()[0].as_uri() + "/"
    with time_limit(seconds):
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            pdf_variant="pdf/ua-1"
        )
        if len(document.pages) > max_pages:
            raise ReportTooLong(f"{len(document.pages)} pages, more than {max_pages}.")
        return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
