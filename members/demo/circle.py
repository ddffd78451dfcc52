"""The people and places around each demo member: consent, the people they
choose to involve, who they know in the network and the places they use."""

from __future__ import annotations

from itertools import combinations

from members.demo.words import (
    DAY,
    DEMO_TODAY,
    FAMILY,
    PEER_NOTES,
    PLACE_NOTES,
    Source,
    Status,
)
from members.models import ChosenPerson, CommunityConnection, Consent, Member, PeerConnection
from networks.models import CommunityAsset


class Circle:
    """Part of the demo's ``_Life`` (members/demo/seed.py): consent, chosen
    people and connections."""

    def consent_and_chosen_people(self) -> None:
        rng = self.rng
        first_ids = {n.pk for n in self.first_copy}
        photos_given: list[Consent] = []
        for member in self.members:
            if member.status not in (Status.ACTIVE, Status.MOVED_ON):
                continue
            network = self.networks_by_pk[member.network_id]
            on = min(member.joined_on + DAY * rng.randint(0, 14), self.today - DAY)

            def consent(topic, given, shared_with="", details="", *, member=member, on=on):
                return self._consent(member, topic, given, shared_with, details, on)

            shares = rng.random() < 0.9
            consent(
                Consent.Topic.SHARE_WITH_NETWORK,
                shares,
                "Members of the network",
                "" if shares else "Happy to meet neighbours at the hub, but not to share a number.",
            )
            consent(Consent.Topic.OUTCOME_REPORTS, rng.random() < 0.85, "The council")
            photos = rng.random() < 0.5
            row = consent(
                Consent.Topic.PHOTOS,
                photos,
                "The newsletter",
                "Group photos are fine; no close-ups." if photos and rng.random() < 0.4 else "",
            )
            if photos and member.network_id in first_ids and member.status == Status.ACTIVE:
                photos_given.append(row)
            if rng.random() < 0.4:
                gp = next(
                    (
                        a.name
                        for a in self.places[network.pk].assets
                        if a.category == CommunityAsset.Category.HEALTH
                    ),
                    "Their GP",
                )
                consent(
                    Consent.Topic.SHARE_WITH_GP,
                    rng.random() < 0.8,
                    gp,
                    "Appointments and changes to medication.",
                )
            if self.referral_source.get(member.pk) == Source.SOCIAL_WORK:
                consent(Consent.Topic.SHARE_WITH_SOCIAL_WORKER, True, "Their social worker")
        # One member changed their mind about photos.
        withdrawn = rng.choice(photos_given)
        withdrawn.withdrawn_on = min(withdrawn.recorded_on + DAY * 200, DEMO_TODAY - DAY * 20)
        withdrawn.withdrawn_on = max(withdrawn.withdrawn_on, withdrawn.recorded_on)
        withdrawn.details = (
            "Said yes at first, then changed their mind after the summer newsletter."
        )
        self._chosen_people()

    def _consent(self, member, topic, given, shared_with, details, on) -> Consent:
        row = Consent(
            organisation=self.organisation,
            member=member,
            topic=topic,
            shared_with=shared_with,
            details=details,
            given=given,
            recorded_on=on,
            review_on=on + DAY * 365,
            recorded_by=self._clv_or_manager(self.networks_by_pk[member.network_id]),
        )
        self.rows.consents.append(row)
        return row

    def _chosen_people(self) -> None:
        rng = self.rng

        def person(member, name, relationship, **fields):
            self.rows.chosen.append(
                ChosenPerson(
                    organisation=self.organisation,
                    member=member,
                    name=name,
                    relationship=relationship,
                    **fields,
                )
            )

        def surname(member):
            return member.full_name.split(" ", 1)[1]

        eligible = [m for m in self.members if m.status in (Status.ACTIVE, Status.MOVED_ON)]
        first_network = [m for m in eligible if m.network_id == self.first_copy[0].pk]
        sister, friend, advocate, careful = rng.sample(first_network, 4)
        person(
            sister,
            f"{self.woman_name()} {surname(sister)}",
            "Sister",
            phone=self.mobile(),
            is_emergency_contact=True,
            may_be_told="Anything about my health and how I am getting on.",
        )
        person(
            friend,
            f"{self.first_name()} {self.last_name()}",
            "Friend from the allotments",
            phone=self.mobile(),
            may_be_told="That I am safe, if they ring.",
        )
        advocate_first = self.first_name()
        person(
            advocate,
            f"{advocate_first} {self.last_name()}",
            "Independent advocate",
            phone=self.landline(),
            email=f"{advocate_first.lower()}@advocacy.example",
            may_be_told="Anything about my referral, my support plan and my money.",
        )
        person(
            careful,
            f"{self.first_name()} {self.last_name()}",
            "Ex-partner",
            do_not_contact=True,
            may_be_told="Nothing. Do not confirm that I live here or that I am supported.",
        )
        chosen = {sister.pk, friend.pk, advocate.pk, careful.pk}
        for member in eligible:
            if member.pk in chosen or rng.random() >= 0.55:
                continue
            relationship, emergency, told = rng.choice(FAMILY)
            family = relationship in ("Sister", "Brother", "Mum", "Dad", "Cousin")
            first = self.first_name()
            person(
                member,
                f"{first} {surname(member) if family else self.last_name()}",
                relationship,
                phone=self.mobile(),
                is_emergency_contact=emergency and rng.random() < 0.7,
                may_be_told=told,
            )

    # --- Who knows whom, and the places they use ------------------------------------------
    def connections(self) -> None:
        rng = self.rng
        latest = self.today - DAY * 3
        ended_network = self.first_copy[1 % len(self.first_copy)].pk
        for network in self.networks:
            here = [
                m
                for m in self.by_network[network.pk]
                if m.status in (Status.ACTIVE, Status.MOVED_ON)
            ]
            places = self.places[network.pk]
            pairs = list(combinations(here, 2))
            picked = rng.sample(range(len(pairs)), min(len(pairs), rng.randint(5, 7)))
            chosen = [pairs[i] for i in picked]
            for a, b in chosen:
                a_on = min(max(a.joined_on, b.joined_on) + DAY * rng.randint(7, 150), latest)
                b_on = min(a_on + DAY * rng.randint(0, 10), latest)
                if rng.random() < 0.5:
                    a_on, b_on = b_on, a_on
                self.rows.peers.append(
                    PeerConnection(
                        organisation=self.organisation,
                        member_a=a,
                        member_b=b,
                        a_agreed_on=a_on,
                        b_agreed_on=b_on,
                        started_on=max(a_on, b_on),
                        note=rng.choice(PEER_NOTES).format(
                            a=a.preferred_name, b=b.preferred_name, day=places.drop_in.day
                        ),
                    )
                )
                self.peers_of[a.pk].append(b)
                self.peers_of[b.pk].append(a)
            left = [pair for i, pair in enumerate(pairs) if i not in picked]
            if network.pk == ended_network and left:
                # Not everyone stays friends; they stay good neighbours.
                a, b = rng.choice(left)
                started = max(a.joined_on, b.joined_on) + DAY * 20
                self.rows.peers.append(
                    PeerConnection(
                        organisation=self.organisation,
                        member_a=a,
                        member_b=b,
                        a_agreed_on=started,
                        b_agreed_on=started,
                        started_on=started,
                        ended_on=min(started + DAY * 120, latest),
                        note="Fell out over noise and drifted apart; both say they are still "
                        "good neighbours.",
                    )
                )
            self._places(network, here, places)

    def _places(self, network, here: list[Member], places) -> None:
        """The places in ``places`` (the network's, from networks.demo.seed) each
        member of ``here`` uses."""
        rng = self.rng
        introducers = self.staff.workers_of(network)
        links: list[tuple[Member, CommunityAsset]] = []
        for member in here:
            for asset in rng.sample(places.assets, rng.randint(1, 2)):
                links.append((member, asset))
        if len(links) < 8:  # enough for a connection map worth looking at
            used = {(m.pk, id(a)) for m, a in links}
            spare = [(m, a) for m in here for a in places.assets if (m.pk, id(a)) not in used]
            while len(links) < 8 and spare:
                links.append(spare.pop(rng.randrange(len(spare))))
        for member, asset in links:
            start = member.joined_on + DAY * rng.randint(14, 400)
            self.rows.places.append(
                CommunityConnection(
                    organisation=self.organisation,
                    member=member,
                    asset=asset,
                    started_on=max(member.joined_on, min(start, self.today - DAY * 7)),
                    note=PLACE_NOTES[asset.category].format(name=member.preferred_name),
                    introduced_by=rng.choice(introducers),
                )
            )
