# Casepath: two commands matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-postgres lint typecheck check-migrations bench bench-postgres bench-report install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	CASEPATH_DEMO=1 $(BIN)/casepath demo --host $(HOST) --port $(PORT)

# The whole suite on every core (pytest-xdist); a slice runs plainly: .venv/bin/pytest tests/x
test: $(STAMP)
	tools/run-pytest -n auto

test-postgres: $(STAMP)
	tools/with-postgres tools/run-pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/python tools/check_invariants.py

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

check-migrations: $(STAMP)
	CASEPATH_DEMO=1 $(BIN)/casepath manage makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m tests.bench.estimator
	$(BIN)/python -m tests.bench.apr
	$(BIN)/python -m tests.bench.financing_compare
	$(BIN)/python -m tests.bench.patient_search
	$(BIN)/python -m tests.bench.reestimate
	$(BIN)/python -m tests.bench.worklist
	$(BIN)/python -m tests.bench.scheduling
	$(BIN)/python -m tests.bench.plan_proposal

bench-postgres: $(STAMP)
	tools/with-postgres $(BIN)/python -m tests.bench.patient_search
	tools/with-postgres $(BIN)/python -m tests.bench.reestimate
	tools/with-postgres $(BIN)/python -m tests.bench.worklist
	tools/with-postgres $(BIN)/python -m tests.bench.huddle
	tools/with-postgres $(BIN)/python -m tests.bench.plan_proposal
	$(BIN)/python -m tests.bench.monthly_report

# The monthly report on its own kept database (casepath_bench_report on PG_URL's server)
bench-report: $(STAMP)
	$(BIN)/python -m tests.bench.monthly_report

clean:
	rm -rf $(VENV) var/*.sqlite3 build *.egg-info src/*.egg-info
