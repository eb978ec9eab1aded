# The two commands a newcomer needs: `make lab` and `make test`.
# Both build .venv from scratch when it is missing, so they work on a fresh machine
# with only Python 3.11 and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab test unit notebooks lint typecheck setup browser clean help execute-notebooks bench

help:
	@echo "make lab   - set everything up and open the notebooks in JupyterLab"
	@echo "make test  - set everything up and run every test"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

# nbval re-executes every notebook and compares with the stored outputs; twice,
# because a notebook that only passes once has hidden state.
notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -q -p no:randomly
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -q -p no:randomly

test: $(STAMP) lint unit notebooks

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Re-run every notebook and store its outputs (do this after editing content or notebooks).
execute-notebooks: $(STAMP)
	for nb in notebooks/*.ipynb; do $(BIN)/jupyter nbconvert --to notebook --execute --inplace "$$nb" || exit 1; done

# How fast backlearn answers, as ratios against Python and Jupyter themselves (about 5-10 minutes);
# writes benchmarks/results.md. Not part of `make test`: timings belong in a report, not in asserts.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
