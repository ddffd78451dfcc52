"""The head of a GOV.UK table: its caption, for screen readers only, and a
row of column headers.

``{% table_head "Homes in Levenshulme" "Address" "Tenancy" numeric="Homes" %}``:
headers named in ``numeric`` (comma-separated) line up on the right, as
numbers do.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("includes/table_head.html")
def table_head(caption: str, *headers: str, numeric: str = "") -> dict:
    right = {name.strip() for name in numeric.split(",") if name.strip()}
    return {"caption": caption, "headers": [(header, header in right) for header in headers]}
