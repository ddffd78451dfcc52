"""Forms for legal holds: putting one on a member, and lifting it."""

from __future__ import annotations

from django import forms

from keyring_net import limits


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member) -> str:
        return f"{member.full_name} ({member.reference})" if member.reference else member.full_name


class HoldForm(forms.Form):
    member = MemberChoice(
        label="Whose records to keep",
        queryset=None,
        empty_label="Choose a member",
        help_text="Members whose records are not on hold now.",
        error_messages={
            "required": "Choose whose records to keep.",
            "invalid_choice": "Choose a member from the list.",
        },
    )
    reason = forms.CharField(
        label="Why they must be kept",
        help_text="For example, a claim, an inquiry or a court case. Say who asked for it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.REASON,
        error_messages={"required": "Say why the records must be kept."},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why the hold can be lifted",
        help_text="Once lifted, records past their retention period are anonymised that night.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.REASON,
        error_messages={"required": "Say why the hold can be lifted."},
    )
