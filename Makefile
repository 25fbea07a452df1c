# Rapport's entry points. `make run` and `make test` set everything up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run test lint docs bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Rapport needs Python >= 3.12, found " + sys.version.split()[0] + " (pyenv: pyenv install 3.12)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

run: setup
	$(BIN)/rapport run

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest

docs: setup
	$(BIN)/python -m sim.docs

bench: setup
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache .hypothesis
