#!/usr/bin/env bash
# ESLint over the dashboard (tools/eslint/eslint.config.js), after the feature-boundary rule's own
# test. ESLint lives in its own small package, tools/eslint, installed here when its lockfile changed:
# typescript-eslint needs TypeScript 6's compiler API, and the dashboard builds with TypeScript 7.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=tools/eslint
if [ ! "$tools/node_modules/.package-lock.json" -nt "$tools/package-lock.json" ]; then
  npm ci --prefix "$tools" --no-audit --no-fund --silent
fi
node --test --test-reporter=dot "$tools/featureBoundaries.test.js"
"$tools/node_modules/.bin/eslint" --config "$tools/eslint.config.js" --max-warnings 0 "$@" .
