# make run  - install into .venv, create data/watershed.db with the demo basin, serve the app
# make test - install the development extras and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Leaflet is served by the app itself (intranets cannot reach a CDN); it comes from the npm registry.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m watershed.maps.fetch_assets
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m watershed.maps.fetch_assets
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/watershed demo --if-empty

run: demo
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: install-dev
	$(BIN)/python -m pytest -n 2

bench: install
	$(BIN)/python tests/benchmarks/segment_and_assign.py

clean:
	rm -rf $(VENV) data/watershed.db data/watershed.db-wal data/watershed.db-shm
