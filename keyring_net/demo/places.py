"""The demo's organisations and the real neighbourhoods their networks sit in.

Centres are real points in each neighbourhood; homes are placed on the named
streets within about 400 metres of the centre, so every home really is a
short walk from the others (the networks issue measures it).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
