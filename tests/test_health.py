import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_cache(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["Database(alias='default')"] == "OK"
    assert body["Cache(alias='default')"] == "OK"


def test_health_is_503_when_the_broker_is_down(client):
    # Nothing listens on port 1: the Redis check must fail, not hang.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/health/?format=json")
    assert response.status_code == 503
    body = response.json()
    broker = [value for key, value in body.items() if key.startswith("Redis")]
    assert broker and broker[0] != "OK"


def test_health_includes_the_broker_when_redis_is_configured(client, redis_url):
    with override_settings(REDIS_URL=redis_url):
        response = client.get("/health/?format=json")
    assert response.status_code == 200
    assert any(key.startswith("Redis") for key in response.json())


def test_health_page_for_people_says_what_works(client):
    response = client.get("/health/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "Everything is working." in response.content.decode()
