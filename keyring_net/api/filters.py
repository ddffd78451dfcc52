"""The filters of the API's lists, declared as a table."""

from __future__ import annotations

import django_filters

# A filter by the model field's own choices (``status=CHOICES``).
CHOICES = object()


def _filter(model, name: str, how):
    if how is CHOICES:
        return django_filters.ChoiceFilter(choices=model._meta.get_field(name).choices)
    if isinstance(how, str):
        return django_filters.NumberFilter(field_name=how)
    return how


def row_filter(model, **filters) -> type[django_filters.FilterSet]:
    """The filters of a list of ``model``'s rows, by name: a path to an id
    (``network="network_id"``), ``CHOICES`` for one of the model's choice
    fields, or a filter. Ids are plain numbers, not model choices: a choice
    filter would query outside any organisation scope when the class is
    built."""
    declared = {name: _filter(model, name, how) for name, how in filters.items()}
    meta = type("Meta", (), {"model": model, "fields": list(declared)})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), {**declared, "Meta": meta})
