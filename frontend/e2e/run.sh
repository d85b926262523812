#!/usr/bin/env bash
# `npm run e2e`: Playwright against the app e2e/serve.sh serves. The server's output goes to the
# run's output as it comes, and to a file; when the run fails, its last lines are printed again at
# the end. A server that died mid-run fails every later test at sign-in, and what killed it would
# otherwise sit in the middle of the output, above the failures, where a log's tail misses it.
set -uo pipefail
cd "$(dirname "$0")/.."
export E2E_SERVER_LOG="${TMPDIR:-/tmp}/aiagency-e2e-server-$$.log"
trap 'rm -f "$E2E_SERVER_LOG"' EXIT
node_modules/.bin/playwright test "$@"
status=$?
if [ "$status" -ne 0 ] && [ -s "$E2E_SERVER_LOG" ]; then
  echo "e2e: the run failed; the app server's last 40 lines of output:" >&2
  tail -n 40 "$E2E_SERVER_LOG" >&2
fi
exit "$status"
