from django.apps import AppConfig


class KeyringNetConfig(AppConfig):
    name = "keyring_net"
    verbose_name = "KeyRing Net"
