"""E-mail and text-message senders for tests that run a real worker
(``tests/worker_settings.py`` installs them).

Each message sent is written as a file in the directory named by
``WORKER_OUTBOX``, so the test, another process, can count what went out.
The first e-mail and the first text sent through a directory are then
held: the sender writes its process id to ``held-email`` (``held-sms``)
and waits. The test then knows a worker has
claimed a delivery and handed it to the provider but not yet recorded the
outcome, the moment a crash leaves in doubt; it kills that process there.
A held sender whose worker has gone stops too, recording nothing.

With ``WORKER_HOLD=claimed-email`` the worker instead holds the first
e-mail it has claimed before handing it to the provider
(``hold_before_hand_over``, installed as ``NOTIFICATIONS_BEFORE_HAND_OVER``),
writing ``held-claimed-email``, and sends the rest without holding.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from notifications.sms import SmsBackend, SmsResult

HOLD_AT_MOST = 120  # seconds; a test never waits this long


def _outbox() -> Path:
    return Path(os.environ["WORKER_OUTBOX"])


def _sent(channel: str, to: str, title: str) -> None:
    outbox = _outbox()
    name = f"{channel}-{uuid.uuid4().hex}"
    (outbox / f"{name}.tmp").write_text(f"{to}\n{title}\n")
    os.replace(outbox / f"{name}.tmp", outbox / f"{name}.sent")


def _hold_the_first(channel: str) -> None:
    if channel not in os.environ.get("WORKER_HOLD", "email,sms").split(","):
        return
    outbox = _outbox()
    try:
        os.close(os.open(outbox / f"gate-{channel}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return  # not the first: send without waiting
    parent = os.getppid()
    (outbox / "held.tmp").write_text(str(os.getpid()))
    os.replace(outbox / "held.tmp", outbox / f"held-{channel}")
    deadline = time.monotonic() + HOLD_AT_MOST
    while time.monotonic() < deadline:
        if os.getppid() != parent:
            os._exit(1)  # the worker this process served is gone: so is it
        time.sleep(0.05)
    os._exit(1)


def hold_before_hand_over(job) -> None:
    """Between claiming a delivery and handing it to the provider."""
    if job.channel == "email":
        _hold_the_first("claimed-email")


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            _sent("email", ",".join(message.to), message.subject)
            _hold_the_first("email")
        return len(email_messages)


class TextBackend(SmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        _sent("sms", to, body.partition("\n")[0])
        _hold_the_first("sms")
        return SmsResult(provider_id=f"outbox-{idempotency_key}")
