# Two commands: `make demo` and `make test`. Both set up a virtual environment first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-nojit lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/baiterek fly examples/sunkar-leo-200km.toml --out out
	$(BIN)/baiterek analyze examples/sunkar-customer-sso.toml --samples 100 --out out/analysis
	@echo "mission analysis report: out/analysis/report.html (and report.pdf); files listed in out/analysis/manifest.json"

# ruff, then the layers (import-linter: no upward import, no cycle; contracts in pyproject.toml),
# then the types (mypy on src/baiterek). PYTHONPATH=src: check this tree, not an installed copy.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	PYTHONPATH=src $(BIN)/lint-imports
	PYTHONPATH=src $(BIN)/mypy

test: lint test-nojit
	$(BIN)/python -m pytest -n 2 -q

# the kernel as plain Python (numba off): the path a debugger steps through stays correct
test-nojit: $(STAMP)
	NUMBA_DISABLE_JIT=1 $(BIN)/python -m pytest -q tests/unit/test_kernel_nojit.py

bench: $(STAMP)
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) out build src/*.egg-info .pytest_cache .ruff_cache
