# Two commands on a fresh machine (Python 3.11+ is all it needs):
#   make chat    - set up, then talk to the bot in this terminal (demo clinic, no services)
#   make test    - set up, then run every check: lint, format, types, layer contracts, tests
#   make bench   - set up, then run the benchmarks (BENCHMARKS.md); BENCH_ARGS=--quick for a first look
#   make upgrade - move uv.lock to the newest releases the ranges in pyproject.toml allow, then test
# Every install comes from uv.lock (`uv sync --frozen`): what runs is exactly what was tested.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv itself lives in a small venv of its own, installed by pip with hashes (scripts/uv-requirements.txt).
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode at install time, as pip does (uv does not by default): where PYTHONDONTWRITEBYTECODE is
# set, every `clinicflow` process would otherwise compile its libraries afresh (10-30 s a start).
export UV_COMPILE_BYTECODE := 1
SYNC := $(UV) sync --frozen --quiet

.PHONY: chat serve test setup setup-run bench upgrade lock-check messages

$(UV): scripts/uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r scripts/uv-requirements.txt
	touch $(UV)

# Runtime and the dev group (tests, linters, type checker).
setup: $(UV)
	$(SYNC)

# What running needs, nothing else; --inexact leaves a test set-up already there in place.
setup-run: $(UV)
	$(SYNC) --no-dev --inexact

chat: setup-run
	$(BIN)/clinicflow chat

serve: setup-run
	$(BIN)/clinicflow serve

bench: $(UV)
	$(SYNC) --group bench
	./scripts/ensure-services
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# pyproject.toml and uv.lock agree (a range edited without `uv lock` fails here, not on a fresh machine).
lock-check: $(UV)
	$(UV) lock --check

test: setup lock-check
	./scripts/ensure-services
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

# A deliberate upgrade: the newest releases into uv.lock, installed, then every check. Commit uv.lock
# with whatever the new releases needed.
upgrade: $(UV)
	$(UV) lock --upgrade
	$(MAKE) test

# The catalogs' template: every text marked _() in src/application. Regional catalogs
# (src/application/locales/*/LC_MESSAGES/clinicflow.po) hold only what a country or the usted
# register says otherwise; tests/unit/application/test_catalogs.py names what went stale.
messages: setup
	$(BIN)/pybabel -q extract -F babel.cfg -o src/application/locales/clinicflow.pot --no-location \
		--add-comments=TRANSLATORS: --project=ClinicFlow --copyright-holder=ClinicFlow --sort-output \
		-w 110 --omit-header src/application
