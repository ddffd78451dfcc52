"""The session store: Django's cached database sessions, each database step
run with the row-level security grant that may see sessions.

A session row names nobody in a column, and any session key is as good as
a password, so on PostgreSQL the session table is visible only to a
transaction whose grant lets it find people (``identify`` or ``all``; see
``keyring_net.rls``). A signed-in page runs narrowed to its organisation
and person, yet it still has to load, save, renew (sign-in, password change)
and end (sign-out) its session: this store widens the grant for exactly those
steps, and the app role's own SQL cannot. A no-op wrapper on SQLite.
"""

from __future__ import annotations

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from keyring_net.tenancy import people_identifiable


class SessionStore(CachedDBStore):
    def _get_session_from_db(self):
        with people_identifiable():
            return super()._get_session_from_db()

    def exists(self, session_key):
        with people_identifiable():
            return super().exists(session_key)

    def save(self, must_create=False):
        with people_identifiable():
            return super().save(must_create=must_create)

    def delete(self, session_key=None):
        with people_identifiable():
            return super().delete(session_key)

    @classmethod
    def clear_expired(cls):
        with people_identifiable():
            return super().clear_expired()
