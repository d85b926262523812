#!/usr/bin/env bash
# The real app for the end-to-end tests, served as `make run` serves it: the development server and
# a real Celery worker (aiagency/devserver.py) on embedded defaults (a fresh SQLite database with
# the demo data, the filesystem broker, the local-memory cache, the offline provider) and the built
# dashboard. Background generations and batches run in the worker, so a test can watch them run,
# cancel them and retry them.
set -euo pipefail
cd "$(dirname "$0")/../.."
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_TASK_ALWAYS_EAGER
export DJANGO_DEBUG=1  # development settings (unset means production)
run="${TMPDIR:-/tmp}/aiagency-e2e-$$"  # this run's database, media and broker: runs side by side keep apart
mkdir -p "$run"
trap 'rm -rf "$run"' EXIT
# Playwright stops the server with SIGTERM (playwright.config.ts), which the launcher gets too: it
# stops the web server and the worker; this shell waits for it, then cleans up.
trap 'exit 143' TERM
export DATABASE_URL="sqlite:///${run}/db.sqlite3"
export MEDIA_ROOT="${run}/media"
export EMBEDDED_BROKER_DIR="${run}/broker"
# The steering story points the workspace at a fake model server on loopback (e2e/fakeProvider.ts).
export PROVIDER_BASE_URL_ALLOWED_HOSTS=127.0.0.1
# A render's time limit (1.5 s by default) is a production bound on a user's template; on a loaded
# machine an ordinary render can pass it, failing a row the test expects to succeed (a release
# gate's evaluation once scored 50 % at a load of 18). The tests must not depend on the
# machine's speed: the render limit's own tests are in tests/templates_app.
export RENDER_TIMEOUT_SECONDS=60
# Two rows of a batch in flight: while the fake provider holds them, the others stay queued.
export BATCH_CONCURRENCY=2
python=.venv/bin/python
$python manage.py migrate --noinput -v0
$python manage.py load_model_catalogue
$python manage.py seed_demo
$python manage.py import_templates examples/templates --workspace demo
# e2e/run.sh prints the server's last lines again when the run fails.
if [ -n "${E2E_SERVER_LOG:-}" ]; then exec 2> >(tee -a "$E2E_SERVER_LOG" >&2); fi
# The port comes from playwright.config.ts, which picks a free one for each run.
$python -m aiagency.devserver "127.0.0.1:${E2E_PORT:?set by playwright.config.ts}" --noreload
