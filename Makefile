# Two commands for a newcomer: `make run` (try the site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

.PHONY: venv run demo messages compilemessages test lint format bench worker clean

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
	$(DEV_ENV) $(PY) manage.py load_demo_content
	$(DEV_ENV) $(PY) manage.py load_demo_members
	$(DEV_ENV) $(PY) manage.py load_demo_search
	@if [ -n "$$ELASTICSEARCH_URL" ]; then $(DEV_ENV) $(PY) manage.py search_index rebuild; fi

run: demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:8000/fr/  (Arabic: http://127.0.0.1:8000/ar/)"
	@echo "  Admin:  http://127.0.0.1:8000/admin/"
	@echo "  Demo accounts are listed above (password for all: see README)."
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The task worker, for setups that use the database queue (production, or DATABASE_URL + TASKS_BACKEND unset).
worker: venv
	$(PY) manage.py db_worker

test: venv compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	scripts/with-elasticsearch.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

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
