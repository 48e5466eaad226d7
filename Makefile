# Two commands on a fresh machine (Python 3.11+ is all it needs):
#   make chat   - set up, then talk to the bot in this terminal (demo clinic, no services)
#   make test   - set up, then run every check: lint, format, types, layer contracts, tests
#   make bench  - set up, then run the benchmarks (BENCHMARKS.md); BENCH_ARGS=--quick for a first look
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: chat serve test setup bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

chat: $(STAMP)
	$(BIN)/clinicflow chat

serve: $(STAMP)
	$(BIN)/clinicflow serve

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	./scripts/ensure-services
	$(BIN)/python -m bench.run $(BENCH_ARGS)

test: $(STAMP)
	./scripts/ensure-services
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest
