"""Settings for a real worker started by a test: the real settings, with
e-mail and texts sent to ``tests/worker_outbox.py`` (which may hold one
mid-send, or between claiming and handing over, for the test to kill)."""

from keyring_net.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.worker_outbox.EmailBackend"
SMS_BACKEND = "tests.worker_outbox.TextBackend"
NOTIFICATIONS_BEFORE_HAND_OVER = "tests.worker_outbox.hold_before_hand_over"
