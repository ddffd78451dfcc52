"""The demo's outcome figures, contracts and reports, and surveys
(keyring_net.demo calls each), one module by area: ``indicators``,
``reports``, ``surveys``."""
