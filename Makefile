# make run  - install into .venv, create data/watershed.db with the demo basin, serve the app
#             (PORT=8502 make run for another port)
# make test - install the development extras and run the whole test suite, then run it again
#             (on SQLite, without the browser journeys and the timeless modules of
#             tests/conftest.py) at each of the CALENDAR_MOMENTS
# make test-fast - the inner loop: SQLite only, no browser, stop at the first failure
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Every test runs at a pinned clock (tests/conftest.py). These are the awkward moments it is
# moved to as well: 01:30 on Monday 1 January 2029 in Beijing while UTC is still on Sunday
# 31 December (a new year, month and week at once); 00:30 on 29 February 2028 in Beijing while
# UTC is still on 28 February. The runs go side by side, one process each (tests/at_moments.py).
# tests/test_calendar.py moves the clock itself to these and other such moments (1 March 2027 in
# Beijing, the last minute of a year) for what depends on the day.
CALENDAR_MOMENTS ?= 2028-12-31T17:30:00+00:00 2028-02-28T16:30:00+00:00

.PHONY: run test test-fast install install-dev demo bench bench-100x clean

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

# Each run starts a dozen Python processes (workers, apps for the browser) that compile the
# same modules: with PYTHONDONTWRITEBYTECODE set (some shells and images do), every one compiled
# them all again, and pytest rewrote the asserts of every test module again (12 s a process).
# The libraries' compiled files are the ones pip made when it installed them: kept elsewhere
# (PYTHONPYCACHEPREFIX), they were compiled again by the first processes of each run, 5.5 CPU-s
# more each (importing the app, the command and the test libraries: 8.6 s cold, 3.2 warm).
PYCACHE := PYTHONDONTWRITEBYTECODE=
# Two workers, each first given half the tests in order (the browser journeys first: see
# tests/conftest.py); one that runs out takes half of what the other has left, rather than
# waiting for it (xdist's default hands out the first quarter of the tests for good).
WORKERS := -n 2 --dist worksteal

# The slowest tests are listed at the end of the first run: where to look when the suite slows.
test: install-dev
	$(PYCACHE) $(BIN)/python -m pytest $(WORKERS) --durations=20
	$(PYCACHE) $(BIN)/python tests/at_moments.py $(CALENDAR_MOMENTS)

test-fast: install-dev
	$(PYCACHE) $(BIN)/python -m pytest $(WORKERS) -q -x -m "not browser" -k "not postgresql"

# The page benchmark drives Chromium on the demo basin, on SQLite and on the PostgreSQL server
# of BENCH_DATABASE_URL (an administrator's URL: it makes a database there and drops it).
# bench-100x does the same at 100 times the demo (it loads that basin first: half an hour).
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

bench: install-dev
	$(BIN)/python tests/benchmarks/segment_and_assign.py
	$(BIN)/python tests/benchmarks/pages.py --warm 2 --database-url $(BENCH_DATABASE_URL)

bench-100x: install-dev
	$(BIN)/python tests/benchmarks/pages.py --tiles 10 --warm 1 --database-url $(BENCH_DATABASE_URL)

clean:
	rm -rf $(VENV) data/watershed.db data/watershed.db-wal data/watershed.db-shm
