"""Forms for writing surveys. Errors in plain words, next to the field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from keyring_net import limits
from keyring_net.forms import apply_service_errors
from keyring_net.pictograms import PICTOGRAMS
from outcomes.forms.fields import day, words
from outcomes.models import SurveyQuestion
from outcomes.services.surveys import ChoiceInput, QuestionInput

PICTURES = [(name, label) for name, label in PICTOGRAMS.items()]
CHOICE_ROWS = 4


class SurveyForm(forms.Form):
    title = words(
        "Title",
        150,
        missing="Enter a title for the survey.",
        help_text="What staff call this survey.",
    )
    easy_read_title = words(
        "Title for members, in easy read",
        150,
        missing="Enter the title members see, in easy read.",
    )
    easy_read_intro = words(
        "A few words for members (optional)",
        limits.REASON,
        rows=3,
        help_text="Short sentences, one idea each. Say what the survey is for.",
    )
    allow_anonymous = forms.BooleanField(
        label="Members may answer without their name kept", required=False, initial=True
    )
    closes_on = day("Last day for answers (optional)")


class QuestionForm(forms.Form):
    text = words(
        "Question", 250, missing="Enter the question.", help_text="As staff see it in the results."
    )
    easy_read_text = words(
        "Question in easy read",
        250,
        missing="Enter the question in easy read: one short sentence.",
        help_text="One short sentence, 15 words or fewer.",
    )
    pictogram = forms.ChoiceField(label="Picture beside the question", choices=PICTURES)
    kind = forms.ChoiceField(
        label="How members answer",
        choices=SurveyQuestion.Kind.choices,
        widget=forms.RadioSelect,
        initial=SurveyQuestion.Kind.FACES,
        help_text="Faces gives five faces, from very happy to very sad.",
        error_messages={"required": "Choose how members answer."},
    )
    required = forms.BooleanField(label="Members must answer this question", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pictogram"].initial = "question"
        for n in range(1, CHOICE_ROWS + 1):
            self.fields[f"choice_{n}_label"] = forms.CharField(
                label=f"Picture answer {n} (for picture answers)",
                max_length=80,
                required=False,
            )
            self.fields[f"choice_{n}_pictogram"] = forms.ChoiceField(
                label=f"Picture for answer {n}", choices=PICTURES, initial="okay"
            )

    def question_input(self) -> QuestionInput:
        data = self.cleaned_data
        choices = tuple(
            ChoiceInput(data[f"choice_{n}_label"], data[f"choice_{n}_pictogram"])
            for n in range(1, CHOICE_ROWS + 1)
            if data.get(f"choice_{n}_label", "").strip()
        )
        return QuestionInput(
            text=data["text"],
            easy_read_text=data["easy_read_text"],
            kind=data["kind"],
            pictogram=data["pictogram"],
            required=data["required"],
            choices=choices,
        )

    def service_fields(self) -> dict:
        """What the service is given: the question, its choices gathered."""
        return {"question": self.question_input()}

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "choices" in error.error_dict:
            self.add_error("choice_1_label", error.message_dict["choices"][0])
            rest = {k: v for k, v in error.message_dict.items() if k != "choices"}
            if rest:
                apply_service_errors(self, ValidationError(rest), first_only=True)
            return
        apply_service_errors(self, error, first_only=True)


class NetworksForm(forms.Form):
    networks = forms.ModelMultipleChoiceField(
        label="Send it to the members of",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every active member of these networks is asked.",
        error_messages={
            "required": "Choose at least one network.",
            "invalid_choice": "Choose networks from the list.",
        },
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks
