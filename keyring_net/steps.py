"""How a page makes a change: a service called with what a form (or a
button) sent; a refusal shown where the person can fix it, success said
once, then on to the next page. Every app's pages make their changes
this way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from keyring_net.forms import apply_service_errors

Said = str | Callable[[Any], str]
Where = str | Callable[[Any], str]


class Change(NamedTuple):
    made: bool
    result: Any = None


def _words(said: Said, result) -> str:
    return said(result) if callable(said) else said


def change_from_form(request, form, change: Callable[[], Any], *, done: Said) -> Change:
    """When ``form`` is posted and valid, make ``change()`` (a service call)
    and say ``done`` (words, or words made from what the service returned).
    A refusal goes on the form, each error next to its field (a form that
    places them itself defines ``add_service_error``)."""
    if request.method != "POST" or not form.is_valid():
        return Change(False)
    try:
        result = change()
    except ValidationError as error:
        if hasattr(form, "add_service_error"):
            form.add_service_error(error)
        else:
            apply_service_errors(form, error)
        return Change(False)
    messages.success(request, _words(done, result))
    return Change(True, result)


def change_from_button(request, change: Callable[[], Any], *, done: Said) -> Change:
    """Make ``change()`` (a service call) for a button with no form: say
    ``done``, or the service's first reason for refusing."""
    try:
        result = change()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return Change(False)
    messages.success(request, _words(done, result))
    return Change(True, result)


def form_data(form) -> dict[str, Any]:
    """What a valid form gives its service: its ``service_fields()`` if it
    has them, else its cleaned data."""
    return form.service_fields() if hasattr(form, "service_fields") else form.cleaned_data


def saved(
    request,
    form,
    service: Callable[..., Any],
    *,
    done: Said,
    to: Where,
    **given: Any,
) -> HttpResponse | None:
    """When ``form`` is posted and valid, call ``service(actor=, **given,
    **the form's data)``, say ``done`` and go ``to`` (an address, or one made
    from what the service returned). Otherwise None: the caller shows the
    form again, with any refusal next to its fields."""
    made = change_from_form(
        request,
        form,
        lambda: service(actor=request.actor, **given, **form_data(form)),
        done=done,
    )
    if not made.made:
        return None
    return redirect(to(made.result) if callable(to) else to)
