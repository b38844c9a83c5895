# clusterbridge: `make demo` to try it, `make test` for everything CI checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export CLUSTERBRIDGE_DATA_DIR ?= $(CURDIR)/var
PG_URL ?= postgres://postgres@127.0.0.1:5432/clusterbridge
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lock lock-check lint typecheck test-sqlite test-postgres test-browser messages bench clean

# Everything is installed from the hashed lock (requirements/, docs/decisions/0004-lock-files.md),
# then clusterbridge itself without dependencies: a fresh clone installs the same set every time.
$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	CLUSTERBRIDGE_DEMO=1 $(BIN)/clusterbridge migrate --no-input
	CLUSTERBRIDGE_DEMO=1 $(BIN)/clusterbridge demo_data
	@echo "Serving the demo on http://127.0.0.1:8000 with a job worker and the periodic scheduler beside it (Ctrl-C stops all three)"
	CLUSTERBRIDGE_DEMO=1 $(BIN)/clusterbridge worker & worker=$$!; \
	CLUSTERBRIDGE_DEMO=1 $(BIN)/clusterbridge periodic --verbosity 0 & periodic=$$!; \
	trap 'kill $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	CLUSTERBRIDGE_DEMO=1 $(BIN)/clusterbridge runserver 127.0.0.1:8000

test: lock-check lint typecheck test-sqlite test-postgres test-browser
	@echo "make test: everything passed"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/architecture_picture.py --check

typecheck: $(STAMP)
	$(BIN)/mypy

test-sqlite: $(STAMP)
	CLUSTERBRIDGE_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 -m "not browser" -q

test-postgres: $(STAMP)
	@if $(BIN)/python scripts/service_available.py postgres "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" CLUSTERBRIDGE_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 -m "not browser" -q; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is required in CI but unreachable at $(PG_URL)"; exit 1; \
	else echo; echo "!!! PostgreSQL not reachable at $(PG_URL): SKIPPING the PostgreSQL test run !!!"; echo; fi

test-browser: $(STAMP)
	@if [ -x "$(CHROMIUM)" ]; then \
		CHROMIUM=$(CHROMIUM) CLUSTERBRIDGE_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 -m browser -q; \
	elif [ "$$CI" = "true" ]; then echo "Chromium is required in CI but missing at $(CHROMIUM)"; exit 1; \
	else echo; echo "!!! Chromium not found at $(CHROMIUM) (apt-get install chromium): SKIPPING browser tests !!!"; echo; fi

messages: $(STAMP)
	$(BIN)/python scripts/messages.py

lock: $(STAMP)
	scripts/lock.sh

lock-check: $(STAMP)
	$(BIN)/python scripts/check_lock.py

bench: $(STAMP)
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.txt
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var build *.egg-info
