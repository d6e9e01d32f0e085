# `make run` and `make test` are all a developer or CI needs: each builds .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The tests run on a host that is not on UTC: an odd offset with daylight saving (+10:30/+11), so
# code that reads the host's zone instead of the member's or the club's shows up as a failure.
TEST_TZ ?= Australia/Lord_Howe
# pytest-xdist's worker processes for `make pytest`, each with its own throwaway PostgreSQL
# server: on a shared two-core machine two of them took the suite from 9-15 to 5.5-9 minutes.
# PYTEST_WORKERS=0 runs it in one process, as `.venv/bin/pytest` alone does (a single file
# starts several seconds sooner without workers).
PYTEST_WORKERS ?= 2
MUTATION_STAMP := $(VENV)/.mutation-stamp
# Which mutants `make mutation` runs: all by default, or mutmut name globs such as
# MUTANTS='bot.core.advice.*' (one module at a time suits a small machine).
MUTANTS ?=

.PHONY: run test lint format typecheck pytest bench bench-scale mutation clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,mutation]'
	touch $(MUTATION_STAMP)

run: $(STAMP)
	$(BIN)/runclub-bot $(ARGS)

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	TZ=$(TEST_TZ) $(BIN)/pytest -q -n $(PYTEST_WORKERS)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_week.py
	$(BIN)/python scripts/bench_corpus.py

# mutmut over bot/core and bot/activity_files (config: [tool.mutmut] in pyproject.toml), then
# the score per module; tests/MUTANTS.md lists the mutants that are equivalent. Not in `test`.
mutation: $(MUTATION_STAMP)
	mkdir -p mutants
	set -f; TZ=$(TEST_TZ) $(BIN)/mutmut run $(MUTANTS) >mutants/run.log 2>&1 \
		|| { tail -c 3000 mutants/run.log; exit 1; }
	$(BIN)/python scripts/mutation_scores.py

# 10,000 clubs due at once on PostgreSQL, four shard processes, one killed and started again
# mid-run (several minutes; not in `make test`). A quicker run: make bench-scale ARGS="--clubs 1000".
bench-scale: $(STAMP)
	$(BIN)/python scripts/bench_scale.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache mutants
