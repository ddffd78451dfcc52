"""``/health/``: the state of the database, the cache and the broker.

200 when all answer, 503 when one does not (load balancers read the code).
Built on django-health-check's checks; answers JSON to ``Accept:
application/json`` or ``?format=json``.
"""

from __future__ import annotations

from django.conf import settings
from health_check.views import HealthCheckView


def _checks():
    checks = ["health_check.checks.Database", "health_check.checks.Cache"]
    if settings.REDIS_URL:
        from redis.asyncio import Redis

        url = settings.REDIS_URL
        checks.append(
            (
                "health_check.contrib.redis.Redis",
                {"client_factory": lambda: Redis.from_url(url, socket_connect_timeout=2)},
            )
        )
    return checks


class HealthView(HealthCheckView):
    template_name = "keyring_net/health.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "broker_checked": bool(settings.REDIS_URL)}

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code >= 500:
            response.status_code = 503
        return response

    def get_checks(self):
        self.checks = _checks()
        return super().get_checks()
