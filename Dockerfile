# One image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      fonts-liberation2 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 keyring

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY keyring_net ./keyring_net
COPY members ./members
COPY networks ./networks
COPY volunteers ./volunteers
COPY support_plans ./support_plans
COPY outcomes ./outcomes
RUN pip install -c constraints.txt .
COPY . .
# Static files are collected at build time with throwaway values.
RUN DEBUG=true python manage.py collectstatic --noinput

USER keyring
EXPOSE 8000
CMD ["gunicorn", "keyring_net.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
