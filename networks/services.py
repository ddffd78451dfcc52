"""State changes for networks: clusters, networks (with the capacity
check), homes (with the walking check), hubs, community places and hub
events. Each takes the acting person."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.models import LocalAuthority
from keyring_net.policy import Permission, can
from networks.geo.geocoders import GeocoderUnavailable, Place, get_geocoder
from networks.geo.postcodes import PostcodeError, is_valid_postcode, normalise_postcode
from networks.geo.walking import WalkReport, walk_report
from networks.models import Cluster, CommunityAsset, CommunityHub, Home, HubEvent, Network
from networks.selectors import clusters_for_viewer, places_taken


@dataclass
class HomeDetails:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    tenure: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


HOME_DETAILS = tuple(field.name for field in fields(HomeDetails))


def home_details_of(home: Home) -> dict:
    """A home's current details, by name (to fill a form or to change some)."""
    return {name: getattr(home, name) for name in HOME_DETAILS}


def locate_home(details: HomeDetails) -> Place | None:
    """Coordinates typed in win; otherwise the geocoder's. Raises
    ``ValidationError`` on the postcode field when neither is known."""
    if details.latitude is not None and details.longitude is not None:
        return None  # typed in: nothing to look up
    try:
        place = get_geocoder().locate(details.postcode)
    except GeocoderUnavailable:
        raise ValidationError(
            {
                "postcode": "We could not look up postcodes just now. "
                "Type the home's latitude and longitude, or try again later."
            }
        ) from None
    if place is None:
        raise ValidationError(
            {
                "postcode": "We could not find this postcode. Check it, or type the home's "
                "latitude and longitude."
            }
        )
    return place


def walk_report_for(
    *, network: Network, latitude, longitude, exclude_home: Home | None = None
) -> WalkReport:
    """How far a place is on foot from the network's other homes and the CLV's."""
    others = []
    for home in Home.objects.filter(organisation=network.organisation_id, network=network):
        if exclude_home is not None and home.pk == exclude_home.pk:
            continue
        others.append(
            (
                str(home.address_line_1),
                home.latitude,
                home.longitude,
                home.pk == network.clv_home_id,
            )
        )
    organisation = network.organisation
    return walk_report(
        latitude,
        longitude,
        others=others,
        threshold_minutes=network.walking_threshold_minutes,
        detour_factor=float(organisation.walking_detour_factor),
        speed_kmh=float(organisation.walking_speed_kmh),
    )


@dataclass
class HomeCheck:
    """What the person adding a home needs to decide."""

    place_source: str
    latitude: Decimal
    longitude: Decimal
    report: WalkReport
    local_authority: LocalAuthority | None
    ward: str


def check_home(*, actor: Actor, network: Network, details: HomeDetails, home: Home | None = None):
    """Validate a home before saving: postcode, duplicate, location, walk.

    Raises ``ValidationError`` (with field names) for what must be fixed;
    returns a ``HomeCheck`` whose report says, in plain words, whether the
    home is beyond the network's walking threshold.
    """
    require(actor, Permission.MANAGE_HOMES)
    errors = {}
    try:
        postcode = normalise_postcode(details.postcode)
        if not is_valid_postcode(postcode):
            raise PostcodeError
    except PostcodeError:
        errors["postcode"] = "Enter a full UK postcode, like M19 3AB."
    if (details.latitude is None) != (details.longitude is None):
        errors["latitude"] = "Type both the latitude and the longitude, or neither."
    if errors:
        raise ValidationError(errors)
    details.postcode = postcode
    duplicate = Home.objects.filter(
        organisation=actor.organisation,
        address_key=Home.address_key_for(details.address_line_1, details.address_line_2),
        postcode=postcode,
    )
    if home is not None:
        duplicate = duplicate.exclude(pk=home.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "address_line_1": f"This home is already recorded: {details.address_line_1}, "
                f"{postcode}."
            }
        )
    place = locate_home(details)
    latitude = details.latitude if place is None else place.latitude
    longitude = details.longitude if place is None else place.longitude
    local_authority = None
    ward = ""
    if place is not None:
        # A district's centre gives its council, but not the street's ward.
        ward = "" if place.is_approximate else place.ward
        if place.local_authority_code:
            local_authority, _ = LocalAuthority.objects.get_or_create(
                code=place.local_authority_code,
                defaults={"name": place.local_authority_name},
            )
    report = walk_report_for(
        network=network, latitude=latitude, longitude=longitude, exclude_home=home
    )
    return HomeCheck(
        place_source="typed" if place is None else place.source,
        latitude=Decimal(str(latitude)),
        longitude=Decimal(str(longitude)),
        report=report,
        local_authority=local_authority,
        ward=ward,
    )


@transaction.atomic
def home_save(
    *,
    actor: Actor,
    network: Network,
    details: HomeDetails,
    accept_far: bool,
    home: Home | None = None,
) -> tuple[Home, HomeCheck]:
    """Add (or change) a home. A home beyond the walking threshold is saved
    only when the person has seen the warning and said so (``accept_far``);
    otherwise ``ValidationError`` on ``accept_far`` carries the warning."""
    check = check_home(actor=actor, network=network, details=details, home=home)
    if check.report.beyond and not accept_far:
        raise ValidationError({"accept_far": check.report.summary()})
    line_1, line_2 = details.address_line_1.strip(), details.address_line_2.strip()
    values = {
        "address_line_1": line_1,
        "address_line_2": line_2,
        "address_key": Home.address_key_for(line_1, line_2),
        "town": details.town.strip(),
        "postcode": details.postcode,
        "tenure": details.tenure,
        "latitude": check.latitude,
        "longitude": check.longitude,
        "location_source": check.place_source,
    }
    if check.local_authority is not None:
        values["local_authority"] = check.local_authority
    if check.ward:
        values["ward"] = check.ward
    if home is None:
        home = save_new(actor, Home, network=network, **values)
    else:
        _change(home, actor, values)
    return home, check


def _change(row, actor: Actor, fields: dict):
    """Change only ``fields`` of an existing row (a hub, a place)."""
    for name, value in fields.items():
        setattr(row, name, value)
    save_changes(row, actor, *fields)
    return row


@transaction.atomic
def hub_save(
    *, actor: Actor, network: Network, hub: CommunityHub | None = None, **fields
) -> CommunityHub:
    """Add or change a community hub."""
    require(actor, Permission.MANAGE_PLACES)
    if hub is not None:
        return _change(hub, actor, fields)
    return save_new(actor, CommunityHub, network=network, **fields)


@transaction.atomic
def asset_save(
    *, actor: Actor, network: Network, asset: CommunityAsset | None = None, **fields
) -> CommunityAsset:
    """Add or change a community place or person in the network's directory."""
    require(actor, Permission.MANAGE_PLACES)
    if fields.get("postcode"):
        fields["postcode"] = normalise_postcode(fields["postcode"])
    if asset is not None:
        return _change(asset, actor, fields)
    return save_new(actor, CommunityAsset, network=network, introduced_by=actor.user, **fields)


@transaction.atomic
def event_add(*, actor: Actor, hub: CommunityHub, **fields) -> HubEvent:
    require(actor, Permission.MANAGE_PLACES)
    if fields.get("ends_at") and fields["ends_at"] <= fields["starts_at"]:
        raise ValidationError({"ends_at": "The end must be after the start."})
    return save_new(actor, HubEvent, hub=hub, run_by=actor.user, **fields)


# --- Clusters and networks ---------------------------------------------------------------------

# A network supports 9 to 20 members: outside that it is warned about, and
# saved only when the person has said they mean it (``accept_capacity``).
USUAL_CAPACITY = (9, 20)


@transaction.atomic
def cluster_save(*, actor: Actor, name: str, cluster: Cluster | None = None) -> Cluster:
    """Add a cluster, or rename one. A cluster is never deleted."""
    require(actor, Permission.MANAGE_CLUSTERS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the cluster's name."})
    same = Cluster.objects.filter(organisation=actor.organisation, name__iexact=name)
    if cluster is not None:
        same = same.exclude(pk=cluster.pk)
    if same.exists():
        raise ValidationError({"name": f"There is already a cluster called {name}."})
    if cluster is None:
        return save_new(actor, Cluster, name=name)
    return _change(cluster, actor, {"name": name})


@dataclass
class NetworkDetails:
    name: str
    cluster: Cluster
    status: str = Network.Status.FORMING
    capacity: int = 10
    walking_threshold_minutes: int = 15
    description: str = ""
    started_on: date | None = None
    clv_home: Home | None = None


NETWORK_DETAILS = tuple(field.name for field in fields(NetworkDetails))


def network_details_of(network: Network) -> dict:
    """A network's current details, by name (to fill a form or to change some)."""
    return {name: getattr(network, name) for name in NETWORK_DETAILS}


def capacity_warning(capacity: int, taken: int) -> str:
    """What to say about a capacity outside 9 to 20, or below the members
    the network already supports; empty when there is nothing to say."""
    low, high = USUAL_CAPACITY
    words = []
    if capacity < low:
        words.append(
            f"A network usually has {low} to {high} members: with {capacity} places it may "
            "be too small for members to meet and help each other."
        )
    elif capacity > high:
        words.append(
            f"A network usually has {low} to {high} members: with {capacity} places one CLV "
            "may not be able to know and support everyone."
        )
    if taken > capacity:
        words.append(f"It already supports {taken} members, more than {capacity} places.")
    return " ".join(words)


def _check_network(actor: Actor, details: NetworkDetails, network: Network | None) -> dict:
    """What is wrong with ``details``, by field, in plain words."""
    errors = {}
    if details.cluster.organisation_id != actor.organisation.pk or (
        not clusters_for_viewer(actor).filter(pk=details.cluster.pk).exists()
    ):
        errors["cluster"] = "Choose one of the clusters you look after."
    same = Network.objects.filter(organisation=actor.organisation, name__iexact=details.name)
    if network is not None:
        same = same.exclude(pk=network.pk)
    if not details.name:
        errors["name"] = "Enter the network's name."
    elif same.exists():
        errors["name"] = f"There is already a network called {details.name}."
    if details.status not in Network.Status.values:
        errors["status"] = "Choose forming, active or closing."
    if not 1 <= details.capacity <= 100:
        errors["capacity"] = "Enter the number of places as a whole number from 1 to 100."
    if not 1 <= details.walking_threshold_minutes <= 60:
        errors["walking_threshold_minutes"] = "Enter the minutes as a whole number from 1 to 60."
    home = details.clv_home
    if home is not None and (network is None or home.network_id != network.pk):
        errors["clv_home"] = "Choose one of this network's own homes."
    return errors


@transaction.atomic
def network_save(
    *,
    actor: Actor,
    details: NetworkDetails,
    accept_capacity: bool = False,
    network: Network | None = None,
) -> Network:
    """Add a network (admins) or change one (admins, and support managers of
    its cluster). A capacity outside 9 to 20, or below the members it
    supports, is saved only with ``accept_capacity``; otherwise
    ``ValidationError`` on ``accept_capacity`` says why. A network ends by
    closing (its status), never by being deleted."""
    require(actor, Permission.ADD_NETWORKS if network is None else Permission.MANAGE_NETWORKS)
    details.name = " ".join(details.name.split())
    errors = _check_network(actor, details, network)
    changing_home = network is not None and details.clv_home != network.clv_home
    if changing_home and not can(actor, Permission.VIEW_ADDRESSES):
        errors["clv_home"] = "Only a support manager of the cluster can choose the CLV's home."
    if errors:
        raise ValidationError(errors)
    if network is None or details.capacity != network.capacity:
        taken = 0 if network is None else places_taken(actor, network)
        warning = capacity_warning(details.capacity, taken)
        if warning and not accept_capacity:
            raise ValidationError({"accept_capacity": warning})
    values = {name: getattr(details, name) for name in NETWORK_DETAILS}
    if network is None:
        return save_new(actor, Network, **values)
    changed = {name: value for name, value in values.items() if getattr(network, name) != value}
    return _change(network, actor, changed) if changed else network
