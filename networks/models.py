"""Networks: clusters of networks, networks and the ordinary homes in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.tenancy import OrgOwnedModel


class Cluster(OrgOwnedModel):
    """A support manager's group of networks."""

    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="cluster_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Network(OrgOwnedModel):
    """About ten ordinary homes within walking distance: members in all but
    one, a Community Living Volunteer in the last."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        CLOSING = "closing", _("Closing")

    name = models.CharField(max_length=120)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="networks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    capacity = models.PositiveSmallIntegerField(
        default=10, help_text=_("How many members the network can support (typically 9 to 20).")
    )
    centre_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    centre_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    walking_threshold_minutes = models.PositiveSmallIntegerField(
        default=15, help_text=_("Homes further than this on foot are flagged.")
    )
    clv_home = models.ForeignKey(
        "networks.Home",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("CLV's home"),
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "cluster"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="network_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Home(OrgOwnedModel):
    """An ordinary home. The tenancy is in the member's own name and outlives
    their support, so a home is never deleted when support ends."""

    class Tenure(models.TextChoices):
        COUNCIL = "council", _("Council")
        HOUSING_ASSOCIATION = "housing_association", _("Housing association")
        PRIVATE_RENT = "private_rent", _("Private rent")
        OWNED = "owned", _("Owned")
        SHARED_OWNERSHIP = "shared_ownership", _("Shared ownership")

    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.PROTECT, related_name="homes"
    )
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    tenure = models.CharField(max_length=20, choices=Tenure.choices)
    local_authority = models.ForeignKey(
        "keyring_net.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["address_line_1"]
        indexes = [models.Index(fields=["organisation", "network"])]

    def __str__(self) -> str:
        return f"{self.address_line_1}, {self.postcode}"
