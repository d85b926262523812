#!/usr/bin/env bash
# The TypeScript types of every API request and answer, generated from the OpenAPI schema
# (drf-spectacular) by openapi-typescript into src/lib/schema.d.ts, or into the file named by $1
# (`make check-api-types` writes a temporary one and compares).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-src/lib/schema.d.ts}"
tools=tools/openapi
# openapi-typescript needs TypeScript 5's compiler API, so it lives in its own small package.
if [ ! "$tools/node_modules/.package-lock.json" -nt "$tools/package-lock.json" ]; then
  npm ci --prefix "$tools" --no-audit --no-fund --silent
fi
schema="$(mktemp --suffix .yml)"
trap 'rm -f "$schema"' EXIT
# The embedded defaults and development settings: the schema must not depend on the caller's
# services (unset, DJANGO_DEBUG means production, which needs SECRET_KEY and ALLOWED_HOSTS).
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 \
  ../.venv/bin/python ../manage.py spectacular --file "$schema"
"$tools/node_modules/.bin/openapi-typescript" "$schema" --output "$out" --alphabetize >/dev/null
