# The same commands locally and in CI: .ci/run is `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PYTEST_ARGS ?= -n auto

.PHONY: install system-deps venv toolchains web services run test lint format bench screenshots clean

install: system-deps venv toolchains web

system-deps:
	@scripts/system-deps.sh

# Language toolchains for the judge (npm packages for TypeScript, Debian JDK/compilers if missing).
toolchains: venv
	@if [ -x scripts/install-toolchains.sh ]; then scripts/install-toolchains.sh; fi

# The browser UI's bundle (src/codejudge/web/static/app.js, committed) from its sources, with the
# pinned esbuild and CodeMirror packages npm ci installed (tests/web/test_bundle.py fails if stale).
web: toolchains
	@npm run --silent build:web

venv:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	@uv sync --frozen --all-groups --quiet

services:
	@scripts/services.sh

run: install
	$(BIN)/codejudge serve

# The layout (import contracts of DESIGN.md's dependency table, module and function sizes) is
# enforced here too: lint-imports, and tests/test_layout.py (run by `make test`).
lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

# pytest exits 5 when it ran no test: that is a failure here, like any non-zero exit.
test: install lint services
	$(BIN)/pytest $(PYTEST_ARGS)

# README's screenshots (docs/screenshots/*.png), taken by the Playwright suite in Debian's chromium.
screenshots: install services
	CODEJUDGE_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -n 2 tests/web

bench: install services
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
