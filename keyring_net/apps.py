from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class KeyringNetConfig(AppConfig):
    name = "keyring_net"
    verbose_name = "KeyRing Net"

    def ready(self) -> None:
        from keyring_net.limits import use_plain_length_messages
        from keyring_net.rls.policies import apply_after_migrate

        use_plain_length_messages()

        # Row-level security on every tenant table after each migrate (a no-op
        # on SQLite). Sender is this app alone, so it runs once per migrate,
        # after every app's migrations, whichever app added the table.
        post_migrate.connect(apply_after_migrate, sender=self, dispatch_uid="keyring_net.rls")

        # allauth announces a finished password reset only by signal; the
        # hook just calls a service (an invited person's link proves their
        # address, so they can sign in straight away).
        from allauth.account.signals import password_reset

        password_reset.connect(_verified_by_reset, dispatch_uid="keyring_net.reset_verifies")


class ServiceAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: no password form of its own, and only
    for platform staff who signed in with two steps. (Imported as a module so
    Django still finds ``KeyringNetConfig`` as this app's one default.)"""

    default = False
    default_site = "keyring_net.admin_site.KeyRingAdminSite"


def _verified_by_reset(sender, request, user, **kwargs) -> None:
    from keyring_net.services import mark_email_verified_after_reset

    mark_email_verified_after_reset(user)
