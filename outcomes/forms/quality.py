"""Forms for quality checks. Errors in plain words, next to the field."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import STAFF_ROLES
from outcomes.forms.fields import day, one_of, words
from outcomes.forms.surveys import PICTURES
from outcomes.models import QualityFinding


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


def staff_of(organisation):
    """People with an active staff role in the organisation: who may own an
    action."""
    ids = RoleAssignment.objects.filter(
        organisation=organisation, role__in=list(STAFF_ROLES), ended_at__isnull=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


def checkers_of(organisation):
    ids = RoleAssignment.objects.filter(
        organisation=organisation, role=Role.QUALITY_CHECKER, ended_at__isnull=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


class CheckForm(forms.Form):
    network = one_of(
        "Network to visit",
        missing="Choose the network to visit.",
        wrong="Choose a network from the list.",
        empty_label="Choose a network",
    )
    checklist = one_of(
        "Checklist", missing="Choose a checklist.", wrong="Choose a checklist.", empty_label=None
    )
    visit_on = day("Day of the visit", missing="Enter the day of the visit.")
    checkers = one_of(
        "Quality checkers visiting",
        field=PeopleChoice,
        wrong="Choose checkers from the list.",
        widget=forms.CheckboxSelectMultiple,
    )
    other_checkers = words(
        "Other checkers (optional)",
        200,
        help_text="Names of checkers without a login, such as a visiting checker.",
    )

    def __init__(self, *args, networks, checklists, checkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["checklist"].queryset = checklists
        self.fields["checkers"].queryset = checkers


class FindingsForm(forms.Form):
    """A rating and a note for each item of the check's checklist, and a
    summary. Fields ``item_<id>_rating`` and ``item_<id>_note``."""

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(check.checklist.items.all())
        found = {f.item_id: f for f in check.findings.all()}
        for item in self.items:
            finding = found.get(item.pk)
            self.fields[f"item_{item.pk}_rating"] = forms.ChoiceField(
                label=item.text,
                choices=QualityFinding.Rating.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=finding.rating if finding else None,
                error_messages={"invalid_choice": "Choose good, okay or needs to get better."},
            )
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=f"What you saw and heard: {item.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=finding.note if finding else "",
            )
        self.fields["summary"] = forms.CharField(
            label="Summary of the visit",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=check.summary,
        )

    def rows(self):
        return [
            {
                "item": item,
                "rating": self[f"item_{item.pk}_rating"],
                "note": self[f"item_{item.pk}_note"],
            }
            for item in self.items
        ]

    def findings(self):
        from outcomes.services.quality import FindingInput

        return [
            FindingInput(
                item.pk,
                self.cleaned_data[f"item_{item.pk}_rating"],
                self.cleaned_data[f"item_{item.pk}_note"],
            )
            for item in self.items
            if self.cleaned_data.get(f"item_{item.pk}_rating")
        ]


class FindingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_rating_display()}: {obj.item.text if obj.item else obj.note[:60]}"


class ActionForm(forms.Form):
    text = words(
        "What needs to be done", limits.NOTE, missing="Write what needs to be done.", rows=3
    )
    finding = FindingChoice(
        label="About which finding (optional)",
        queryset=None,
        required=False,
        empty_label="Not about one finding",
    )
    owner = one_of(
        "Who will do it",
        field=PersonChoice,
        wrong="Choose someone from the list.",
        empty_label="Not decided yet",
    )
    due_on = day("Do it by (optional)")

    def __init__(self, *args, check, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = QualityFinding.objects.filter(
            organisation=check.organisation_id, visit=check
        ).select_related("item")
        self.fields["owner"].queryset = owners


class ActionDoneForm(forms.Form):
    follow_up = words(
        "What was done, and what changed",
        limits.NOTE,
        missing="Write what was done, and what changed.",
        rows=4,
    )
    done_on = day("Day it was done", help_text="Leave empty for today.")


class ChecklistForm(forms.Form):
    name = words("Name of the new checklist", 120, missing="Enter a name for the checklist.")


class ChecklistItemForm(forms.Form):
    text = words(
        "What the checkers look at",
        250,
        missing="Enter what the checkers look at.",
        help_text="In plain words, like: Members feel listened to.",
    )
    pictogram = forms.ChoiceField(label="Picture", choices=PICTURES, initial="look")
