"""Settings for a real worker started by a test: the real settings, with
e-mail and texts sent to ``tests/worker_outbox.py``."""

from keyring_net.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.worker_outbox.EmailBackend"
SMS_BACKEND = "tests.worker_outbox.TextBackend"
