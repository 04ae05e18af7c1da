# Two commands for learners and teachers:  make lab   and   make test
# Everything else is set up on demand in .venv from the pinned requirements.txt.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Keep Jupyter, IPython and matplotlib state of the tests out of the user's home.
TEST_ENV := PYTHONHASHSEED=0
# Tests run on two workers (pytest-xdist); --dist loadfile keeps each file, so each notebook's cells, on one
# worker in order. TEST_JOBS=1 runs them in one process; tests/conftest.py starts the longest files first.
TEST_JOBS ?= 2
PYTEST_JOBS := $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)

.PHONY: lab test test-helpers test-notebooks notebooks ja ja-extract student present bench setup clean help

help:
	@echo "make lab        set up (first time) and open JupyterLab on notebooks/"
	@echo "make test       set up (first time) and run every test (helpers, notebooks via nbval)"
	@echo "make notebooks  re-execute every notebook in place (after changing helpers)"
	@echo "make student    write student versions (solutions removed, outputs cleared) to student/ (Japanese: student/ja/)"
	@echo "make ja-extract update the translation catalogues (.po) from the English notebooks and helpers"
	@echo "make ja         build the Japanese edition notebooks/ja/ from the catalogues and execute it"
	@echo "make present NB=notebooks/02_padding.ipynb   serve one notebook as a code-free app (Voila)"
	@echo "make bench      run the speed benchmarks (table + JSON in benchmarks/results/)"
	@echo "make lint       ruff check, ruff format --check and mypy (tools pinned in requirements-dev.txt)"
	@echo "make clean      remove the virtual environment"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else "Python 3.10 or newer is needed, found %d.%d: install a newer Python or run make PYTHON=python3.x" % v[:2])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)
	@echo "Set-up complete: $(VENV) has the pinned packages and helpers."

lab: $(STAMP)
	@$(PY) tools/lab.py

test: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_JOBS) --durations=25 tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

test-helpers: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest tests

test-notebooks: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_JOBS) notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

notebooks: $(STAMP)
	PYTHONHASHSEED=0 $(PY) tools/run_notebooks.py

# The Japanese edition (README_ja.md): catalogues -> notebooks/ja/NN_*.ipynb, executed like the English ones.
ja-extract: $(STAMP)
	$(PY) tools/i18n.py extract
	$(PY) tools/i18n.py status

ja: $(STAMP)
	$(PY) tools/i18n.py compile
	$(PY) tools/i18n.py build
	PYTHONHASHSEED=0 $(PY) tools/run_notebooks.py notebooks/ja/[0-9][0-9]_*.ipynb

student: $(STAMP)
	$(PY) tools/make_student.py

present: $(STAMP)
	$(PY) tools/present.py $(NB)

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# Lint: ruff (rules and format in pyproject.toml) and mypy on helpers/; the tools come from
# requirements-dev.txt, installed into the same .venv (mypy needs numpy's types).
.PHONY: lint lint-counts
DEV_STAMP := $(VENV)/.installed-dev

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(DEV_STAMP)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

lint-counts: $(DEV_STAMP)
	$(PY) tools/lint_counts.py

clean:
	rm -rf $(VENV)
