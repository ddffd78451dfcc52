"""The outcomes routes, by area (each joined in keyring_net/urls.py)."""
