"""The form for a star: its name and scale, then a row for each journey
stage and each area. Blank rows are left out; what was typed stays in the
fields when something is wrong, with the message next to the field."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from keyring_net.pictograms import PICTOGRAMS
from support_plans.forms.fields import line, text_box
from support_plans.models import StarTemplate
from support_plans.services.templates import (
    MAX_AREAS,
    AreaInput,
    StageInput,
    template_problems,
)
from support_plans.stars import DEFAULT_STAGES

WHOLE_NUMBER = "Enter a whole number, like 4."
STAGE_FIELDS = ("name", "easy_read_name", "low", "high")
AREA_FIELDS = ("name", "easy_read_name", "description", "pictogram")
MAX_STAGES = 10


def _number(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"invalid": WHOLE_NUMBER},
        **kwargs,
    )


@dataclass(frozen=True)
class StageRow:
    number: int
    name: forms.BoundField
    easy_read_name: forms.BoundField
    low: forms.BoundField
    high: forms.BoundField


@dataclass(frozen=True)
class AreaRow:
    number: int
    name: forms.BoundField
    easy_read_name: forms.BoundField
    description: forms.BoundField
    pictogram: forms.BoundField
    picture: str  # the idea to show beside the choice ("" for an empty row)


def rows_for(template: StarTemplate | None) -> tuple[int, int]:
    """How many stage and area rows the form has: room for a few more than
    the star has now."""
    if template is None:
        return len(DEFAULT_STAGES) + 2, 12
    stages = len(template.stages.all())
    areas = len(template.areas.all())
    return min(MAX_STAGES, max(stages + 2, 6)), min(MAX_AREAS, max(areas + 3, 12))


def initial_for(template: StarTemplate | None) -> dict:
    """The form's starting values: the star as it is, or for a new star the
    scale 1 to 10 with the usual five stages."""
    if template is None:
        initial = {"scale_min": 1, "scale_max": 10}
        stages = [
            {"name": n, "easy_read_name": e, "low": lo, "high": hi}
            for n, e, lo, hi in DEFAULT_STAGES
        ]
        areas = []
    else:
        initial = {
            "name": template.name,
            "description": template.description,
            "scale_min": template.scale_min,
            "scale_max": template.scale_max,
        }
        stages = [
            {"name": s.name, "easy_read_name": s.easy_read_name, "low": s.low, "high": s.high}
            for s in template.stages.all()
        ]
        areas = [
            {
                "name": a.name,
                "easy_read_name": a.easy_read_name,
                "description": a.description,
                "pictogram": a.pictogram,
            }
            for a in template.areas.all()
        ]
    for index, stage in enumerate(stages):
        initial.update({f"stage_{index}_{k}": v for k, v in stage.items()})
    for index, area in enumerate(areas):
        initial.update({f"area_{index}_{k}": v for k, v in area.items()})
    return initial


class StarTemplateForm(forms.Form):
    name = line(
        "Name of the star",
        120,
        "Enter a name for the star.",
        too_long="Keep the name to 120 characters or fewer.",
    )
    description = text_box("What it is for (optional)")
    scale_min = _number("Lowest score")
    scale_max = _number("Highest score")

    def __init__(self, *args, organisation, template=None, stage_rows, area_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.template = template
        self.stage_count = stage_rows
        self.area_count = area_rows
        for i in range(stage_rows):
            self.fields[f"stage_{i}_name"] = line("Stage", 60)
            self.fields[f"stage_{i}_easy_read_name"] = line("Easy-read name", 60)
            self.fields[f"stage_{i}_low"] = _number("From score")
            self.fields[f"stage_{i}_high"] = _number("To score")
        choices = [(idea, label) for idea, label in PICTOGRAMS.items()]
        for i in range(area_rows):
            self.fields[f"area_{i}_name"] = line("Area", 80)
            self.fields[f"area_{i}_easy_read_name"] = line("Easy-read name", 80)
            self.fields[f"area_{i}_description"] = line("Short description (optional)", 250)
            self.fields[f"area_{i}_pictogram"] = forms.ChoiceField(
                label="Picture",
                choices=choices,
                initial="star",
                required=False,
                error_messages={"invalid_choice": "Choose a picture from the list."},
            )
        for name, field in self.fields.items():
            if name != "name" and isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"Keep this to {field.max_length} characters or fewer."
                )
        # Messages about the stages or the areas as a whole, shown above them.
        self.section_errors: dict[str, str] = {}

    # Rows -------------------------------------------------------------------------------------

    def stage_rows(self) -> list[StageRow]:
        return [
            StageRow(i + 1, *(self[f"stage_{i}_{f}"] for f in STAGE_FIELDS))
            for i in range(self.stage_count)
        ]

    def area_rows(self) -> list[AreaRow]:
        rows = []
        for i in range(self.area_count):
            picture = self[f"area_{i}_pictogram"].value()
            named = self[f"area_{i}_name"].value()
            rows.append(
                AreaRow(
                    i + 1,
                    *(self[f"area_{i}_{f}"] for f in AREA_FIELDS),
                    picture if named and picture in PICTOGRAMS else "",
                )
            )
        return rows

    def _value(self, name: str):
        """The cleaned value, or None when the field had an error."""
        return self.cleaned_data.get(name) if not self.has_error(name) else None

    def _filled(self, prefix: str, fields) -> bool:
        return any(
            self.has_error(f"{prefix}_{f}") or self._value(f"{prefix}_{f}") not in (None, "")
            for f in fields
        )

    def stages(self) -> list[StageInput]:
        """The stages typed in, blank rows left out."""
        return [
            StageInput(
                name=self._value(f"stage_{i}_name") or "",
                easy_read_name=self._value(f"stage_{i}_easy_read_name") or "",
                low=self._value(f"stage_{i}_low"),
                high=self._value(f"stage_{i}_high"),
                row=i,
            )
            for i in range(self.stage_count)
            if self._filled(f"stage_{i}", STAGE_FIELDS)
        ]

    def areas(self) -> list[AreaInput]:
        """The areas typed in, in order, blank rows left out (the picture
        alone does not make a row)."""
        return [
            AreaInput(
                name=self._value(f"area_{i}_name") or "",
                easy_read_name=self._value(f"area_{i}_easy_read_name") or "",
                description=self._value(f"area_{i}_description") or "",
                pictogram=self._value(f"area_{i}_pictogram") or "star",
                row=i,
            )
            for i in range(self.area_count)
            if self._filled(f"area_{i}", ("name", "easy_read_name", "description"))
        ]

    def clean(self):
        cleaned = super().clean()
        problems = template_problems(
            organisation=self.organisation,
            template=self.template,
            name=cleaned.get("name") or "",
            scale_min=self._value("scale_min"),
            scale_max=self._value("scale_max"),
            stages=self.stages(),
            areas=self.areas(),
        )
        self.add_problems(problems)
        return cleaned

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put each message next to its field (one per field: the first is
        the one to fix); those about all the stages or all the areas go
        above them, and in the summary."""
        for field, message in problems.items():
            if field in self.fields:
                if not self.has_error(field):
                    self.add_error(field, message)
                continue
            if field in ("stages", "areas"):
                self.section_errors[field] = message
            self.add_error(None, message)

    def service_fields(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "description": self.cleaned_data["description"],
            "scale_min": self.cleaned_data["scale_min"],
            "scale_max": self.cleaned_data["scale_max"],
            "stages": self.stages(),
            "areas": self.areas(),
        }
