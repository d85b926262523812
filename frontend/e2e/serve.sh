#!/usr/bin/env bash
# The real app for the end-to-end tests: a fresh SQLite database with the demo data, embedded
# defaults (eager Celery, local-memory cache, the offline provider), the built dashboard.
set -euo pipefail
cd "$(dirname "$0")/../.."
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
export CELERY_TASK_ALWAYS_EAGER=1  # no worker here: background work runs in the request
# Webhooks may reach the test's receiver on loopback (any other private address stays refused).
export PROVIDER_BASE_URL_ALLOWED_HOSTS=127.0.0.1
database="${TMPDIR:-/tmp}/aiagency-e2e-$$.sqlite3"
export DATABASE_URL="sqlite:///${database}"
export MEDIA_ROOT="${TMPDIR:-/tmp}/aiagency-e2e-media-$$"
trap 'rm -rf "$database" "$MEDIA_ROOT"' EXIT
python=.venv/bin/python
$python manage.py migrate --noinput -v0
$python manage.py load_model_catalogue
$python manage.py seed_demo
$python manage.py import_templates examples/templates --workspace demo
# The port comes from playwright.config.ts, which picks a free one for each run.
$python manage.py runserver "127.0.0.1:${E2E_PORT:?set by playwright.config.ts}" --noreload
