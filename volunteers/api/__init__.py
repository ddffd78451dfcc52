"""The volunteers API: people, the rota, and today (registered in keyring_net/api_urls.py)."""
