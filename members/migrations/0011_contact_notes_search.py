"""The full-text index of contact notes, for search (search/selectors.py).

Built on PostgreSQL only, concurrently, so a large contacts table stays
writable while it is built; on SQLite (the embedded default) search matches
words without an index, so nothing is built there. The model's state is the
same on both, so ``makemigrations`` sees no change.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class AddIndexOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0010_member_reference_and_date_of_birth"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="contact",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("notes", config="english"),
                name="contact_notes_search",
            ),
        ),
    ]
