"""The form renderer: Django's own, with selects written out in Python.

A select renders each of its options through two template includes, which
is slow when there are hundreds of them (a member to choose on the search
and caseload pages: about 16 ms a select at 300 members). Here a select
whose options are Django's plain ones is written out by ``select_html``
instead: the same markup, escaped the same way, without the templates.
Every other widget renders as Django renders it.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and _plain_options(context["widget"]):
            return select_html(context["widget"])
        return super().render(template_name, context, request=request)


def _plain_options(widget: dict) -> bool:
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def attrs_html(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"`` for each
    attribute, `` name`` alone for True, nothing for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> str:
    """``django/forms/widgets/select.html`` and its options, character for
    character."""
    parts = [format_html('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html('\n  <option value="{}"', str(option["value"]))
                + attrs_html(option["attrs"])
                + ">"
                + conditional_escape(option["label"])
                + "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))
