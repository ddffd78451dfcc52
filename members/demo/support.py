"""Support given to the demo members lately: visits, calls, the hub, peer
support, out-of-hours calls and a correction."""

from __future__ import annotations

import datetime

from members.demo.words import (
    ASSESSMENT_VISITS,
    AT_THE_HUB,
    CALLS,
    DAY,
    MOVED_ON_AT_HUB,
    OUT_AND_ABOUT,
    OUT_OF_HOURS_CALLS,
    PEER_HELP,
    POP_ROUNDS,
    VISITS,
    Method,
    Status,
    Topic,
    at,
)
from members.models import Contact


class SupportGiven:
    """Part of the demo's ``_Life`` (members/demo/seed.py): contacts."""

    def _contact(self, member, worker, method, pick, when, minutes, peer=None, **words):
        """A contact, written up between a few minutes and an hour and a half
        after it ended (the helpline writes up at once)."""
        topics, text = pick
        peer_name = peer.preferred_name if peer is not None else ""
        write_up = 2 if method == Method.OUT_OF_HOURS else self.rng.randint(5, 90)
        contact = Contact(
            organisation=self.organisation,
            member=member,
            worker=worker,
            peer=peer,
            happened_at=when,
            minutes=minutes,
            method=method,
            topics=sorted(set(topics)),
            notes=text.format(name=member.preferred_name, peer=peer_name, **words),
            created_at=when + datetime.timedelta(minutes=minutes + write_up),
        )
        self.rows.contacts.append(contact)
        return contact

    def _some_time(self, last_day, hours, minutes=(0, 15, 30, 45)) -> datetime.datetime:
        """A time in the week that ends on ``last_day``."""
        rng = self.rng
        day = last_day - DAY * rng.randint(0, 6)
        return at(day, rng.choice(hours), rng.choice(minutes))

    def contacts(self) -> None:
        """Three weeks of support for everyone, so most were seen in the last
        fortnight; two or three not seen for over three weeks; two calls to
        the out-of-hours helpline last night, waiting for the handover."""
        rng = self.rng
        not_seen = {m.pk for m in self.not_seen}
        daytime, evening = range(10, 17), (11, 18, 19)
        for network in self.networks:
            clv = self._clv_or_manager(network)
            enabler_here = network.pk in self.staff.enabler_network_ids
            out_and_about = self.staff.enabler if enabler_here else clv
            drop_in = self.places[network.pk].drop_in
            for member in self.by_network[network.pk]:
                if member.status == Status.ASSESSING:
                    self._assessment_visits(member)
                    continue
                if member.pk in not_seen:  # last seen over three weeks ago
                    for _ in range(2):
                        when = self._some_time(
                            self.today - DAY * 22 - DAY * rng.randint(0, 20), daytime
                        )
                        self._contact(member, clv, Method.VISIT, rng.choice(VISITS), when, 45)
                    continue
                for week in range(3):
                    end = self.today - DAY * (1 + 7 * week)  # the week's last day
                    hub_day = end - DAY * ((end.weekday() - drop_in.weekday) % 7)
                    at_hub = at(hub_day, drop_in.starts.hour, drop_in.starts.minute)
                    at_hub += datetime.timedelta(minutes=rng.choice([0, 15, 30, 45]))
                    if member.status == Status.MOVED_ON:
                        if rng.random() < 0.4:  # still comes to the drop-in
                            self._contact(
                                member,
                                clv,
                                Method.HUB,
                                MOVED_ON_AT_HUB,
                                at_hub,
                                rng.randint(10, 20),
                                day=drop_in.day,
                            )
                        continue
                    if member.joined_on > end - DAY * 6:
                        continue
                    visit = self._some_time(end, daytime)
                    self._contact(
                        member, clv, Method.VISIT, rng.choice(VISITS), visit, rng.randint(45, 90)
                    )
                    if rng.random() < 0.4:
                        when = self._some_time(end, (16, 17, 18))
                        self._contact(
                            member,
                            clv,
                            Method.VISIT,
                            rng.choice(POP_ROUNDS),
                            when,
                            rng.randint(20, 45),
                        )
                    if rng.random() < 0.5:
                        when = self._some_time(end, range(9, 18), (0, 10, 20, 30, 40, 50))
                        self._contact(
                            member, clv, Method.PHONE, rng.choice(CALLS), when, rng.randint(5, 20)
                        )
                    if rng.random() < 0.6:
                        self._contact(
                            member,
                            clv,
                            Method.HUB,
                            rng.choice(AT_THE_HUB),
                            at_hub,
                            rng.randint(15, 40),
                            day=drop_in.day,
                        )
                    if rng.random() < 0.15:
                        when = self._some_time(end, evening, (0, 30))
                        self._contact(
                            member,
                            out_and_about,
                            Method.COMMUNITY,
                            rng.choice(OUT_AND_ABOUT),
                            when,
                            rng.randint(60, 120),
                        )
                    helpers = self.peers_of.get(member.pk)
                    if helpers and rng.random() < 0.2:
                        when = self._some_time(end, daytime)
                        self._contact(
                            member,
                            clv,
                            Method.PEER,
                            rng.choice(PEER_HELP),
                            when,
                            rng.randint(30, 60),
                            peer=rng.choice(helpers),
                        )
        self._out_of_hours()
        self._a_correction()

    def _assessment_visits(self, member) -> None:
        for pick in ASSESSMENT_VISITS:
            when = self._some_time(self.today - DAY * 2, range(10, 15), (0, 30))
            minutes = self.rng.randint(45, 75)
            self._contact(member, self.staff.manager, Method.VISIT, pick, when, minutes)

    def _out_of_hours(self) -> None:
        """Two calls last night, waiting for the handover; one older, handed over."""
        rng = self.rng
        last_night = self.today - DAY
        calls = rng.sample(OUT_OF_HOURS_CALLS, 2)
        for member, (topics, text), (hour, minute) in zip(
            self.night_callers, calls, [(21, 50), (22, 40)], strict=True
        ):
            text = text.replace("{time}", f"{hour - 12}.{minute:02d}pm")
            when = at(last_night, hour, minute)
            self._contact(
                member,
                self.staff.enabler,
                Method.OUT_OF_HOURS,
                (topics, text),
                when,
                rng.randint(15, 25),
            )
        day = self.today - DAY * rng.randint(6, 12)
        topics, text = rng.choice(OUT_OF_HOURS_CALLS)
        call = self._contact(
            rng.choice(self.night_callers),
            self.staff.enabler,
            Method.OUT_OF_HOURS,
            (topics, text.replace("{time}", "8.15pm")),
            at(day, 20, 15),
            rng.randint(10, 20),
        )
        call.handed_over_at = at(day + DAY, 9, 10)
        call.handed_over_to = self.staff.manager

    def _a_correction(self) -> None:
        """A visit recorded four days ago with the wrong length, corrected."""
        network = self.first_copy[0]
        member = next(
            m
            for m in self.by_network[network.pk]
            if m.status == Status.ACTIVE and m not in self.not_seen
        )
        self.corrected = self._contact(
            member,
            self._clv_or_manager(network),
            Method.VISIT,
            ([Topic.BILLS], "Went through the gas bill together and rang the supplier."),
            at(self.today - DAY * 4, 14),
            90,
        )
