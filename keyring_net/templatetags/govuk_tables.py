"""GOV.UK tables.

``{% table_head "Homes in Levenshulme" "Address" "Tenancy" numeric="Homes" %}``:
the head of a table, its caption for screen readers only; headers named in
``numeric`` (comma-separated) line up on the right, as numbers do.

``{% columns "Visit" "Findings #" as visit_columns %}``: the columns of a
list table (templates/includes/list_table.html).
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("includes/table_head.html")
def table_head(caption: str, *headers: str, numeric: str = "") -> dict:
    right = {name.strip() for name in numeric.split(",") if name.strip()}
    return {"caption": caption, "headers": [(header, header in right) for header in headers]}


@register.simple_tag
def columns(*names: str) -> list[dict]:
    """The table's columns, by heading; a heading ending in " #" is a count,
    set to the right."""
    return [{"name": name.removesuffix(" #"), "numeric": name.endswith(" #")} for name in names]
