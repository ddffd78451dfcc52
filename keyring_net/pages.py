"""The one page for a form: a back link, a caption, a heading, the error
summary, the fields in house style and one button. Every app's form pages
use it (templates/form_page.html); a page that needs more below the form
extends the template and fills its ``after_form`` block."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_PAGE = "form_page.html"


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    button: str,
    back_url: str,
    caption: str = "",
    intro: str = "",
    hidden: dict[str, Any] | None = None,
    show_form: bool = True,
    template: str = FORM_PAGE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render ``form`` on the house form page.

    ``hidden`` adds hidden inputs (a value carried from the previous step);
    ``show_form=False`` shows only the heading and ``intro`` (nothing left to
    ask); ``extra`` goes to a template that extends this one.
    """
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "button": button,
            "back_url": back_url,
            "caption": caption,
            "intro": intro,
            "hidden": hidden or {},
            "show_form": show_form,
            **(extra or {}),
        },
    )
