# Rapport's entry points. `make run` and `make test` set everything up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# uv installs the locked packages in about 40 s where pip takes about 75 s (the same set), and
# compiles them as pip does: with PYTHONDONTWRITEBYTECODE set, as on CI, nothing else would, and
# every process (tests, sweep workers) would compile numpy, pandas and the rest again.
UV     := uv==0.13.9

.PHONY: setup setup-test chromium run demo test test-fast lint docs bench bench-app clean

# The venv, then the app's browser assets into it (from the npm registry; a no-op when present),
# then the model's kernels compiled once into numba's cache (sim/__pycache__), so that no test or
# sweep worker pays the compilation (a few seconds; a no-op when cached), and the model's memory
# rates measured once beside them (sim/resources.py; a second that each `rapport run` would pay).
setup: $(VENV)/.installed
	$(BIN)/python -m frontends.app.assets
	$(BIN)/python -c 'from sim.batch import warm_up; warm_up()'
	$(BIN)/python -c 'from sim.resources import memory_rates; memory_rates()'

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Rapport needs Python >= 3.12, found " + sys.version.split()[0] + " (pyenv: pyenv install 3.12)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(UV)
	$(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -c requirements.lock -e '.[dev]'
	touch $@

# Debian's chromium for the browser tests (never `playwright install`).
setup-test: setup chromium

chromium:
	scripts/install-chromium

# The web app on http://127.0.0.1:8765/ (Ctrl-C stops it).
run: setup
	$(BIN)/rapport app

# The default scenario on the command line, written to runs/default/.
demo: setup
	$(BIN)/rapport run

# Style and types: ruff's checks and its layout everywhere, mypy on the model core and the
# experiments.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Three workers on 2 cores, each test file on one of them (a file's browser and server fixtures
# are shared): much of the suite waits on processes it starts (sweeps, the app, Chromium), so two
# workers kept the cores about 145 % busy; a third fills them. The 25 slowest tests are listed at
# the end, to keep the suite (and CI) within its 20 minutes.
# What the tests need is made side by side (`-j3`; each target's output printed whole as it
# ends): chromium installs while the packages do, then the kernels compile while mypy checks.
test:
	$(MAKE) --no-print-directory -j3 --output-sync=target setup chromium lint
	$(BIN)/pytest -n 3 --dist loadfile --durations=25

# The quick lane while coding: no browser, no slow statistics (about 5 minutes on 2 cores).
test-fast:
	$(MAKE) --no-print-directory -j2 --output-sync=target setup lint
	$(BIN)/pytest -q -n 2 -m "not slow and not browser"

docs: setup
	$(BIN)/python -m frontends.docs

bench: setup
	$(BIN)/python benchmarks/bench_engine.py

bench-app: setup-test
	$(BIN)/python benchmarks/bench_app.py

clean:
	rm -rf $(VENV) runs test-artifacts .pytest_cache .ruff_cache .hypothesis
