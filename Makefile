# Two commands: `make run` (set up and serve on embedded defaults) and `make test` (every suite).
# The interpreter the image runs (docker/Dockerfile's PYTHON_VERSION; .python-version for pyenv).
PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Every target here is development (the test and cluster harnesses set production for the servers
# they start): unset, DJANGO_DEBUG means production, as in the container image.
export DJANGO_DEBUG ?= 1

.PHONY: run test lint format worker migrate demo clean messages makemessages check-messages

# A virtual environment made before .python-version last changed (another interpreter) is made
# again; pyvenv.cfg is the file `venv` writes once.
$(VENV)/pyvenv.cfg: .python-version
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed, or the environment was made again.
$(VENV)/.installed-runtime: requirements.txt $(VENV)/pyvenv.cfg
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/pyvenv.cfg
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

migrate: $(VENV)/.installed-runtime messages
	$(BIN)/python manage.py migrate --noinput

# --- Translations (locale/): the .po catalogues are committed, the .mo files built from them ------
# msgfmt is GNU gettext's (what Django's compilemessages runs), installed with apt when missing.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext-tools
	msgfmt --check-format -o $@ $<

# Extract the code's strings into the catalogues (then translate the new entries).
makemessages: $(VENV)/.installed-runtime gettext-tools
	$(BIN)/python -m aiagency.i18n_check --update

# Fails when a string of the code is missing from a catalogue, or is untranslated or fuzzy there.
check-messages: $(VENV)/.installed-runtime gettext-tools
	$(BIN)/python -m aiagency.i18n_check

demo: migrate
	$(BIN)/python manage.py load_model_catalogue
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py import_templates examples/templates --workspace demo
	$(BIN)/python manage.py seed_demo_evaluation

# The development server and a Celery worker with beat (aiagency/devserver.py), started and stopped
# together: on the embedded broker (a folder, var/broker/) unless CELERY_BROKER_URL names one.
run: demo frontend
	$(BIN)/python -m aiagency.devserver $(HOST):$(PORT)

# A worker with the beat scheduler embedded (it requeues generations a dead worker left behind).
worker: $(VENV)/.installed-runtime
	$(BIN)/celery -A aiagency worker --beat --loglevel=INFO

lint: $(VENV)/.installed-dev check-api-types check-messages lint-frontend
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The dashboard's API types (frontend/src/lib/schema.d.ts) must match the OpenAPI schema.
.PHONY: check-api-types
check-api-types: $(VENV)/.installed-dev
	@fresh=$$(mktemp --suffix .d.ts) && trap 'rm -f "$$fresh"' EXIT && bash frontend/scripts/gen-api.sh "$$fresh" \
	  && diff -u frontend/src/lib/schema.d.ts "$$fresh" >/dev/null \
	  || { echo "frontend/src/lib/schema.d.ts is stale: run 'cd frontend && npm run gen:api'" >&2; exit 1; }

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# pytest exits 5 when it collected nothing: that is not a failure. The suite runs in two processes
# (pytest-xdist), one a core of the CI machine: each keeps to its own databases and cache keys, as
# two runs side by side do (tests/conftest.py). On 2 cores, 7 min 28 s against 11 min 7 s in one
# (2026-11-27, idle VM, `timeit` 558 ns); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
test: lint messages test-frontend test-e2e validate-deploy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS); rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# --- React dashboard (frontend/) -------------------------------------------------------------------
NPM ?= npm
FRONTEND := frontend

.PHONY: frontend dev-frontend lint-frontend test-frontend test-e2e

# Reinstall Node packages only when package-lock.json changed (the stamp lives in node_modules).
$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	touch $@

# Build into frontend/dist, which Django serves at `/`.
frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && $(NPM) run build

# Vite on http://localhost:5173 with hot reload, proxying /api, /admin and /static to $(HOST):$(PORT).
dev-frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && BACKEND_URL=http://$(HOST):$(PORT) $(NPM) run dev

# tsc, then ESLint (frontend/scripts/eslint.sh: its own package in frontend/tools/eslint).
lint-frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && $(NPM) run lint

test-frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && $(NPM) test

# End-to-end tests against the real app (frontend/e2e/serve.sh: fresh SQLite, demo data, the
# built dashboard), in Debian's Chromium: Playwright's own browser download cannot work here.
test-e2e: frontend system-tools messages $(VENV)/.installed-dev
	cd $(FRONTEND) && $(NPM) run e2e

# The same stories, renewing the committed pictures of each screen (frontend/e2e/screenshots/; a
# test run puts its own in the ignored frontend/e2e/results/screenshots/).
.PHONY: screenshots
screenshots: frontend system-tools messages $(VENV)/.installed-dev
	cd $(FRONTEND) && E2E_SCREENSHOTS=e2e/screenshots $(NPM) run e2e

# The dashboard's load in Chromium: each screen cold and by navigation, the first page's JavaScript
# (benchmarks/dashboard.md).
.PHONY: bench-dashboard
bench-dashboard: frontend system-tools messages $(VENV)/.installed-dev
	cd $(FRONTEND) && node scripts/bench-dashboard.mjs

# --- Deployment (docker/, deploy/) ------------------------------------------------------------------
.PHONY: system-tools validate-deploy cluster

# Debian packages the tests use, installed only when missing: Chromium (end-to-end tests),
# promtool from prometheus (alert rules), nginx (the local cluster, the frontend tier's config) and
# shellcheck (the shell scripts and the workflows' run: steps).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: gettext-tools
gettext-tools:
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext; }
system-tools:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v promtool >/dev/null || missing="$$missing prometheus"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v shellcheck >/dev/null || missing="$$missing shellcheck"; \
	if [ -n "$$missing" ]; then \
		echo "system-tools: installing$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# docker compose config (each profile), kustomize build + kubernetes-validate, promtool check/test
# rules and check config, Grafana JSON, nginx -t (frontend tier), actionlint, shellcheck, and the
# index template against the Kibana objects and Filebeat configs (deploy/validate.py).
validate-deploy: system-tools $(VENV)/.installed-dev
	$(BIN)/python -m deploy.validate

# nginx on :8080 before two API processes, two Celery workers and beat, on the services that
# DATABASE_URL, REDIS_URL and CELERY_BROKER_URL name (database cluster_test); Ctrl-C stops all.
cluster: system-tools $(VENV)/.installed-runtime
	$(BIN)/python -m deploy.cluster

# --- Hardening (tests/hardening/): deeper runs than `make test`'s bounded ones ----------------------
.PHONY: test-schema-long test-fuzz-long

# schemathesis over every operation with 300 examples each; needs DATABASE_URL and REDIS_URL.
test-schema-long: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/hardening/test_schemathesis.py -q

# The parser and rendering properties with ten times make test's examples.
test-fuzz-long: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/hardening -q -k fuzz

# --- Chaos (tests/chaos/): outages, limits across processes, cut streams, soak, canary secrets --
# Each run starts a production-shaped stack on a PostgreSQL and a Redis of its own (it freezes,
# kills and restarts them) and the broker CELERY_BROKER_URL names; figures go to
# benchmarks/chaos.md. `make soak` runs the soak for 20 minutes instead of 2.
.PHONY: chaos soak
chaos: system-tools $(VENV)/.installed-dev
	CHAOS=1 $(BIN)/python -m pytest tests/chaos -p no:cacheprovider

soak: system-tools $(VENV)/.installed-dev
	CHAOS=1 SOAK_SECONDS=1200 $(BIN)/python -m pytest tests/chaos/test_soak.py -p no:cacheprovider

# --- Benchmarks beside a peer (benchmarks/peers.py, results in benchmarks/peers.md) -------------
# LiteLLM's proxy lives in a virtual environment of its own (requirements-bench.txt), never in the
# app's. PostgreSQL and Redis default to the local ones, as .ci/run points at them.
BENCH_VENV := .venv-bench
.PHONY: bench-peers
$(BENCH_VENV)/.installed: requirements-bench.txt .python-version
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench-peers: $(VENV)/.installed-dev $(BENCH_VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	DJANGO_DEBUG=false $(BIN)/python benchmarks/peers.py

# --- The other benchmarks (benchmarks/*.py), one after the other at short sizes -------------------
# 9 minutes on two idle cores (about 20 on busy ones), on the local services as .ci/run points at them
# (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL override). What each script prints goes to
# var/bench/<script>.txt and its results file to var/bench/ (BENCH_RESULTS_DIR), not over the
# committed full-size figures in benchmarks/ (benchmarks/README.md lists them). Each run has its
# own databases, queues and cache keys, dropped at the end: runs side by side keep apart. A
# failing script does not stop the others; the target fails at the end.
.PHONY: bench
BENCH_RUNS := \
	"generation_latency --requests 50" \
	"generation_profile --requests 200" \
	"rendering --renders 1000" \
	"analytics_queries --count 50000" \
	"content --items 20000" \
	"import_templates --sizes 2500" \
	"servers --rounds 2 --requests 50 --streams 50" \
	"embedded_broker --round-trips 20 --burst 100 --idle-seconds 5" \
	"load_faults --seconds 15" \
	"evaluation_overhead --rows 200 --runs 2" \
	"batch_throughput --waves 10" \
	"first_request --trials 2 --next 5" \
	"worker_tasks --trials 2 --tasks 40"
bench: SHELL := /bin/bash
bench: .SHELLFLAGS := -o pipefail -c
bench: $(VENV)/.installed-dev
	@mkdir -p var/bench; failed=""; started=$$(date +%s); \
	export BENCH_RESULTS_DIR=$(CURDIR)/var/bench \
		DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		CELERY_BROKER_URL=$${CELERY_BROKER_URL:-amqp://guest:guest@127.0.0.1:5672//}; \
	for run in $(BENCH_RUNS); do \
		set -- $$run; script=$$1; shift; began=$$(date +%s); \
		echo "== bench: $$script $$* (load $$(cut -d' ' -f1-3 /proc/loadavg))"; \
		$(BIN)/python benchmarks/$$script.py "$$@" 2>&1 | tee var/bench/$$script.txt \
			|| failed="$$failed $$script"; \
		echo "== bench: $$script took $$(( $$(date +%s) - began )) s"; \
	done; \
	echo "== bench: all in $$(( $$(date +%s) - started )) s"; \
	if [ -n "$$failed" ]; then echo "== bench: failed:$$failed" >&2; exit 1; fi
