"""The notification choices form. Checks live in ``rules`` (shared with the
service and the API); the service's errors land next to their fields."""

from __future__ import annotations

from django import forms

from notifications.models import Channel


def _time_field(label: str, example: str) -> forms.TimeField:
    """A time of day, typed as 21:00 (optional)."""
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": f"Enter a time, like {example}."},
    )


class PreferenceForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label="How should we tell you?",
        choices=[(c.value, c.label) for c in Channel if c != Channel.IN_APP],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="You always see them on your notifications page too.",
        error_messages={"invalid_choice": "Choose from e-mail or text message."},
    )
    sms_phone = forms.CharField(
        label="Mobile number for text messages",
        required=False,
        max_length=20,
        help_text="A UK mobile number, like 07700 900123.",
    )
    quiet_from = _time_field("Quiet hours start", "21:00")
    quiet_until = _time_field("Quiet hours end", "07:00")
    quiet_overnight = forms.BooleanField(
        label="Until the next morning",
        required=False,
        initial=True,
        help_text="For example 21:00 to 07:00. E-mails and texts wait until your quiet hours end.",
    )
    remind_day_before = forms.BooleanField(label="The day before a visit", required=False)
    remind_hour_before = forms.BooleanField(label="An hour before a visit", required=False)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "channels": ["in_app", *data["channels"]],
            "sms_phone": data["sms_phone"],
            "quiet_from": data["quiet_from"],
            "quiet_until": data["quiet_until"],
            "quiet_overnight": data["quiet_overnight"],
            "remind_day_before": data["remind_day_before"],
            "remind_hour_before": data["remind_hour_before"],
        }


class MemberPreferenceForm(PreferenceForm):
    """The same choices in a member's words (easy read)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = {
            "channels": ("How should we tell you?", "You can see your messages here too."),
            "sms_phone": ("Your mobile phone number", "Like 07700 900123."),
            "quiet_from": ("Quiet time starts", ""),
            "quiet_until": ("Quiet time ends", ""),
            "quiet_overnight": ("Quiet time goes on until the morning", ""),
            "remind_day_before": ("The day before", ""),
            "remind_hour_before": ("1 hour before", ""),
        }
        for name, (label, help_text) in words.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text
