"""The cost model: the unit costs an organisation uses to estimate what its
networks cost and save."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.fields import staff_link, stamp
from keyring_net.tables import not_negative, once_in_organisation
from keyring_net.tenancy import OrgOwnedModel

__all__ = ["UnitCost"]


class UnitCost(OrgOwnedModel):
    """One editable unit cost of the organisation's cost model, with where
    the figure comes from. Defaults are in ``outcomes/costs.py``."""

    class Item(models.TextChoices):
        SUPPORT_PER_MEMBER_YEAR = "support_year", _("Support for one member for a year")
        INPATIENT_STAY = "inpatient_stay", _("A psychiatric inpatient stay of three weeks")
        HOMELESSNESS_EPISODE = "homelessness", _("An episode of homelessness")
        WEEKLY_VISITS_YEAR = (
            "weekly_visits_year",
            _("A year of weekly community psychiatric nurse or social worker visits"),
        )

    item = models.CharField(max_length=25, choices=Item.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    source = models.CharField(max_length=300)
    changed_by = staff_link(optional=True, on_delete=models.SET_NULL)
    changed_at = stamp()

    class Meta:
        ordering = ["item"]
        constraints = [
            once_in_organisation("item", name="one_unit_cost_per_item"),
            not_negative("amount", name="unit_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: £{self.amount}"
