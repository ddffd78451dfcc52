"""What every app's demo shares: the demo's organisations and the real
neighbourhoods their networks sit in, the names and phone numbers people get,
and the staff logins the demo's work is done by.

The apps' ``demo.py`` modules build on this; the orchestration that calls them
in order (``keyring_net.demo``, wiring) is not for them to import.

Centres are real points in each neighbourhood; homes are placed on the named
streets within about 400 metres of the centre, so every home really is a
short walk from the others (the networks issue measures it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keyring_net.models import User


@dataclass(frozen=True)
class NetworkPlan:
    name: str
    town: str
    centre: tuple[float, float]
    postcode_district: str
    streets: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationPlan:
    name: str
    slug: str
    email_domain: str
    country: str
    out_of_hours_phone: str
    local_authority: str
    local_authority_code: str
    cluster: str
    networks: tuple[NetworkPlan, ...]
    staff: dict = field(default_factory=dict)


ORGANISATIONS: tuple[OrganisationPlan, ...] = (
    OrganisationPlan(
        name="Northway Living Networks",
        slug="northway",
        email_domain="northway.example",
        country="england",
        out_of_hours_phone="0161 496 0000",
        local_authority="Manchester City Council",
        local_authority_code="E08000003",
        cluster="South Manchester",
        networks=(
            NetworkPlan(
                "Levenshulme Network",
                "Manchester",
                (53.44420, -2.19230),
                "M19",
                (
                    "Stockport Road",
                    "Chapel Street",
                    "Albert Road",
                    "Barlow Road",
                    "Clare Road",
                    "Cromwell Grove",
                    "Broom Avenue",
                    "Church Road",
                ),
            ),
            NetworkPlan(
                "Longsight Network",
                "Manchester",
                (53.45720, -2.20070),
                "M13",
                (
                    "Dickenson Road",
                    "Beresford Road",
                    "Stanley Grove",
                    "Northmoor Road",
                    "Slade Lane",
                    "Hamilton Road",
                    "Kirkmanshulme Lane",
                    "Buxton Street",
                ),
            ),
            NetworkPlan(
                "Burnage Network",
                "Manchester",
                (53.43210, -2.20480),
                "M19",
                (
                    "Burnage Lane",
                    "Mauldeth Road",
                    "Fog Lane",
                    "Lane End Road",
                    "Green End Road",
                    "Errwood Road",
                    "Cringle Road",
                    "Grangethorpe Drive",
                ),
            ),
        ),
        staff={
            "org_admin": "Priya Shah",
            "support_manager": "Gareth Hughes",
            "clvs": ("Joanne Whittaker", "Tomasz Nowak", "Abdul Rahman"),
            "community_enabler": "Leah Okafor",
            "connections_volunteer": "Margaret Doyle",
            "quality_checker": "Danny Fletcher",
            "commissioner": "Helen Brierley",
        },
    ),
    OrganisationPlan(
        name="Riverside Neighbours",
        slug="riverside",
        email_domain="riverside.example",
        country="england",
        out_of_hours_phone="0113 496 0000",
        local_authority="Leeds City Council",
        local_authority_code="E08000035",
        cluster="West Leeds",
        networks=(
            NetworkPlan(
                "Armley Network",
                "Leeds",
                (53.79870, -1.59280),
                "LS12",
                (
                    "Town Street",
                    "Armley Ridge Road",
                    "Wesley Road",
                    "Stanningley Road",
                    "Theaker Lane",
                    "Hall Lane",
                    "Moorfield Road",
                    "Cecil Road",
                ),
            ),
            NetworkPlan(
                "Bramley Network",
                "Leeds",
                (53.80540, -1.63630),
                "LS13",
                (
                    "Town Street",
                    "Broad Lane",
                    "Upper Town Street",
                    "Hough Lane",
                    "Westover Road",
                    "Moorland Avenue",
                    "Eleanor Drive",
                    "Stocks Hill",
                ),
            ),
            NetworkPlan(
                "Kirkstall Network",
                "Leeds",
                (53.81580, -1.59650),
                "LS5",
                (
                    "Kirkstall Lane",
                    "Morris Lane",
                    "Vesper Road",
                    "Broad Lane",
                    "Eden Way",
                    "Hawksworth Road",
                    "Kirkstall Hill",
                    "Queenswood Drive",
                ),
            ),
        ),
        staff={
            "org_admin": "Samuel Adeyemi",
            "support_manager": "Rachel Greenwood",
            "clvs": ("Kevin Marsh", "Aisha Begum", "Fiona Lister"),
            "community_enabler": "Owen Pritchard",
            "connections_volunteer": "Brenda Haigh",
            "quality_checker": "Mohammed Iqbal",
            "commissioner": "Stuart Calvert",
        },
    ),
)

FIRST_NAMES = (
    "Alan",
    "Amira",
    "Barry",
    "Bethany",
    "Carl",
    "Chloe",
    "Darren",
    "Deborah",
    "Emeka",
    "Eileen",
    "Faisal",
    "Gemma",
    "Graham",
    "Hannah",
    "Ian",
    "Jade",
    "Jason",
    "Kirsty",
    "Lee",
    "Lorraine",
    "Martin",
    "Nadia",
    "Neil",
    "Paula",
    "Peter",
    "Rosie",
    "Ryan",
    "Sandra",
    "Shaun",
    "Siobhan",
    "Terry",
    "Tracey",
    "Wayne",
    "Yusuf",
    "Zoe",
    "Colin",
    "Janet",
    "Marcus",
    "Sinead",
    "Derek",
)
LAST_NAMES = (
    "Ahmed",
    "Bailey",
    "Bennett",
    "Brown",
    "Campbell",
    "Clarke",
    "Dawson",
    "Evans",
    "Farrell",
    "Gallagher",
    "Green",
    "Hall",
    "Hussain",
    "Jackson",
    "Kaur",
    "Kelly",
    "Lewis",
    "Mahmood",
    "Murphy",
    "Nolan",
    "O'Brien",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
    "Ward",
    "Wilson",
    "Wright",
)

# Names the demo writes "she" and "her" for, and "he" and "his" for; other
# names get "they" (a bereavement note says "her mum" only when it fits).
SHE_NAMES = frozenset(
    {
        "Amira",
        "Bethany",
        "Chloe",
        "Deborah",
        "Eileen",
        "Gemma",
        "Hannah",
        "Jade",
        "Kirsty",
        "Lorraine",
        "Nadia",
        "Paula",
        "Rosie",
        "Sandra",
        "Siobhan",
        "Tracey",
        "Zoe",
        "Janet",
        "Sinead",
    }
)
HE_NAMES = frozenset(
    {
        "Alan",
        "Barry",
        "Carl",
        "Darren",
        "Emeka",
        "Faisal",
        "Graham",
        "Ian",
        "Jason",
        "Martin",
        "Neil",
        "Peter",
        "Ryan",
        "Shaun",
        "Terry",
        "Wayne",
        "Yusuf",
        "Colin",
        "Marcus",
        "Derek",
    }
)


def demo_phone(plan: OrganisationPlan, number: int) -> str:
    """A landline in Ofcom's range for drama (0161 496 0000 to 0999 in
    Manchester, 0113 496 0xxx in Leeds): never a real line."""
    prefix = plan.out_of_hours_phone.rsplit(" ", 1)[0]
    return f"{prefix} {number % 1000:04d}"


def demo_mobile(number: int) -> str:
    """A mobile in Ofcom's drama range, 07700 900000 to 900999."""
    return f"07700 900{number % 1000:03d}"


@dataclass
class DemoStaff:
    """The organisation's staff logins, for seeding the work they do."""

    manager: User
    enabler: User
    connections: User
    connections_network_id: int
    enabler_network_ids: frozenset[int]
    clvs: dict[int, User] = field(default_factory=dict)  # network pk -> CLV

    def clv_for(self, network) -> User | None:
        return self.clvs.get(network.pk)

    def event_runner(self, network) -> User | None:
        """Hub events are run by the connections volunteer where the network
        has one, otherwise by its CLV."""
        if network.pk == self.connections_network_id:
            return self.connections
        return self.clv_for(network)

    def workers_of(self, network) -> list[User]:
        """Who works in the network: its CLV, the enabler and the connections
        volunteer where they have a role; the support manager covers a
        network without a CLV."""
        workers = [self.clv_for(network)]
        if network.pk in self.enabler_network_ids:
            workers.append(self.enabler)
        if network.pk == self.connections_network_id:
            workers.append(self.connections)
        workers = [w for w in workers if w is not None]
        return workers if self.clv_for(network) else [self.manager]
