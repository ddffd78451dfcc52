"""``python manage.py seed_demo [--seed N] [--scale N] [--json] [--allow-production]``

Demo people have published passwords, so production mode (``DEBUG=false``)
refuses to make them unless ``--allow-production`` says it is on purpose (a
trial server, benchmarks, the tests). ``make run`` sets ``DEBUG=true``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from keyring_net.demo import seed_all


class Command(BaseCommand):
    help = "Load the demo organisations, networks and people, and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--scale", type=int, default=1, help="Copies of each organisation's networks."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the logins as a JSON list, nothing else."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even with DEBUG=false (never on a server with real people).",
        )

    def handle(self, *args, seed: int, scale: int, json: bool, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo adds people with published passwords, so with DEBUG=false it runs "
                "only with --allow-production (never on a server with real people's data)."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        logins = seed_all(seed=seed, scale=scale)
        if json:
            self.stdout.write(_json([login.as_json() for login in logins]))
            return
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with any of these:"))
        current = None
        for login in logins:
            if login.organisation != current:
                current = login.organisation
                self.stdout.write(f"\n  {current}")
            two_step = "  (two-step code)" if login.totp_secret else ""
            self.stdout.write(f"    {login.role:<22} {login.email:<38} {login.password}{two_step}")
        self.stdout.write(
            "\nStaff and commissioners sign in with two steps. For the six-digit code, run:\n"
            "    .venv/bin/python manage.py demo_code EMAIL\n"
            "or add the login's totp_secret (see --json) to an authenticator app."
        )


def _json(data) -> str:
    return json.dumps(data, indent=2)
