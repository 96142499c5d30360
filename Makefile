# Two commands a newcomer needs: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format clean reliability demo bench messages catalogs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

LOCALES := es de fr pt_BR ja
PO_FILES := $(foreach l,$(LOCALES),slackapp/locale/$(l)/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

# Compiled catalogs are build output (not committed): every target that runs the app compiles them first.
$(MO_FILES): %.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --domain messages --input-file $< --output-file $@

catalogs: $(MO_FILES)

install: $(STAMP) catalogs

# After adding or changing a user-facing string: re-extract the template and merge it into every catalog.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract --mapping-file babel.cfg --add-comments Translators: --keyword nformat:1,2 --sort-by-file \
		--no-wrap --project glutes --version 0.1.0 --copyright-holder "glutes contributors" \
		--output-file slackapp/locale/messages.pot .
	$(VENV)/bin/pybabel update --input-file slackapp/locale/messages.pot --output-dir slackapp/locale \
		--domain messages --no-wrap --ignore-obsolete

run: $(STAMP) catalogs
	$(PY) -m slackapp.processes.launch

test: $(STAMP) catalogs
	$(PY) -m pytest -n auto --maxprocesses 4

# The whole product against the bundled Slack stand-in, scripted, in well under a minute.
demo: $(STAMP) catalogs
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
	rm -rf $(VENV) var .pytest_cache .ruff_cache $(MO_FILES)
