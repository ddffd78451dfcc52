"""The columns of an outcomes list table (templates/outcomes/_table.html)."""

from django import template

register = template.Library()


@register.simple_tag
def columns(*names: str) -> list[dict]:
    """The table's columns, by heading; a heading ending in " #" is a count,
    set to the right."""
    return [{"name": name.removesuffix(" #"), "numeric": name.endswith(" #")} for name in names]
