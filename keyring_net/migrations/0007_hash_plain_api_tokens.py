"""Existing API tokens (django-rest-framework's ``authtoken_token``, which
kept each key in plain text) become hashed ``ApiToken`` rows, so scripts
using them keep working; then that table, the only plain copy, is dropped.

``rest_framework.authtoken`` is no longer installed, so its table is read
with SQL and only when it exists (a new database never has it). Its
migration records and permissions go too, so installing that app again
would start from an empty table rather than believe it already exists.
"""

import hashlib

from django.db import migrations
from django.utils import timezone

PLAIN_TABLE = "authtoken_token"
PREFIX_LENGTH = 12  # keyring_net.api_tokens.PREFIX_LENGTH when this was written


def hash_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if PLAIN_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("keyring_net", "ApiToken")
    quoted = schema_editor.quote_name(PLAIN_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {quoted}")  # noqa: S608
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        digest = hashlib.sha256(key.encode()).hexdigest()
        if not ApiToken.objects.filter(key_hash=digest).exists():
            ApiToken.objects.create(
                user_id=user_id,
                name="Token made before tokens were hashed",
                prefix=key[:PREFIX_LENGTH],
                key_hash=digest,
                created_at=created or timezone.now(),
            )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {quoted}")
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("keyring_net", "0006_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Going back cannot bring the plain keys back: nothing to undo.
    operations = [migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop)]
