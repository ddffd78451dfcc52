"""Test settings: the real settings with only what tests need changed.

DATABASE_URL picks PostgreSQL when set (as in CI); otherwise SQLite.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests keep e-mails and texts in memory (below), on purpose.
os.environ.setdefault("ALLOW_UNSENT_MESSAGES", "true")

from keyring_net.settings import *  # noqa: F403
from keyring_net.settings import DATABASES

# Plain HTTP in tests; the production values are checked by test_settings.py,
# which starts `check --deploy` in a fresh process.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Documents on the local disk, in a temporary folder of this process.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="keyring-documents-")},
    },
}
# Tests that need a real worker start one themselves (tests/test_celery_worker.py);
# everywhere else tasks run in-process so a test sees their effect at once.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = os.environ.get("REDIS_URL") or "memory://"
# Each test process keeps its own cache, emptied before every test
# (tests/conftest.py). A shared Redis cache let one test's sign-in rate
# limits and used two-step codes reach tests running beside it, and
# emptying it would have emptied the Celery queue in the same database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
