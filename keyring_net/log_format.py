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
