"""Routes of the volunteers pages, one module an area (joined in keyring_net/urls.py)."""
