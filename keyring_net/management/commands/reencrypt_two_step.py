"""Encrypt every stored two-step secret with the first MFA_ENCRYPTION_KEY.

After putting a new key first in MFA_ENCRYPTION_KEY (the old ones after
it), run this, then remove the old keys. Safe to run again.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from keyring_net.encryption import authenticator_data_reencrypted


class Command(BaseCommand):
    help = "Encrypt every stored two-step secret with the first MFA_ENCRYPTION_KEY."

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for authenticator in Authenticator.objects.filter(
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        ).select_for_update():
            authenticator.data = authenticator_data_reencrypted(
                authenticator.type, authenticator.data
            )
            authenticator.save(update_fields=["data"])
            count += 1
        self.stdout.write(f"{count} two-step secrets encrypted with the current key.")
