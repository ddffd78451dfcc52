"""How member pages save a form through a service: the service's refusals
go next to the fields they are about, and a page about one member returns
to that member's page once saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from keyring_net.forms import apply_service_errors
from keyring_net.pages import form_page
from members.models import Member


def saved(form, call: Callable[[], Any]) -> Any:
    """What ``call()`` (a service given the form's data) returns, or None
    when the service refuses: its errors are then on the form."""
    try:
        return call()
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


def member_url(member: Member) -> str:
    return reverse("members:detail", kwargs={"member_id": member.pk})


def member_form_page(
    request: HttpRequest,
    member: Member,
    form,
    service: Callable[..., Any],
    *,
    title: str,
    done: str | Callable[[Any], str],
    button: str = "Save",
    hidden: dict[str, Any] | None = None,
) -> HttpResponse:
    """A page with one form about ``member``. A valid form goes to
    ``service(actor=, member=, **its data)``; once saved, the member's page
    says ``done`` (or ``done(what the service returned)``)."""
    if request.method == "POST" and form.is_valid():
        result = saved(
            form, lambda: service(actor=request.actor, member=member, **form.cleaned_data)
        )
        if result is not None:
            messages.success(request, done if isinstance(done, str) else done(result))
            return redirect(member_url(member))
    return form_page(
        request,
        form,
        title=title,
        button=button,
        back_url=member_url(member),
        caption=member.full_name,
        hidden=hidden,
    )
