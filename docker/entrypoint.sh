#!/bin/sh
# One image, one role per container: `api`, `worker`, `beat`, `migrate`, or any other command.
# The local cluster (deploy/cluster.py) starts its processes through this same script.
set -eu

# prometheus_client's multiprocess mode keeps one file per process in this directory; files a
# previous run left behind would be added to this run's counters, so start from an empty one.
reset_metrics_dir() {
  if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  fi
}

role="${1:-api}"
[ "$#" -gt 0 ] && shift

case "$role" in
  api)
    reset_metrics_dir
    # aiagency/gunicorn.conf.py serves aiagency.wsgi with gthread workers and reads
    # GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS and GUNICORN_TIMEOUT and TRUSTED_PROXIES
    # (the only peers whose forwarded headers are believed) and wires prometheus_client's
    # multiprocess mode; the flags below add the proxy-facing settings.
    exec gunicorn --config aiagency/gunicorn.conf.py \
      --graceful-timeout "${GUNICORN_GRACEFUL_TIMEOUT:-30}" \
      --keep-alive "${GUNICORN_KEEPALIVE:-75}" \
      --max-requests "${GUNICORN_MAX_REQUESTS:-2000}" \
      --max-requests-jitter "${GUNICORN_MAX_REQUESTS_JITTER:-200}" \
      "$@"
    ;;
  worker)
    reset_metrics_dir
    exec celery -A aiagency worker \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${CELERY_CONCURRENCY:-4}" \
      --hostname "${CELERY_HOSTNAME:-worker@%h}" \
      --without-gossip --without-mingle \
      "$@"
    ;;
  beat)
    # Exactly one beat per deployment: it only sends the periodic sweeps.
    exec celery -A aiagency beat \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}" \
      "$@"
    ;;
  migrate)
    python manage.py migrate --noinput
    exec python manage.py load_model_catalogue
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
