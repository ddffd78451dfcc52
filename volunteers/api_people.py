"""API routes of the volunteers app's people work: (prefix, viewset,
basename) tuples that keyring_net/api_urls.py registers."""

ROUTES: list = []
