"""The import pages' forms: the file, and the match of its columns."""

from __future__ import annotations

from django import forms

from spreadsheets.models import ImportRun

SKIP = "-"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportRun.Kind.choices,
        initial=ImportRun.Kind.MEMBERS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="The file",
        help_text="A CSV file or an Excel workbook (.xlsx), 20 MB at most, with the column "
        "names in its first row.",
        error_messages={
            "required": "Choose the file to import.",
            "empty": "The file is empty. Choose the file with your records in it.",
        },
    )


class MatchForm(forms.Form):
    """One choice a column: the field it fills, or not imported. A column
    whose header matched nothing must be decided before the check runs."""

    def __init__(self, *args, run: ImportRun, fields, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a field"), (SKIP, "Do not import this column")]
        choices += [(f.name, f.label) for f in fields]
        for index, header in enumerate(run.headers):
            matched = run.columns[index] if index < len(run.columns) else ""
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column {index + 1}: {header or '(no name)'}",
                choices=choices,
                initial=matched or ("" if header else SKIP),
                error_messages={
                    "required": f"We could not match the column {header!r}. Choose the field "
                    "it fills, or do not import it."
                },
            )

    def columns(self) -> list[str]:
        values = [self.cleaned_data[name] for name in self.fields]
        return ["" if value == SKIP else value for value in values]
