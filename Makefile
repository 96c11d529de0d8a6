# Two commands: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
comma := ,
# PostgreSQL support is installed only when DATABASE_URL points at PostgreSQL.
EXTRAS := test$(if $(filter postgres%,$(DATABASE_URL)),$(comma)postgres)
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: install run test lint audit messages frontend bench-pdf bench bench-scale faults

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) scripts/check_system.py install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[$(EXTRAS)]"
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	@touch $@

run: install
	@$(PY) scripts/check_system.py run
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_framework
	$(PY) manage.py seed_demo
	@echo
	@echo "Better Lives is running at http://$(HOST):$(PORT)/  (press Ctrl+C to stop)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in one process per CPU (pytest-xdist), each module's tests together in one
# process; TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= auto

test: install
	@$(PY) scripts/check_system.py test
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench-pdf: install
	$(PY) scripts/bench_pdf.py

# The survey load benchmark and the fault drills run against PostgreSQL on 127.0.0.1:5432
# (BENCH_PG to change), so they install its driver whatever DATABASE_URL says.
BENCH_STAMP := $(VENV)/.installed-bench-postgres

$(BENCH_STAMP): pyproject.toml $(STAMP)
	@DATABASE_URL=postgres:// $(PYTHON) scripts/check_system.py install
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,postgres]"
	@touch $@

# BENCH_USERS=200 BENCH_THINK=2-6 BENCH_SATURATION_USERS=20 BENCH_BURST=100: see scripts/bench_load.py.
bench: install $(BENCH_STAMP)
	$(PY) scripts/bench_load.py

# Two app servers behind nginx (installed from the OS packages if missing), one db_worker and
# a shared cache: sessions, resume codes, rate limits, live votes and reports work whichever
# server answers. BENCH_CACHE=redis, BENCH_USERS, BENCH_SECONDS: see scripts/bench_scale.py.
bench-scale: install $(BENCH_STAMP)
	$(PY) scripts/bench_scale.py

# Stops and starts the PostgreSQL cluster for a few seconds: see scripts/faults.py.
faults: install $(BENCH_STAMP)
	$(PY) scripts/faults.py

lint: install
	$(VENV)/bin/ruff check .

# Checks the installed Python packages against the published vulnerability databases
# (needs the internet: pypi.org and osv.dev). Run before and after an upgrade.
audit: install
	$(PY) -m pip install --quiet --disable-pip-version-check "pip-audit>=2.7,<3"
	$(VENV)/bin/pip-audit --strict --skip-editable --progress-spinner off

# Update the Welsh catalogue after changing user-facing text.
messages: install
	$(PY) manage.py makemessages --locale cy --ignore .venv --ignore node_modules --ignore staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

# Only for upgrading GOV.UK Frontend: needs Node.js. The output in static/ is committed.
frontend:
	bash scripts/build_frontend.sh
