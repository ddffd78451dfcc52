"""The export page's form: what to export, and as which kind of file."""

from __future__ import annotations

from django import forms

from spreadsheets.models import ExportRecord
from spreadsheets.selectors.exports import EXPORTABLE

WHAT_CHOICES = [(what, ExportRecord.What(what).label) for what, _holds in EXPORTABLE]
FORMAT_CHOICES = [
    (ExportRecord.Format.XLSX, "Excel spreadsheet (.xlsx)"),
    (ExportRecord.Format.CSV, "CSV, for any spreadsheet program or another system"),
]


class ExportForm(forms.Form):
    what = forms.ChoiceField(
        label="What do you want to export?",
        choices=WHAT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to export.",
            "invalid_choice": "Choose what to export.",
        },
    )
    format = forms.ChoiceField(
        label="What kind of file?",
        choices=FORMAT_CHOICES,
        widget=forms.RadioSelect,
        initial=ExportRecord.Format.XLSX,
        error_messages={
            "required": "Choose the kind of file.",
            "invalid_choice": "Choose the kind of file.",
        },
    )
