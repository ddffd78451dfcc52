"""The casework API, a module by area (registered in keyring_net/api_urls.py)."""
