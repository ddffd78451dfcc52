"""``python manage.py create_organisation --name ... --admin-email ...``:
start a new organisation and e-mail its first admin an invitation.

For whoever runs the service. Everything after this happens in the
browser: the admin chooses a password from the e-mailed link, then sets up
the organisation's settings, networks and people.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyring_net.actors import Actor
from keyring_net.services_organisation import DEFAULT_TIME_ZONE, organisation_create

OPTION_NAMES = {
    "name": "--name",
    "admin_email": "--admin-email",
    "slug": "--slug",
    "time_zone": "--time-zone",
    "base_url": "SITE_URL",
}


class Command(BaseCommand):
    help = (
        "Start a new organisation and e-mail its first admin an invitation with a link "
        "to choose a password (the link starts with SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The organisation's name.")
        parser.add_argument(
            "--admin-email", required=True, help="E-mail address of its first admin."
        )
        parser.add_argument(
            "--admin-name", default="", help="Full name of its first admin (they can change it)."
        )
        parser.add_argument(
            "--slug", default="", help="Short name for addresses (default: made from the name)."
        )
        parser.add_argument(
            "--time-zone",
            default=DEFAULT_TIME_ZONE,
            help=f"Its clock, like {DEFAULT_TIME_ZONE} (the default).",
        )

    def handle(self, *args, **options):
        try:
            organisation, assignment = organisation_create(
                actor=Actor.platform_for(None),
                name=options["name"],
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
                slug=options["slug"],
                time_zone=options["time_zone"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            raise CommandError(_said(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Started {organisation.name} (slug {organisation.slug}). "
                f"We have e-mailed {assignment.user.email} an invitation to be its admin."
            )
        )


def _said(error: ValidationError) -> str:
    """The service's refusal, each problem on its own line with the option
    it is about."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "\n".join(
        f"{OPTION_NAMES.get(name, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )
