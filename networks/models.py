"""Networks: clusters of networks, networks and the ordinary homes in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import coordinate, optional_link, record_date, record_time, staff_link
from keyring_net.tables import ShownBy, once_in_organisation, org_index
from keyring_net.tenancy import OrgOwnedModel


class Cluster(ShownBy, OrgOwnedModel):
    """A support manager's group of networks."""

    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [once_in_organisation("name", name="cluster_name_unique")]


class Network(ShownBy, OrgOwnedModel):
    """About ten ordinary homes within walking distance: members in all but
    one, a Community Living Volunteer in the last."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        CLOSING = "closing", _("Closing")

    name = models.CharField(max_length=120)
    # The organisation's own reference for the network (see Member.reference):
    # how a second import finds it again.
    reference = models.CharField(max_length=50, blank=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="networks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    capacity = models.PositiveSmallIntegerField(
        default=10, help_text=_("How many members the network can support (typically 9 to 20).")
    )
    centre_latitude = coordinate()
    centre_longitude = coordinate()
    walking_threshold_minutes = models.PositiveSmallIntegerField(
        default=15, help_text=_("Homes further than this on foot are flagged.")
    )
    description = models.TextField(max_length=limits.NOTE, blank=True)
    started_on = record_date(optional=True)
    clv_home = optional_link(
        "networks.Home", on_delete=models.SET_NULL, verbose_name=_("CLV's home")
    )

    class Meta:
        ordering = ["name"]
        indexes = [org_index("cluster")]
        constraints = [
            once_in_organisation("name", name="network_name_unique"),
            once_in_organisation(
                "reference", name="network_reference_unique", condition=~models.Q(reference="")
            ),
        ]


class Home(OrgOwnedModel):
    """An ordinary home. The tenancy is in the member's own name and outlives
    their support, so a home is never deleted when support ends."""

    class Tenure(models.TextChoices):
        COUNCIL = "council", _("Council")
        HOUSING_ASSOCIATION = "housing_association", _("Housing association")
        PRIVATE_RENT = "private_rent", _("Private rent")
        OWNED = "owned", _("Owned")
        SHARED_OWNERSHIP = "shared_ownership", _("Shared ownership")

    network = optional_link(Network, "homes")
    # The organisation's own reference for the home (see Member.reference).
    reference = models.CharField(max_length=50, blank=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = coordinate()
    longitude = coordinate()
    tenure = models.CharField(max_length=20, choices=Tenure.choices)
    local_authority = optional_link("keyring_net.LocalAuthority")
    ward = models.CharField(max_length=100, blank=True)
    # Where the coordinates came from: typed in, the bundled table, or a
    # geocoding service.
    location_source = models.CharField(max_length=20, blank=True)
    # Lower case, single spaces: how duplicates are found.
    address_key = models.CharField(max_length=250, editable=False, default="")

    class Meta:
        ordering = ["address_line_1"]
        indexes = [org_index("network")]
        constraints = [
            once_in_organisation("address_key", "postcode", name="home_address_unique"),
            once_in_organisation(
                "reference", name="home_reference_unique", condition=~models.Q(reference="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address_line_1}, {self.postcode}"

    @staticmethod
    def address_key_for(address_line_1: str, address_line_2: str = "") -> str:
        """Two ways of typing one address give one key: "12  Chapel St" and
        "12 chapel st" match."""
        text = f"{address_line_1} {address_line_2}".lower().replace(",", " ")
        return " ".join(text.split())


class CommunityHub(ShownBy, OrgOwnedModel):
    """Where a network meets: a drop-in at a community centre, café or
    library, at set times."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="hubs")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = coordinate()
    longitude = coordinate()
    drop_in_times = models.CharField(
        max_length=200, blank=True, help_text=_("For example: Tuesdays, 2pm to 4pm.")
    )

    class Meta:
        ordering = ["name"]
        indexes = [org_index("network")]


class CommunityAsset(ShownBy, OrgOwnedModel):
    """A place or person in the neighbourhood that members can use: the
    library, a shopkeeper who keeps an eye out, a walking group."""

    class Category(models.TextChoices):
        SHOP = "shop", _("Shop")
        CAFE = "cafe", _("Café or pub")
        LIBRARY = "library", _("Library")
        LEARNING = "learning", _("Learning")
        WORK = "work", _("Work or volunteering")
        HEALTH = "health", _("Health")
        FAITH = "faith", _("Faith group")
        SPORT = "sport", _("Sport or exercise")
        CLUB = "club", _("Club or group")
        ADVICE = "advice", _("Advice and money help")
        TRANSPORT = "transport", _("Transport")
        PERSON = "person", _("A local person")
        OTHER = "other", _("Something else")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="assets")
    name = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=Category.choices)
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = coordinate()
    longitude = coordinate()
    opening_times = models.CharField(max_length=200, blank=True)
    contact = models.CharField(
        max_length=200, blank=True, help_text=_("A phone number, e-mail or who to ask for.")
    )
    # The place stays if the account of who introduced it is deleted.
    introduced_by = staff_link(optional=True, on_delete=models.SET_NULL)
    notes = models.TextField(max_length=limits.NOTE, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [org_index("network", "category")]


class HubEvent(ShownBy, OrgOwnedModel):
    """A drop-in, event or guest speaker at a hub."""

    shown_by = "title"

    class Kind(models.TextChoices):
        DROP_IN = "drop_in", _("Drop-in")
        EVENT = "event", _("Event")
        GUEST_SPEAKER = "guest_speaker", _("Guest speaker")

    hub = models.ForeignKey(CommunityHub, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EVENT)
    starts_at = record_time()
    ends_at = record_time(optional=True)
    speaker = models.CharField(max_length=150, blank=True)
    description = models.TextField(max_length=limits.NOTE, blank=True)
    # The event stays if the account of who runs it is deleted.
    run_by = staff_link(optional=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["starts_at"]
        indexes = [org_index("hub", "starts_at")]
