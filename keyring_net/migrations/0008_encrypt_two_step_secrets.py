"""Two-step secrets stored before encryption at rest (TOTP secrets,
recovery-code seeds) are encrypted with the current key
(``keyring_net.encryption``). Secrets already encrypted are left readable
the same way, so running it again does no harm."""

from django.db import migrations

from keyring_net.encryption import authenticator_data_reencrypted


def encrypt_two_step_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        authenticator.data = authenticator_data_reencrypted(authenticator.type, authenticator.data)
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("keyring_net", "0007_hash_plain_api_tokens"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    # Going back leaves the secrets encrypted: the adapter still reads them.
    operations = [migrations.RunPython(encrypt_two_step_secrets, migrations.RunPython.noop)]
