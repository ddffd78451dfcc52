"""Homes on their own, from a file: each row a home, found again by the
organisation's reference for it, in a network named by its name (or none
yet)."""

from __future__ import annotations

from networks.models import Network
from spreadsheets.services.imports.columns import Field, header_key, text
from spreadsheets.services.imports.engine import CREATE, UPDATE, FirstRows, Kind, Prepared
from spreadsheets.services.imports.homes import HOME_FIELDS, Homes, address_of

HOMES_FIELDS = [
    Field(
        "home_reference",
        "Home reference",
        text(50),
        ("Reference", "Ref", "Home ref", "Property ref", "Property reference", "Property ID"),
        required=True,
        help="Your own reference for the home: how a second import finds it again.",
    ),
    *HOME_FIELDS[1:],
    Field("network", "Network", text(120), ("Network name", "KeyRing network")),
]


class HomesImport(Kind):
    label = "homes"
    fields = HOMES_FIELDS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.networks = {header_key(n.name): n for n in Network.objects.all()}
        self.homes = Homes(self.actor)
        self.seen = FirstRows()

    def _check(self, row: Prepared) -> Network | None:
        values = row.values
        row.address = address_of(values)
        reference = values.get("home_reference", "")
        row.what = f"Home {reference}" if reference else ""
        if not reference:
            row.refuse(self.header("home_reference"), "every row needs the home's reference")
        elif reference in self.seen:
            row.refuse(
                self.header("home_reference"), f"{reference} is also on row {self.seen[reference]}"
            )
        else:
            self.seen[reference] = row.number
        for name, words in (
            ("address_line_1", "every home needs the first line of its address"),
            ("town", "every home needs its town"),
            ("postcode", "every home needs its postcode"),
        ):
            refused = {column for column, _ in row.problems}
            if not values.get(name) and self.header(name) not in refused:
                row.refuse(self.header(name), words)
        network = None
        if values.get("network"):
            network = self.networks.get(header_key(values["network"]))
            if network is None:
                row.refuse(
                    self.header("network"),
                    f"there is no network called {values['network']} in your organisation",
                )
        return network

    def handle(self, rows: list[Prepared]) -> None:
        networks = {row.number: self._check(row) for row in rows}
        found = self.homes.existing([r for r in rows if not r.problems])
        new, changed = [], {}
        for row in rows:
            if row.problems:
                continue
            network = networks[row.number]
            home, change, fields = self.homes.home_for(row, found, network)
            if row.problems or home is None:
                continue
            row.what = f"Home {row.values['home_reference']}"
            if change == "new":
                row.action = CREATE
                new.append(home)
                if note := self.homes.place(home):
                    row.what += f" ({note})"
                continue
            if network is not None and home.pk is not None and home.network_id != network.pk:
                fields = [*fields, "network"]
                row.values["network"] = network
            if fields and home.pk is not None:
                row.action = UPDATE
                changed.setdefault(home.pk, (home, row.values, fields))
        if self.write:
            self.homes.write(new, list(changed.values()))
        self.homes.batch_done()

    def finish(self) -> list[tuple[str, int, str, dict]]:
        return self.homes.finish()
