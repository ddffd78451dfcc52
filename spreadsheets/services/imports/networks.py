"""Networks from a file: each row a network, found again by the
organisation's reference for it (or, for one recorded without a reference,
by its name), in a cluster named by its name.

The checks are the networks service's (``networks.services``): a cluster
of the organisation, a name used once, forming / active / closing, 1 to
100 places. A cluster is never made by an import: one not in the
organisation is a problem, so a misspelt name does not become a new
cluster. A capacity outside the usual 9 to 20 is imported with the
network pages' warning in the row's outcome: choosing to import the file
is the tick the network pages ask for.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from networks.models import Cluster, Network
from networks.services import capacity_warning
from spreadsheets.services.imports.columns import Field, Problem, choice, header_key, text
from spreadsheets.services.imports.engine import CREATE, UPDATE, FirstRows, Kind, Prepared


def places(cell) -> int | None:
    if cell == "":
        return None
    try:
        value = float(str(cell).strip())
    except ValueError:
        raise Problem(f"{cell} is not a number of places") from None
    if value != int(value) or not 1 <= value <= 100:
        raise Problem(f"{cell} is not a whole number of places from 1 to 100")
    return int(value)


NETWORK_FIELDS = [
    Field(
        "reference",
        "Reference",
        text(50),
        ("Ref", "Network reference", "Network ref", "Network ID", "ID"),
        required=True,
        help="Your own reference for the network: how a second import finds it again.",
    ),
    Field("name", "Name", text(120), ("Network", "Network name"), required=True),
    Field("cluster", "Cluster", text(120), ("Cluster name", "Area", "Patch"), required=True),
    Field("status", "Status", choice(Network.Status.choices), ("Network status",)),
    Field("capacity", "Capacity", places, ("Places", "Members", "Size", "Number of places")),
]
CHANGES = ("name", "status", "capacity")


class NetworksImport(Kind):
    label = "networks"
    fields = NETWORK_FIELDS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The organisation's own (the managers are scoped to it): another
        # organisation's cluster or network is "no cluster called ...".
        self.clusters = {header_key(c.name): c for c in Cluster.objects.all()}
        networks = list(Network.objects.all())
        self.by_reference = {n.reference: n for n in networks if n.reference}
        self.by_name = {header_key(n.name): n for n in networks}
        self.references = FirstRows()
        self.names = FirstRows()
        self.written: list[tuple[str, int, str, dict]] = []

    def _check(self, row: Prepared) -> Cluster | None:
        values = row.values
        reference = values.get("reference", "")
        row.what = " ".join(filter(None, (values.get("name"), reference and f"({reference})")))
        if not reference:
            row.refuse(self.header("reference"), "every row needs the network's reference")
        elif reference in self.references:
            row.refuse(
                self.header("reference"),
                f"{reference} is also on row {self.references[reference]}",
            )
        else:
            self.references[reference] = row.number
        name = values.get("name", "")
        if not name:
            row.refuse(self.header("name"), "every network needs its name")
        elif header_key(name) in self.names:
            row.refuse(
                self.header("name"),
                f"a network called {name} is also on row {self.names[header_key(name)]}",
            )
        else:
            self.names[header_key(name)] = row.number
        cluster = None
        if not values.get("cluster"):
            row.refuse(self.header("cluster"), "every network needs its cluster")
        else:
            cluster = self.clusters.get(header_key(values["cluster"]))
            if cluster is None:
                row.refuse(
                    self.header("cluster"),
                    f"there is no cluster called {values['cluster']} in your organisation "
                    "(add it on the clusters page first)",
                )
        return cluster

    def _find(self, row: Prepared) -> Network | None:
        """The network this row is: by its reference, else one of the same
        name recorded without a reference. A namesake with another
        reference is a problem."""
        values = row.values
        network = self.by_reference.get(values["reference"])
        namesake = self.by_name.get(header_key(values["name"]))
        if namesake is not None and namesake is not network:
            if network is None and not namesake.reference:
                return namesake
            row.refuse(
                self.header("name"),
                f"there is already a network called {namesake.name}"
                + (f" (reference {namesake.reference})" if namesake.reference else ""),
            )
        return network

    def handle(self, rows: list[Prepared]) -> None:
        new, changed = [], []
        for row in rows:
            cluster = self._check(row)
            if row.problems:
                continue
            values = row.values
            network = self._find(row)
            if row.problems:
                continue
            row.what = f"{values['name']} ({values['reference']})"
            capacity = values.get("capacity") or (network.capacity if network else 10)
            warning = capacity_warning(capacity, 0)
            if warning and (network is None or capacity != network.capacity):
                row.what += f". {warning}"
            wanted = {name: values[name] for name in CHANGES if values.get(name)}
            if network is None:
                row.action = CREATE
                new.append(Network(reference=values["reference"], cluster=cluster, **wanted))
                continue
            changes = {k: v for k, v in wanted.items() if getattr(network, k) != v}
            if network.cluster_id != cluster.pk:
                changes["cluster"] = cluster
            if network.reference != values["reference"]:
                changes["reference"] = values["reference"]
            if changes:
                row.action = UPDATE
                changed.append((network, changes))
        if self.write:
            self._save(new, changed)

    def _save(self, new: list[Network], changed: list[tuple[Network, dict]]) -> None:
        user = self.actor.user
        for network in new:
            network.organisation = self.actor.organisation
        if new:
            bulk_create_with_history(new, Network, default_user=user)
            self.written += [("networks.network", n.pk, "created", {}) for n in new]
        fields: set[str] = set()
        for network, changes in changed:
            before = {}
            for name, value in changes.items():
                column = "cluster_id" if name == "cluster" else name
                before[column] = getattr(network, column)
                setattr(network, name, value)
                fields.add(name)
            self.written.append(("networks.network", network.pk, "updated", before))
        if changed:
            bulk_update_with_history(
                [n for n, _ in changed], Network, sorted(fields), default_user=user
            )

    def finish(self) -> list[tuple[str, int, str, dict]]:
        return self.written
