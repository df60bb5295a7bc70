# The front door. `make run` and `make test` work from a fresh clone on a machine with
# only Python 3.11+, pip and make: the first target that needs the environment builds it
# from uv.lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

INPUT  ?= data/incoming
OUTPUT ?= data/output

.PHONY: setup run test check bench ui clean

setup: $(VENV)/.synced

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --inexact keeps uv itself, which pip put into the same environment. --compile-bytecode
# writes every package's .pyc once: where PYTHONDONTWRITEBYTECODE is set, Python would
# otherwise compile Dagster and Great Expectations anew at each start (6.7 s → 3.1 s).
$(VENV)/.synced: pyproject.toml uv.lock Makefile | $(BIN)/uv
	$(BIN)/uv sync --locked --inexact --quiet --compile-bytecode --python $(BIN)/python
	touch $@

run: setup
	@if [ -z "$$(ls -A $(INPUT) 2>/dev/null)" ]; then \
		$(BIN)/yingcai demo-data --out $(INPUT); \
	fi
	$(BIN)/yingcai run --input $(INPUT) --output $(OUTPUT)

test: setup
	scripts/install-system-packages.sh
	$(BIN)/python -m pytest

# The sweep over every page and workbook of the demo run, opened in Chromium and in
# LibreOffice (tests/sweep); `make test` opens one of each kind.
check: run
	scripts/install-system-packages.sh
	YINGCAI_OUTPUT=$(abspath $(OUTPUT)) $(BIN)/python -m pytest -o addopts="-ra --strict-markers" -q tests/sweep

# The Dagster UI on http://127.0.0.1:3000 with the project's own instance under data/.
DAGSTER_HOME := $(abspath data/dagster_home)
ui: setup
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME) YINGCAI_INPUT=$(abspath $(INPUT)) YINGCAI_OUTPUT=$(abspath $(OUTPUT)) \
		$(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

# National-scale benchmark (generates data/bench/ once; several minutes). Writes docs/benchmarks.md.
bench: setup
	$(BIN)/python bench/run.py $(if $(SCALES),--scales $(SCALES))

clean:
	rm -rf $(VENV) data/output data/incoming data/dagster_home
