"""Log formatting that never writes personal data.

An exception's message can carry whatever the code was handling (a
member's support needs, a plan's words). In production, tracebacks are
logged as the exception's type and the code locations it passed through,
never its message or any values. ``DEBUG=true`` keeps Django's full
tracebacks for local work with demo data.
"""

from __future__ import annotations

import logging
import traceback

from django.core.exceptions import PermissionDenied


class SafeFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        exc_type, _exc, tb = ei
        frames = traceback.extract_tb(tb)
        lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
        name = exc_type.__qualname__ if exc_type else "Exception"
        return "Traceback (message withheld: it may hold personal data):\n" + "\n".join(
            [*lines, f"{exc_type.__module__}.{name}"]
        )

    def formatStack(self, stack_info: str) -> str:
        return ""


class RefusalsOnOneLine(logging.Filter):
    """A refused request (403) is logged as one line: "Forbidden (Permission
    denied): /path". Django's ``django.request`` logger attaches the
    ``PermissionDenied`` traceback, which says nothing the line does not and
    would bury real errors when someone tries many doors."""

    def filter(self, record: logging.LogRecord) -> bool:
        refused = getattr(record, "status_code", None) == 403
        if refused or (record.exc_info and isinstance(record.exc_info[1], PermissionDenied)):
            record.exc_info = None
            record.exc_text = None
        return True
