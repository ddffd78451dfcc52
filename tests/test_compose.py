"""docker-compose.yml describes production: web, worker, beat, PostgreSQL and
Redis, sharing one configuration, with health checks and named volumes."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_a_health_check():
    services = load()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name


def test_app_services_share_one_configuration():
    services = load()["services"]
    envs = [services[name]["environment"] for name in ("web", "worker", "beat")]
    assert envs[0] == envs[1] == envs[2]
    assert envs[0]["DATABASE_URL"].startswith("postgres://")
    assert envs[0]["REDIS_URL"].startswith("redis://")
    assert envs[0]["DEBUG"] == "false"
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    assert len(images) == 1


def test_data_lives_in_named_volumes():
    compose = load()
    assert {"postgres-data", "redis-data"} <= set(compose["volumes"])
    assert any(v.startswith("postgres-data:") for v in compose["services"]["postgres"]["volumes"])


def test_the_app_connects_as_a_role_bound_by_row_level_security():
    compose = load()
    env = compose["services"]["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://keyring_app:")
    assert env["MIGRATE_DATABASE_URL"].startswith("postgres://keyring_owner:")
    assert "MIGRATE_DATABASE_URL python manage.py migrate" in compose["services"]["web"]["command"]
    init = (ROOT / "deploy/postgres/10-app-role.sh").read_text()
    assert "NOBYPASSRLS" in init and "NOSUPERUSER" in init


def test_messages_are_never_sent_to_the_log_by_default():
    """No console e-mail default: production mode refuses it, and compose
    asks for EMAIL_URL instead of starting a server that sends nothing."""
    env = load()["services"]["web"]["environment"]
    assert env["EMAIL_URL"].startswith("${EMAIL_URL:?")
    assert "console" not in env["EMAIL_URL"] and "console" not in env["SMS_BACKEND"]
    assert env["ALLOW_UNSENT_MESSAGES"] == "${ALLOW_UNSENT_MESSAGES:-false}"
