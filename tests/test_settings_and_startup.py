"""Production settings and start-up errors, each in a fresh process so the
real settings module (not the test one) is what is checked."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "Q7v!kz9#Lw2@rT5^yB8&nM3*cX6(hJ1)" + "s" * 10,
    "ALLOWED_HOSTS": "keyring.example.org",
    "DATABASE_URL": "sqlite:////tmp/keyring-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "SMS_BACKEND": "notifications.sms.TwilioSmsBackend",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "t" * 32,
    "TWILIO_FROM": "+447700900123",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "SMS_BACKEND",
            "TWILIO_ACCOUNT_SID",
            "TWILIO_AUTH_TOKEN",
            "TWILIO_FROM",
            "ALLOW_UNSENT_MESSAGES",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=400,
    )


def test_check_deploy_gives_no_warnings_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_stops_start_up_with_one_sentence():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("KeyRing Net cannot start: SECRET_KEY is not set")


def assert_one_sentence(result: subprocess.CompletedProcess, start: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"KeyRing Net cannot start: {start}"), lines[0]
    assert "ALLOW_UNSENT_MESSAGES=true" in lines[0]


@pytest.mark.parametrize(
    "email_url",
    ["", "consolemail://", "memorymail://", "filemail:///tmp/keyring-mail", "dummymail://"],
)
def test_production_refuses_email_that_is_never_sent(email_url):
    """Sign-in codes and password-reset links would sit in the log, and
    reminders would count as sent while nobody received them."""
    env = {**PRODUCTION, "EMAIL_URL": email_url}
    if not email_url:
        del env["EMAIL_URL"]
    result = run_manage("check", env=env)
    start = "EMAIL_URL is not set:" if not email_url else "EMAIL_URL does not send e-mail:"
    assert_one_sentence(result, start)
    assert "smtp+tls://" in result.stderr


@pytest.mark.parametrize(
    "sms_backend",
    [None, "notifications.sms.ConsoleSmsBackend", "notifications.sms.LocmemSmsBackend"],
)
def test_production_refuses_text_messages_that_are_never_sent(sms_backend):
    env = {**PRODUCTION, "SMS_BACKEND": sms_backend}
    if sms_backend is None:
        del env["SMS_BACKEND"]
    result = run_manage("check", env=env)
    assert_one_sentence(result, "SMS_BACKEND does not send text messages:")
    assert "TwilioSmsBackend" in result.stderr


def test_twilio_without_its_account_stops_start_up_with_one_sentence():
    env = {k: v for k, v in PRODUCTION.items() if k != "TWILIO_AUTH_TOKEN"}
    result = run_manage("check", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "KeyRing Net cannot start: SMS_BACKEND is Twilio: "
        "set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM."
    )


def test_unsent_messages_start_when_allowed_explicitly():
    env = {
        **PRODUCTION,
        "EMAIL_URL": "consolemail://",
        "SMS_BACKEND": "notifications.sms.ConsoleSmsBackend",
        "ALLOW_UNSENT_MESSAGES": "true",
    }
    result = run_manage("check", env=env)
    assert result.returncode == 0, result.stderr[-2000:]


def test_unreachable_database_stops_start_up_with_one_sentence():
    env = {**PRODUCTION, "DATABASE_URL": "postgres://keyring@127.0.0.1:1/keyring"}
    result = run_manage("migrate", "--check", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "the database at DATABASE_URL (127.0.0.1:1/keyring) cannot be reached" in lines[0]


def test_static_files_collect_in_production_mode(tmp_path):
    """The production storage (hashed names, compressed) resolves every file
    a stylesheet or script points at; a missing one would break deploys."""
    env = {**PRODUCTION, "STATIC_ROOT_OVERRIDE": str(tmp_path)}
    result = run_manage("collectstatic", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/app.css" in manifest and "vendor/leaflet/leaflet-src.esm.js" in manifest
