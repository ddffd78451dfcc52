"""The networks API: clusters and networks (``networks.py``), homes and
community places (``places.py``); registered in keyring_net/api_urls.py."""
