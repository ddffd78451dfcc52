"""KeyRing Net: the project package and the tenancy core."""

from keyring_net.celery import app as celery_app

__all__ = ["celery_app"]
