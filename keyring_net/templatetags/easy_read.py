"""Template tags for easy-read pages."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from keyring_net.pictograms import ATTRIBUTION, PICTOGRAMS

register = template.Library()


@register.simple_tag
def pictogram(idea: str, size: int = 72) -> str:
    """The picture for ``idea``. Decorative (``alt=""``): the words beside it
    say the idea, so a screen reader does not hear it twice."""
    if idea not in PICTOGRAMS:
        raise template.TemplateSyntaxError(f"No pictogram for the idea {idea!r}.")
    return format_html(
        '<img class="easy-read__picture" src="{}" alt="" width="{}" height="{}">',
        static(f"pictograms/{idea}.svg"),
        size,
        size,
    )


@register.simple_tag
def pictogram_attribution() -> str:
    return ATTRIBUTION
