"""Casework demo data, a module by area (keyring_net/demo calls each)."""
