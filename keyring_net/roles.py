"""Which roles an organisation's admins give, what each lets a person do
(in plain words, for the people pages), and whether a scope fits a role.

The services (``keyring_net.services``, ``keyring_net.role_changes``) and
the forms ask the same question here, so a page and the API refuse the
same things in the same words."""

from __future__ import annotations

from keyring_net.models import ROLE_SCOPE, Role

SCOPE_FIELDS = ("cluster", "network", "local_authority")

# Members get their login with a login card, from their record (members'
# pages), which links the login to the member; nobody else gives it.
GIVEN_BY_ADMINS = [role for role in Role if role != Role.MEMBER]

HINTS = {
    Role.ORG_ADMIN: (
        "Runs the organisation here: invites people, gives and ends roles, recruits "
        "volunteers, and sets up surveys, costs and contracts. Sees no member's record."
    ),
    Role.SUPPORT_MANAGER: (
        "Looks after one cluster of networks: its members and their records, referrals, "
        "homes, volunteers and the rota."
    ),
    Role.CLV: (
        "A Community Living Volunteer: lives in one network, supports its members, keeps "
        "their plans, logs contacts and works shifts."
    ),
    Role.COMMUNITY_ENABLER: (
        "Supports the members of one network to use what is around them: keeps their plans, "
        "logs contacts and works shifts."
    ),
    Role.CONNECTIONS_VOLUNTEER: (
        "A volunteer who links the members of one network with local places and groups. "
        "Sees members' names, not their support needs or addresses."
    ),
    Role.QUALITY_CHECKER: (
        "Visits networks to check the support is good and records what they find. "
        "Sees no member's record."
    ),
    Role.MEMBER: "A member: sees their own record. Their login comes with a login card.",
    Role.COMMISSIONER: (
        "Works for a council that pays for networks: sees its reports, with small numbers "
        "hidden, and never a member's record."
    ),
}

# What each scope is, for messages.
SCOPE_WORDS = {
    "cluster": "a cluster",
    "network": "a network",
    "local_authority": "a council",
}

NEEDED = {
    "cluster": "Choose the cluster of networks this support manager looks after.",
    "network": "Choose the network this person works in.",
    "local_authority": "Choose the council this commissioner works for.",
}

MEMBER_LOGIN = (
    "A member's login comes with their login card: issue one from their record "
    "on the members' pages."
)


def scope_needed(role: Role) -> str | None:
    """The field that scopes ``role`` (``cluster``, ``network`` or
    ``local_authority``), or None for a role over the whole organisation."""
    needed = ROLE_SCOPE[Role(role)]
    return needed if needed in SCOPE_FIELDS else None


def scope_problems(*, organisation, role: Role, scope: dict) -> dict[str, str]:
    """What is wrong with giving ``role`` with ``scope`` (field -> row or
    None) in ``organisation``, by field, in plain words; empty when
    nothing is."""
    role = Role(role)
    if role == Role.MEMBER:
        return {"role": MEMBER_LOGIN}
    needed = scope_needed(role)
    problems = {}
    for name in SCOPE_FIELDS:
        value = scope.get(name)
        if name == needed and value is None:
            problems[name] = NEEDED[name]
        elif name != needed and value is not None:
            problems[name] = (
                f"The role {role.label} is not tied to {SCOPE_WORDS[name]}: leave this empty."
            )
        elif value is not None and getattr(value, "organisation_id", organisation.pk) != (
            organisation.pk
        ):
            problems[name] = f"Choose {SCOPE_WORDS[name]} of {organisation.name}."
    return problems


def where(assignment) -> str:
    """Where a role applies, in words: its network, cluster or council, or
    the whole organisation."""
    scope = assignment.network or assignment.cluster or assignment.local_authority
    return scope.name if scope is not None else "Whole organisation"


# Giving a role to someone whose account is switched off (they cannot sign
# in): the pages and the API ask for this tick, and the account is switched
# back on with the role (``services.role_grant``).
REACTIVATE_LABEL = "Switch them back on and give the role"


def switched_off_words(person) -> str:
    return (
        f"{person.full_name}'s account is switched off, so they cannot sign in. "
        f'Tick "{REACTIVATE_LABEL}" to give them the role.'
    )
