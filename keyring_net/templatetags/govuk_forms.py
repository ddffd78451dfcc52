"""Render Django form fields with GOV.UK Frontend markup.

``{% govuk_field form.email %}`` gives the label, hint, the error message in
plain words next to the field, and the widget with the right classes and
``aria-describedby``. What the person typed stays in the field on error,
because the widget renders the bound value.
"""

from __future__ import annotations

from django import forms, template

register = template.Library()

_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "radio": "govuk-radios__input",
    "file": "govuk-file-upload",
}


# Which template a widget takes, the first match winning (a multiple select
# is a select too, so it comes before it).
WIDGET_KINDS = (
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Textarea, "textarea"),
    (forms.SelectMultiple, "selectmultiple"),
    (forms.Select, "select"),
    (forms.ClearableFileInput | forms.FileInput, "file"),
)


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    return next((kind for types, kind in WIDGET_KINDS if isinstance(widget, types)), "input")


@register.inclusion_tag("includes/field.html")
def govuk_field(field: forms.BoundField, label_size: str = "s", width: str = "") -> dict:
    kind = widget_kind(field)
    css = _INPUT_CLASS.get(kind, "govuk-input")
    if kind in {"checkboxes", "radios"}:
        css = ""
    if field.errors and kind in {"input", "textarea", "select", "selectmultiple", "file"}:
        css += f" {css}--error"
    if width and kind == "input":
        css += f" govuk-input--width-{width}"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": css.strip()} if css.strip() else {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    options = []
    if kind in {"checkboxes", "radios"}:
        options = list(field.subwidgets)
    return {
        "field": field,
        "kind": kind,
        "widget": field.as_widget(attrs=attrs) if kind not in {"checkboxes", "radios"} else "",
        "options": options,
        "label_size": label_size,
    }
