"""``{% documents_section "member" member %}``: the "Documents" part of a
record's page (members, volunteers, plans), with its list and an "Add a
document" link, shown only to those whose role may see them. One query."""

from __future__ import annotations

from django import template
from django.urls import reverse

from documents import selectors

register = template.Library()


@register.inclusion_tag("documents/section.html", takes_context=True)
def documents_section(context, kind: str, row) -> dict:
    actor = context["request"].actor
    entry = selectors.attachable(kind)
    if entry is None or row is None or not selectors.may_see(actor, entry):
        return {"shown": False}
    ids = {entry.url_kwarg: row.pk}
    return {
        "shown": True,
        "documents": list(selectors.documents_of(actor=actor, entry=entry, row=row)),
        "add_url": reverse(f"documents:{kind}-add", kwargs=ids)
        if selectors.may_attach(actor, entry)
        else "",
        "list_url": reverse(f"documents:{kind}-list", kwargs=ids),
        "label": entry.label,
    }
