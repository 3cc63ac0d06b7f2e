# Alliance Workshop Kit: two commands do all set-up.
#   make workshop   serve the workshop (embedded SQLite store under workshop-data/)
#   make test       run every test layer (installs what it needs first)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVE_STAMP := $(VENV)/.installed-serve
STAMP := $(VENV)/.installed-test

.PHONY: workshop test venv system-deps hub-proxy axe lint unit browser nbval bench clean demo guide

venv: $(STAMP)

# What serving needs, and nothing else (a facilitator's `make workshop`). Re-installs only when
# pyproject.toml changes or the environment is missing: a second run is a no-op.
$(SERVE_STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "Creating the Python environment in $(VENV)/ ..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the workshop's Python packages into $(VENV)/ (first run only; a minute or two) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@echo "Installed."
	@touch $@

# Everything the tests and benchmarks need (test, PostgreSQL and benchmark extras).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "Creating the Python environment in $(VENV)/ ..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the kit with its test, PostgreSQL and benchmark extras into $(VENV)/ ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(SERVE_STAMP)

workshop: $(SERVE_STAMP)
	$(BIN)/alliance-workshop serve $(ARGS)

demo: $(SERVE_STAMP)
	$(BIN)/alliance-workshop demo --event DEMO --teams 4 --participants 4

system-deps:
	@bash .ci/system-deps

# configurable-http-proxy for the JupyterHub recipe's test, from the npm registry, into .venv/node/.
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
hub-proxy: $(CHP)
$(CHP):
	@echo "Installing configurable-http-proxy into $(VENV)/node/ ..."
	@mkdir -p $(VENV)/node && npm install --silent --no-fund --no-audit --prefix $(VENV)/node configurable-http-proxy@4

# axe-core for the accessibility audit in the browser tests, from the npm registry, into .venv/node/.
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	@echo "Installing axe-core into $(VENV)/node/ ..."
	@mkdir -p $(VENV)/node && npm install --silent --no-fund --no-audit --prefix $(VENV)/node axe-core@4

lint: $(STAMP)
	$(BIN)/ruff check widgets tests $(wildcard benchmarks)

# Every layer: model + store (SQLite and PostgreSQL), headless widgets, nbval, browser.
test: $(STAMP) system-deps hub-proxy axe lint
	ALLIANCE_REQUIRE_POSTGRES=1 ALLIANCE_REQUIRE_BROWSER=1 ALLIANCE_REQUIRE_HUB=1 $(BIN)/python -m pytest tests --durations=25
	$(BIN)/python -m pytest --nbval-lax notebooks --durations=10

# The fast loop: model, report and headless widget tests only; no server, no browser, no nbval,
# no PostgreSQL, no repo2docker (tests marked slow, browser or postgres are left out).
unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not postgres and not slow" --durations=10

browser: $(STAMP) system-deps axe
	ALLIANCE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests -m browser

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax notebooks

# Benchmarks against real servers and clients; writes docs/performance.md (about 15 minutes).
bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.run

# The facilitator guide in English and in Spanish, each as HTML pages and one PDF (where Chromium is
# installed): build/guide/en/ and build/guide/es/.
guide: $(SERVE_STAMP)
	$(BIN)/python -m widgets.guide

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
