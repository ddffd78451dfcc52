"""Forms of the outcomes dashboard and its cost model. Errors are plain
words next to the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms

from outcomes.forms.fields import day, words


class PeriodForm(forms.Form):
    """The dashboard's period: from and to, both included."""

    start = day(
        "From",
        missing="Enter the first day of the period.",
        not_a_day="Enter a real date, like 1 April 2026.",
    )
    end = day(
        "To",
        missing="Enter the last day of the period.",
        not_a_day="Enter a real date, like 31 March 2027.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The period must end on or after the day it starts.")
        elif start and end and (end - start).days > 366 * 5:
            self.add_error("end", "Choose a period of five years or less.")
        return data


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months, ending today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


class UnitCostForm(forms.Form):
    """One unit cost of the model and where it comes from."""

    amount = forms.DecimalField(
        label="Amount in pounds",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the amount in pounds, like 3665 or 3665.50.",
            "invalid": "Enter the amount in pounds, like 3665 or 3665.50.",
            "min_value": "The amount cannot be less than £0.",
            "max_digits": "Enter an amount under £100,000,000.",
            "max_whole_digits": "Enter an amount under £100,000,000.",
            "max_decimal_places": "Give pounds and pence only, like 3665.50.",
        },
    )
    source = words(
        "Where the figure comes from",
        300,
        missing="Say where the figure comes from.",
        too_long="Keep the source to 300 characters or fewer.",
        rows=2,
    )
