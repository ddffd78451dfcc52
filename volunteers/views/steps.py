"""The two ways a volunteers page changes something, written once: a form
whose sending calls a service, and a button that does one thing.

Either way the service decides; what stops it is shown in its own plain
words (next to the field on a form, as a message after a button), and what
was done is said in a message on the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from keyring_net.forms import apply_service_errors

Said = str | Callable[[Any], str]


def _say(request: HttpRequest, done: Said, result) -> None:
    messages.success(request, done(result) if callable(done) else done)


def form_sent(
    request: HttpRequest, form, change: Callable[[], Any], done: Said
) -> tuple[bool, Any]:
    """When the form was sent and is valid, make the change and say so
    (``done``, or ``done(what the change returned)``): ``(True, result)``.
    Otherwise ``(False, None)``, and the form shows what is wrong: each of
    the service's errors next to its field (a form whose fields are named
    otherwise maps the service's names to them in ``ERRORS``)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        result = change()
    except ValidationError as error:
        apply_service_errors(form, error, rename=getattr(form, "ERRORS", None))
        return False, None
    _say(request, done, result)
    return True, result


def button_pressed(
    request: HttpRequest, change: Callable[[], Any], done: Said, *, level=messages.error
) -> None:
    """Make the change a button asks for and say so; when the service
    refuses, show why (as an error unless ``level`` says otherwise)."""
    try:
        result = change()
    except ValidationError as error:
        level(request, " ".join(error.messages))
    else:
        _say(request, done, result)
