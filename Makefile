# Two commands for a newcomer: `make run` (try the site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

# Parallel test workers (pytest-xdist, one database and index prefix each). Most of the suite waits on
# PostgreSQL, Elasticsearch, Chromium and subprocesses, so one more worker than cores pays on 2 cores.
TEST_WORKERS ?= 3
# Whole files in collection order (no reordering by size): tests/conftest.py puts the files with a
# transactional test last, and a worker must never receive an ordinary file after one of them.
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: venv run demo messages compilemessages test soak lint format bench worker clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

compilemessages: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py compilemessages --ignore=.venv -v0

# Refresh the French and Arabic catalogues from the source (translators then fill them in).
# No djangojs catalogue: our scripts read their strings from data attributes the templates translate.
messages: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemessages -l fr -l ar --ignore=.venv --ignore=tests --ignore=var --ignore=media --no-obsolete -v0
	$(MAKE) compilemessages

demo: venv compilemessages
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:8000/fr/  (Arabic: http://127.0.0.1:8000/ar/)"
	@echo "  Admin:  http://127.0.0.1:8000/admin/"
	@echo "  Scheduled pages and alerts go live within a minute (publish_scheduled runs every minute),"
	@echo "  and the steering figures are recomputed every minute (refresh_steering; hourly in production)."
	@echo ""
	@# Wagtail's scheduled publishing and the steering figures' refresh, as the production timers do (docs/DEPLOYMENT.md),
	@# stopped with the server.
	@$(DEV_ENV) sh -c 'while :; do $(PY) manage.py publish_scheduled >/dev/null; $(PY) manage.py refresh_steering >/dev/null; sleep 60; done' & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The task worker, for setups that use the database queue (production, or DATABASE_URL + TASKS_BACKEND unset).
worker: venv
	$(PY) manage.py db_worker

test: venv compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	scripts/with-elasticsearch.sh $(PYTEST) $(PYTEST_ARGS)

# The long fault, fuzz and load tests at their full volumes (SOAK=1; `make test` runs the same tests smaller).
soak: venv compilemessages
	SOAK=1 scripts/with-elasticsearch.sh $(PYTEST) -m soak $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks at national scale (1.6 million members): needs BENCH_DATABASE_URL, a PostgreSQL database of
# its own whose name contains "bench" (it is emptied), and wrk. Results in var/bench/.
bench: venv
	@test -n "$(BENCH_DATABASE_URL)" || { echo "bench: set BENCH_DATABASE_URL=postgres://user:pass@host/portal_bench"; exit 2; }
	DATABASE_URL=$(BENCH_DATABASE_URL) scripts/with-elasticsearch.sh $(PY) -m tests.bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
