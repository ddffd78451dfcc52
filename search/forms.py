"""The search form (GET): the words, and what to narrow them to."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from keyring_net import limits
from keyring_net.clock import local_zone
from search.selectors import LABELS, Terms

FLOOR = [limits.NotBefore(limits.RECORD_DATE_FLOOR)]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERIODS = [
    ("", "Any time"),
    ("week", "The last 7 days"),
    ("last_month", "Last month"),
    ("days30", "The last 30 days"),
    ("year", "The last 12 months"),
]
ORDERS = [("newest", "Newest first"), ("relevance", "Most relevant first")]


def period_days(period: str, today: datetime.date) -> tuple[datetime.date | None, ...]:
    """The first and last day of a period ending today ("last month" is
    the calendar month before this one)."""
    if period == "week":
        return today - datetime.timedelta(days=6), today
    if period == "days30":
        return today - datetime.timedelta(days=29), today
    if period == "year":
        return today - datetime.timedelta(days=364), today
    if period == "last_month":
        end = today.replace(day=1) - datetime.timedelta(days=1)
        return end.replace(day=1), end
    return None, None


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Words to find",
        max_length=200,
        required=False,
        help_text='For example: boiler, or "housing officer". Put - before a word to leave it out.',
    )
    kind = forms.ChoiceField(label="Kind of record", required=False)
    period = forms.ChoiceField(label="When", choices=PERIODS, required=False)
    date_from = forms.DateField(label="From", required=False, widget=DATE, validators=FLOOR)
    date_to = forms.DateField(label="To", required=False, widget=DATE, validators=FLOOR)
    member = forms.IntegerField(label="Member", required=False, widget=forms.Select)
    order = forms.ChoiceField(label="Show", choices=ORDERS, required=False)

    def __init__(self, data=None, *, kinds: list[str], members, organisation=None):
        super().__init__(data)
        self.organisation = organisation
        self.fields["kind"].choices = [("", "Everything"), *((k, LABELS[k]) for k in kinds)]
        self.fields["member"].widget.choices = [("", "Anyone")]
        self.members = members

    def with_members(self) -> SearchForm:
        """Offer the members the person reaches (read when the form is
        shown, one query)."""
        self.fields["member"].widget.choices = [
            ("", "Anyone"),
            *((m.pk, m.full_name) for m in self.members),
        ]
        return self

    def clean_member(self):
        member = self.cleaned_data.get("member")
        if member is not None and not self.members.filter(pk=member).exists():
            raise forms.ValidationError("Choose a member from the list.")
        return member

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The last day must be on or after the first.")
        return data

    def terms(self) -> Terms | None:
        """What to search for, or None when nothing (valid) was asked."""
        if not self.is_valid() or not self.cleaned_data["q"].strip():
            return None
        data = self.cleaned_data
        start, end = data["date_from"], data["date_to"]
        if data["period"] and not (start or end):
            today = timezone.localdate(timezone=local_zone(self.organisation))
            start, end = period_days(data["period"], today)
        return Terms(
            text=data["q"].strip(),
            kind=data["kind"],
            date_from=start,
            date_to=end,
            member_id=data["member"],
            order=data["order"] or "newest",
        )
