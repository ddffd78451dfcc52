"""The import pages' forms: the file, and the match of its columns."""

from __future__ import annotations

from django import forms

from keyring_net.forms import HintedRadioSelect
from spreadsheets.models import ImportRun

SKIP = "-"

# What each kind of file holds, in plain words, under its choice.
KIND_HINTS = {
    ImportRun.Kind.MEMBERS: "One row a member: their reference, name, date of birth, network, "
    "and their home's address and postcode.",
    ImportRun.Kind.HOMES: "One row a home: its reference, address, postcode and network.",
    ImportRun.Kind.NETWORKS: "One row a network: its reference, name, cluster, status and "
    "number of places.",
    ImportRun.Kind.VOLUNTEERS: "One row a volunteer: their reference, name, e-mail, phone, role "
    "(CLV, community enabler or community connections volunteer), network, recruitment stage, "
    "DBS certificate number and dates, and the dates of the four courses everyone needs. "
    "Nobody gets a login or a role from an import.",
    ImportRun.Kind.STAFF: "One row a person: their name, e-mail, role, and where it applies "
    "(a cluster, a network or a council). New people are invited by e-mail once the import "
    "is applied.",
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportRun.Kind.choices,
        initial=ImportRun.Kind.MEMBERS,
        widget=HintedRadioSelect(hints={str(k): v for k, v in KIND_HINTS.items()}),
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
