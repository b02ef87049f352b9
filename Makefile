# The README's two commands. Both create .venv when it is missing and install what is needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: run test install install-dev clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# torch first, pinned: its local CPU build. Unpinned, pip would pull several GB of CUDA wheels.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install torch==2.13.0
	$(PIP) install -e .
	# Byte-compile the project now: environments with PYTHONDONTWRITEBYTECODE would recompile it every start.
	$(PY) -m compileall -q -j 0 app question_bank coding_katas design_cases evaluators progress
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(VENV)/bin/mastery app

# Lint and type checks first (seconds), then the suite on TEST_WORKERS xdist workers. The browser tests are
# three xdist units (tests/conftest.py) that mostly wait for the app, so their waiting overlaps with the
# CPU-bound tests on the other workers. Bytecode is written even where PYTHONDONTWRITEBYTECODE is set, so
# pytest's rewritten test modules are not recompiled on every run.
TEST_WORKERS ?= 3
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

clean:
	rm -rf $(VENV) build *.egg-info artifacts
