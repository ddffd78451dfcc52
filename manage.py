#!/usr/bin/env python
"""Django's command-line utility for KeyRing Net."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    from django.core.management import execute_from_command_line

    from keyring_net.startup import exit_on_bad_configuration

    with exit_on_bad_configuration(check_database=_needs_database(sys.argv)):
        execute_from_command_line(sys.argv)


def _needs_database(argv: list[str]) -> bool:
    """Commands that are useless without the database check it up front."""
    command = argv[1] if len(argv) > 1 else ""
    return command in {"runserver", "run_embedded", "migrate", "seed_demo", "createsuperuser"}


if __name__ == "__main__":
    main()
