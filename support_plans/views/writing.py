"""How the pages of stars and plans write a form through a service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from keyring_net.forms import apply_service_errors


def written(
    request, form, service: Callable, done: str | Callable[[object], str], to: str, **given
) -> HttpResponse | None:
    """Once ``form`` is valid, write it with ``service`` (the acting person,
    ``given`` and the form's fields: its ``service_fields()``, if it has
    them): then say ``done`` (or ``done(what was written)``) and go to
    ``to``. A form with problems, or one the service refuses (its words go
    next to the fields), gives None: the caller shows the form again."""
    if not form.is_valid():
        return None
    fields = form.service_fields() if hasattr(form, "service_fields") else form.cleaned_data
    try:
        row = service(actor=request.actor, **given, **fields)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, done(row) if callable(done) else done)
    return redirect(to)
