"""``python manage.py demo_code EMAIL``: the current two-step code of a demo login."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from keyring_net.demo_data import ORGANISATIONS
from keyring_net.two_step import current_code, demo_secret


class Command(BaseCommand):
    help = "Print the current six-digit two-step code for a demo staff login."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        domains = {plan.email_domain for plan in ORGANISATIONS}
        if email.rsplit("@", 1)[-1] not in domains:
            raise CommandError("Only demo logins have a known code; real people use their app.")
        self.stdout.write(current_code(demo_secret(email)))
