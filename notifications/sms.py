"""Sending text messages: our own ``SmsBackend`` interface, with a console
sender (the offline default), an in-memory one for tests and one real
provider adapter (Twilio's Messages REST API over plain HTTPS).

``SMS_BACKEND`` (setting and environment variable) names the class:

* ``notifications.sms.ConsoleSmsBackend`` (default): logs the message;
* ``notifications.sms.LocmemSmsBackend``: keeps messages in ``outbox``;
* ``notifications.sms.TwilioSmsBackend``: needs ``TWILIO_ACCOUNT_SID``,
  ``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM`` (a number or a messaging
  service SID).

GOV.UK Notify is open only to public bodies; a council-run deployment could
add an adapter through the same interface.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider refused or could not be reached. ``permanent`` errors
    (a number the provider will never accept) are not worth retrying."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class SmsBackend:
    """Send one message to one UK mobile number (``+447...``). Returns the
    provider's id for it; raises ``SmsError``. ``idempotency_key`` is ours
    (the delivery), for providers that accept one."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        logger.info("SMS to %s (%s): %s", to, idempotency_key, body)
        return SmsResult(provider_id=f"console-{idempotency_key}")


class LocmemSmsBackend(SmsBackend):
    """Tests: messages kept in ``LocmemSmsBackend.outbox``."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        LocmemSmsBackend.outbox.append({"to": to, "body": body, "key": idempotency_key})
        return SmsResult(provider_id=f"locmem-{len(LocmemSmsBackend.outbox)}")


# (url, form fields, headers) -> (HTTP status, response body). Tests replace
# only this: the outside world.
Transport = Callable[[str, dict[str, str], dict[str, str]], tuple[int, bytes]]


def urllib_transport(
    url: str, fields: dict[str, str], headers: dict[str, str]
) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, TimeoutError) as error:
        raise SmsError(f"Could not reach the text message service: {error}") from error


class TwilioSmsBackend(SmsBackend):
    """Twilio's ``POST /2010-04-01/Accounts/{sid}/Messages.json``."""

    api = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"

    def __init__(self, transport: Transport | None = None):
        self.sid = getattr(settings, "TWILIO_ACCOUNT_SID", "")
        self.token = getattr(settings, "TWILIO_AUTH_TOKEN", "")
        self.sender = getattr(settings, "TWILIO_FROM", "")
        if not (self.sid and self.token and self.sender):
            raise ImproperlyConfigured(
                "SMS_BACKEND is Twilio: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM."
            )
        self.transport = transport or urllib_transport

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        fields = {"To": to, "Body": body}
        fields["MessagingServiceSid" if self.sender.startswith("MG") else "From"] = self.sender
        auth = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        status, content = self.transport(
            self.api.format(sid=self.sid),
            fields,
            {"Authorization": f"Basic {auth}", "Accept": "application/json"},
        )
        try:
            answer = json.loads(content or b"{}")
        except ValueError:
            answer = {}
        if status in (200, 201) and answer.get("sid"):
            return SmsResult(provider_id=answer["sid"])
        message = answer.get("message") or f"HTTP {status}"
        # 4xx other than 429 (too many requests) will not get better by retrying.
        raise SmsError(
            f"Twilio refused the message: {message}",
            permanent=400 <= status < 500 and status != 429,
        )


def get_sms_backend() -> SmsBackend:
    path = getattr(settings, "SMS_BACKEND", "notifications.sms.ConsoleSmsBackend")
    try:
        backend_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"SMS_BACKEND {path!r} cannot be imported.") from error
    return backend_class()
