"""What the network pages show of the members a network supports.

Networks sit below members (DEVELOPERS.md, "Layers"), so they cannot read
members themselves. The app that composes the two registers how, when
Django starts (``dashboards/apps.py``); the network list and the network
page then ask through here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from keyring_net.actors import Actor
from networks.models import Network


@dataclass(frozen=True)
class MemberReaders:
    # Members being supported or assessed, by network id, for these networks.
    supported_counts: Callable[[Actor, list[int]], dict[int, int]]
    # The network's members in the viewer's reach who have not left, by
    # name, each with ``last_contact``.
    members_of: Callable[[Actor, Network], list]
    # Minutes of support these workers logged with the network's members
    # since the time given.
    support_minutes: Callable[[Actor, Network, list[int], datetime.datetime], int]
    # Log that a page showed these members (from ``members_of``) to the
    # actor: each member's "who looked at my record", in one insert.
    shown: Callable[[Actor, list], None]


_readers: list[MemberReaders] = []


def register(readers: MemberReaders) -> None:
    _readers[:] = [readers]


def member_readers() -> MemberReaders:
    if not _readers:
        raise ImproperlyConfigured("Install the dashboards app: it tells networks about members.")
    return _readers[0]
