# Two commands a newcomer needs: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format clean reliability demo bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m slackapp.processes.launch

test: $(STAMP)
	$(PY) -m pytest

# The whole product against the bundled Slack stand-in, scripted, in well under a minute.
demo: $(STAMP)
	$(PY) -m slackapp.devkit.demo

# Fan-out (with an rq-scheduler baseline), ack latency, scheduler cost and memory: docs/performance.md.
# Under 10 minutes on 2 cores; `BENCH_ARGS=--quick` for about 3 minutes.
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# The fault and bad-input tests (they also run in `make test`), with their figures in docs/reliability.md.
reliability: $(STAMP)
	mkdir -p var docs
	rm -f var/reliability.jsonl
	GLUTES_RELIABILITY_REPORT=var/reliability.jsonl $(PY) -m pytest -q -m reliability tests/reliability
	$(PY) -m tests.reliability.report var/reliability.jsonl > docs/reliability.md

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
