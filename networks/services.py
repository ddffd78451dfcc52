"""State changes for networks: homes (with the walking check), hubs,
community places and hub events. Each takes the acting person."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.models import LocalAuthority
from keyring_net.policy import Permission
from networks.geo.geocoders import GeocoderUnavailable, Place, get_geocoder
from networks.geo.postcodes import PostcodeError, is_valid_postcode, normalise_postcode
from networks.geo.walking import WalkReport, walk_report
from networks.models import CommunityAsset, CommunityHub, Home, HubEvent, Network


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
