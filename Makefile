# Alliance Workshop Kit: two commands do all set-up.
#   make workshop   serve the workshop (embedded SQLite store under workshop-data/)
#   make test       run every test layer (installs what it needs first)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: workshop test venv system-deps lint unit browser nbval bench clean demo guide

venv: $(STAMP)

# Re-installs only when pyproject.toml changes (or the venv is missing): a second run is a no-op.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

workshop: $(STAMP)
	$(BIN)/alliance-workshop serve $(ARGS)

demo: $(STAMP)
	$(BIN)/alliance-workshop demo --event DEMO --teams 4 --participants 4

system-deps:
	@bash .ci/system-deps

lint: $(STAMP)
	$(BIN)/ruff check widgets tests $(wildcard benchmarks)

# Every layer: model + store (SQLite and PostgreSQL), headless widgets, nbval, browser.
test: $(STAMP) system-deps lint
	ALLIANCE_REQUIRE_POSTGRES=1 ALLIANCE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests
	ALLIANCE_DATA_DIR=$$(mktemp -d) $(BIN)/python -m pytest --nbval-lax notebooks

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not postgres"

browser: $(STAMP) system-deps
	ALLIANCE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests -m browser

nbval: $(STAMP)
	ALLIANCE_DATA_DIR=$$(mktemp -d) $(BIN)/python -m pytest --nbval-lax notebooks

# Benchmarks against real servers and clients; writes docs/performance.md (about 15 minutes).
bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.run

# The facilitator guide as HTML pages and one PDF (where Chromium is installed) in build/guide/.
guide: $(STAMP)
	$(BIN)/python -m widgets.guide

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
