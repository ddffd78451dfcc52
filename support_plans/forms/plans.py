"""Forms for stars and plans. Errors are plain words next to the field."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from members.forms import DATE, date_field
from support_plans.forms.fields import line, text_box
from support_plans.models import Action, CrisisPlan, PersonalBudget, RiskItem
from support_plans.services.readings import AreaAnswer


class ReadingForm(forms.Form):
    """A star reading: a score and the member's words for each area."""

    taken_on = date_field("Date", "Enter the date of the reading.")
    who_was_there = line("Who was there", 250)

    def __init__(self, *args, areas, stages, scale=(1, 10), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        stage_of = {n: s.name for s in stages for n in range(s.low, s.high + 1)}
        choices = [("", "Choose a score")] + [
            (str(n), f"{n}: {stage_of.get(n, '')}".rstrip(": "))
            for n in range(scale[0], scale[1] + 1)
        ]
        for area in areas:
            self.fields[f"score_{area.pk}"] = forms.TypedChoiceField(
                label=f"{area.name}: score",
                choices=choices,
                coerce=int,
                help_text=area.description,
                error_messages={"required": f"Choose a score for {area.name.lower()}."},
            )
            self.fields[f"words_{area.pk}"] = forms.CharField(
                label=f"{area.name}: in their own words",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"note_{area.pk}"] = forms.CharField(
                label=f"{area.name}: worker's note (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        self.fields["taken_on"].initial = timezone.localdate()

    def service_fields(self) -> dict:
        """What the reading service takes from the form."""
        data = self.cleaned_data
        answers = [
            AreaAnswer(
                area.pk, data[f"score_{area.pk}"], data[f"words_{area.pk}"], data[f"note_{area.pk}"]
            )
            for area in self.areas
        ]
        return {
            "taken_on": data["taken_on"],
            "answers": answers,
            "who_was_there": data["who_was_there"],
        }

    def area_rows(self):
        return [
            (area, self[f"score_{area.pk}"], self[f"words_{area.pk}"], self[f"note_{area.pk}"])
            for area in self.areas
        ]


class GoalForm(forms.Form):
    in_own_words = text_box(
        "The goal, in the member's own words", "Write the goal in the member's own words."
    )
    area = forms.ModelChoiceField(
        label="Part of the star (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["text", "term", "who", "who_name", "by_when"]
        labels = {
            "text": "What will happen",
            "who_name": "Their name (optional)",
            "by_when": "By when (optional)",
            "who": "Who does it",
        }
        widgets = {"by_when": DATE, "text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "text": {"required": "Write what will happen."},
            "who": {"required": "Choose who does it."},
        }


class ProgressForm(forms.Form):
    text = text_box("Progress", "Write what has happened.")


class BudgetForm(forms.ModelForm):
    class Meta:
        model = PersonalBudget
        fields = ["amount", "period", "pays_for", "managed_as"]
        labels = {
            "amount": "Amount (£)",
            "pays_for": "What it pays for",
            "managed_as": "Who manages it",
        }
        widgets = {"pays_for": forms.Textarea(attrs={"rows": 2}), "managed_as": forms.RadioSelect}
        error_messages = {
            "amount": {
                "required": "Enter the amount.",
                "invalid": "Enter an amount, like 120 or 85.50.",
            }
        }


class RiskForm(forms.ModelForm):
    class Meta:
        model = RiskItem
        fields = ["risk", "what_could_go_well", "strategies", "who_helps"]
        labels = {
            "risk": "The risk",
            "strategies": "What they chose to do",
            "who_helps": "Who helps (optional)",
        }
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("risk", "what_could_go_well", "strategies")
        }
        error_messages = {
            "risk": {"required": "Describe the risk."},
            "what_could_go_well": {"required": "Say what could go well."},
            "strategies": {"required": "Say what they chose to do."},
        }


class CrisisForm(forms.ModelForm):
    class Meta:
        model = CrisisPlan
        fields = CrisisPlan.PARTS
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in CrisisPlan.PARTS}
