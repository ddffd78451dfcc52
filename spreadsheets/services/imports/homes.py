"""Homes on their way in, alone or with their members: found again by the
organisation's reference or by address, placed on the map by the geocoder
(a postcode it cannot place is imported and flagged for a location, never
refused and never guessed), written a batch at a time with their history."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyring_net.actors import Actor
from keyring_net.models import LocalAuthority
from networks.geo.geocoders import SOURCE_NEEDS_LOCATION, GeocoderUnavailable, get_geocoder
from networks.models import Home, Network
from spreadsheets.services.imports.columns import Field, choice, postcode, text
from spreadsheets.services.imports.engine import FirstRows, Prepared

HOME_FIELDS = [
    Field(
        "home_reference",
        "Home reference",
        text(50),
        ("Home ref", "Property reference", "Property ref", "Property ID", "Home ID"),
    ),
    Field(
        "address_line_1", "Address line 1", text(200), ("Address", "Address 1", "Street", "Line 1")
    ),
    Field("address_line_2", "Address line 2", text(200), ("Address 2", "Line 2")),
    Field("town", "Town", text(100), ("City", "Town or city", "Town/city")),
    Field("postcode", "Postcode", postcode, ("Post code", "Postal code", "Zip")),
    Field("tenure", "Tenure", choice(Home.Tenure.choices), ("Tenancy", "Tenancy type")),
]
HOME_CHANGES = ("address_line_1", "address_line_2", "town", "tenure")
NEEDS_LOCATION_NOTE = "postcode not found on the map: flagged for a location"


def address_of(values: dict) -> str:
    """The address a row gives, as one line ("12 Chapel Street, Manchester,
    M19 3AB"), for the report's address column."""
    parts = ("address_line_1", "address_line_2", "town", "postcode")
    return ", ".join(str(values[name]) for name in parts if values.get(name))


class Homes:
    """The homes of one import: each found or made once, however many rows
    name it."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.geocoder = get_geocoder()
        self.councils: dict[str, LocalAuthority] = {}
        self.made: dict[tuple, Home] = {}  # new in this batch, by key
        # New in an earlier batch: their ids (0 in a dry run), by key.
        self.earlier = FirstRows()
        self.written: list[tuple[str, int, str, dict]] = []

    @staticmethod
    def key(values: dict) -> tuple | None:
        if values.get("home_reference"):
            return ("reference", values["home_reference"])
        if values.get("address_line_1") and values.get("postcode"):
            line = Home.address_key_for(values["address_line_1"], values.get("address_line_2", ""))
            return ("address", line, values["postcode"])
        return None

    def check(self, row: Prepared, header) -> bool:
        """Refuse an incomplete address; True when the row names a home."""
        values = row.values
        row.address = address_of(values)
        if not any(values.get(name) for name in ("address_line_1", "postcode", "town")):
            return bool(values.get("home_reference"))
        refused = {column for column, _ in row.problems}
        for name, words in (
            ("address_line_1", "the address needs its first line"),
            ("town", "the address needs its town"),
            ("postcode", "the address needs its postcode"),
        ):
            if not values.get(name) and header(name) not in refused:
                row.refuse(header(name), words)
        return True

    def existing(self, rows: list[Prepared]) -> dict[tuple, Home]:
        """The organisation's homes the batch names, in two queries."""
        references = {r.values["home_reference"] for r in rows if r.values.get("home_reference")}
        lines = {
            Home.address_key_for(r.values["address_line_1"], r.values.get("address_line_2", ""))
            for r in rows
            if r.values.get("address_line_1")
        }
        found: dict[tuple, Home] = {}
        if references:
            for home in Home.objects.filter(reference__in=references):
                found[("reference", home.reference)] = home
        if lines:
            for home in Home.objects.filter(address_key__in=lines):
                found[("address", home.address_key, home.postcode)] = home
        return found

    def place(self, home: Home) -> str:
        """Put a new home on the map; a note when it could not be placed."""
        try:
            found = self.geocoder.locate(home.postcode)
        except GeocoderUnavailable:
            found = None
        if found is None:
            home.location_source = SOURCE_NEEDS_LOCATION
            return NEEDS_LOCATION_NOTE
        home.latitude, home.longitude = found.latitude, found.longitude
        home.location_source = found.source
        home.ward = "" if found.is_approximate else found.ward
        code = found.local_authority_code
        if code:
            if code not in self.councils:
                self.councils[code], _ = LocalAuthority.objects.get_or_create(
                    code=code, defaults={"name": found.local_authority_name}
                )
            home.local_authority = self.councils[code]
        return ""

    def home_for(
        self, row: Prepared, found: dict[tuple, Home], network: Network | None
    ) -> tuple[Home | None, str, list[str]]:
        """The home a row names: (home, what happens to it, changed fields)."""
        values = row.values
        key = self.key(values)
        if key is None:
            return None, "", []
        address = ("address", *key[1:]) if key[0] == "address" else None
        made = self._made(key)
        if made is not None and found.get(key) is None:
            return made, "", []  # new in this file, named again
        home = found.get(key) or (address and found.get(address))
        if home is None and key[0] == "reference" and values.get("address_line_1"):
            line = Home.address_key_for(values["address_line_1"], values.get("address_line_2", ""))
            home = found.get(("address", line, values.get("postcode")))
        if home is None:
            if not values.get("address_line_1"):
                row.refuse("Home reference", f"there is no home with the reference {key[1]}")
                return None, "", []
            home = Home(
                organisation=self.actor.organisation,
                network=network,
                reference=values.get("home_reference", ""),
                address_line_1=values["address_line_1"],
                address_line_2=values.get("address_line_2", ""),
                address_key=Home.address_key_for(
                    values["address_line_1"], values.get("address_line_2", "")
                ),
                town=values.get("town", ""),
                postcode=values.get("postcode", ""),
                tenure=values.get("tenure", ""),
            )
            self.made[key] = home
            return home, "new", []
        changed = [
            name
            for name in HOME_CHANGES
            if values.get(name) and getattr(home, name) != values[name]
        ]
        if values.get("home_reference") and not home.reference:
            changed.append("reference")
        return home, ("changed" if changed else ""), changed

    def _made(self, key: tuple) -> Home | None:
        """A home new in this file, named again by a later row."""
        made = self.made.get(key)
        if made is not None:
            return made
        earlier = self.earlier.get(key)
        if earlier is None:
            return None
        return Home(pk=earlier or None, organisation=self.actor.organisation)

    def batch_done(self) -> None:
        """Keep only the ids of the batch's new homes (0 in a dry run), in
        a compact index, not the rows themselves."""
        for key, home in self.made.items():
            self.earlier[key] = home.pk or 0
        self.made = {}

    def finish(self) -> list[tuple[str, int, str, dict]]:
        """What was written since the last call, then forgotten."""
        written, self.written = self.written, []
        return written

    def write(self, new: list[Home], changed: list[tuple[Home, dict, list[str]]]) -> None:
        """Write a batch's new and changed homes, with their history."""
        if new:
            bulk_create_with_history(new, Home, default_user=self.actor.user)
            self.written += [("networks.home", h.pk, "created", {}) for h in new]
        if changed:
            fields = sorted({name for _, _, names in changed for name in names})
            for home, values, names in changed:
                before = {
                    ("network_id" if name == "network" else name): getattr(
                        home, "network_id" if name == "network" else name
                    )
                    for name in names
                }
                for name in names:
                    setattr(home, name, values["home_reference" if name == "reference" else name])
                if "address_line_1" in names or "address_line_2" in names:
                    home.address_key = Home.address_key_for(
                        home.address_line_1, home.address_line_2
                    )
                    before["address_key"] = Home.address_key_for(
                        before.get("address_line_1", home.address_line_1),
                        before.get("address_line_2", home.address_line_2),
                    )
                self.written.append(("networks.home", home.pk, "updated", before))
            if {"address_line_1", "address_line_2"} & set(fields):
                fields.append("address_key")
            bulk_update_with_history(
                [home for home, _, _ in changed], Home, fields, default_user=self.actor.user
            )
