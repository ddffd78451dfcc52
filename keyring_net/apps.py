from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KeyringNetConfig(AppConfig):
    name = "keyring_net"
    verbose_name = "KeyRing Net"

    def ready(self) -> None:
        from keyring_net.rls import apply_after_migrate

        # Row-level security on every tenant table after each migrate (a no-op
        # on SQLite). Sender is this app alone, so it runs once per migrate,
        # after every app's migrations, whichever app added the table.
        post_migrate.connect(apply_after_migrate, sender=self, dispatch_uid="keyring_net.rls")
