from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Networks"

    def ready(self) -> None:
        # Tell the core what a role can be scoped to (it never imports us).
        from keyring_net.registry import add_role_scope
        from networks.scopes import cluster_choices, network_choices

        add_role_scope("cluster", cluster_choices)
        add_role_scope("network", network_choices)
