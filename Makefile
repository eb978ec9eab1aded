# The two commands a newcomer needs: `make lab` and `make test`.
# Both build .venv from scratch when it is missing, so they work on a fresh machine
# with only Python 3.11 and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: check schema screen-reader trust-notebooks robustness robustness-check lab test unit notebooks lint typecheck setup browser postgres clean help execute-notebooks bench hub hub-test hub-load app e2e pack learner-notebooks site site-test site-bench

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

# Trusting the project's own notebooks lets JupyterLab draw their saved widgets on opening
# (untrusted, each widget shows as its Python text until the cell is run again).
trust-notebooks: $(STAMP)
	$(BIN)/jupyter trust notebooks/*.ipynb

lab: $(STAMP) trust-notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks site_build tools
	$(BIN)/mypy
	$(BIN)/mypy site_build tools benchmarks

# Unit, property, CLI, widget and packaging tests; the browser and hub tests have their own targets.
# The class-results store's tests run on SQLite and on a throwaway PostgreSQL server (make postgres).
unit: $(STAMP) postgres
	$(BIN)/python -m pytest tests -q -m "not e2e and not hub"

# nbval re-executes every notebook and compares with the stored outputs; twice,
# because a notebook that only passes once has hidden state.
# The notebooks are stored in the default region: a region set in the shell or picked by the
# learner (their settings file) must not change what nbval compares.
NOTEBOOK_ENV := env -u BACKLEARN_REGION BACKLEARN_SETTINGS=$(CURDIR)/$(VENV)/notebook-settings.json

NBVAL = $(NOTEBOOK_ENV) $(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -q -p no:randomly

notebooks: $(STAMP)
	$(NBVAL)
	$(NBVAL)

test: $(STAMP) unit lint robustness-check notebooks e2e hub-test site-test

# The everyday loop while changing code (a few minutes): the unit tests first, so a failing test shows
# early, then lint and one nbval pass. make test adds the second pass and the browser and hub suites.
check: $(STAMP) unit lint
	$(NBVAL)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Re-run every notebook and store its outputs (do this after editing content or notebooks), with
# the widgets' state, so JupyterLab draws the widgets before the learner runs anything. Lessons 01-07
# are first written from their one template (tools/lesson_template.md, filled in from data/ by
# tools/lesson_notebooks.py; edit those, not the lessons).
execute-notebooks: $(STAMP)
	$(BIN)/python tools/lesson_notebooks.py
	for nb in notebooks/*.ipynb; do \
		$(NOTEBOOK_ENV) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.store_widget_state=True "$$nb" || exit 1; \
	done

# A JupyterHub for one classroom on this machine (docs/deploy.md). The proxy comes from npm,
# pinned in deploy/local-hub/package.json; the hub, its database and the learners' homes stay
# under deploy/local-hub/.runtime/ (git-ignored).
HUB_DIR := deploy/local-hub
HUB_PROXY := $(HUB_DIR)/node_modules/.bin/configurable-http-proxy

$(HUB_PROXY): $(HUB_DIR)/package.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm not found; install Node.js 18+ and npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm install --prefix $(HUB_DIR) --no-package-lock --no-audit --no-fund
	touch $(HUB_PROXY)

# Serves http://127.0.0.1:8000 until Ctrl-C. Each learner signs in with their name and the password
# printed for them (LEARNERS=names.txt, one name a line; else learner01..learner30). Run as root, each
# learner is a separate system user (jupyter-NAME); not as root, it is for one person only (loopback).
hub: $(STAMP) $(HUB_PROXY) learner-notebooks
	PATH="$(CURDIR)/$(HUB_DIR)/node_modules/.bin:$$PATH" $(BIN)/python $(HUB_DIR)/run_hub.py $(if $(LEARNERS),--learners $(LEARNERS),)

# Learners on throwaway hubs: their own explorer, kept apart from each other and the hub, no cookie
# reaching a classmate's server on another port (a network namespace as the room; root only), a
# killed hub recovered and a second hub on the same state refused (about 2 minutes).
hub-test: $(STAMP) $(HUB_PROXY) learner-notebooks
	PATH="$(CURDIR)/$(HUB_DIR)/node_modules/.bin:$$PATH" $(BIN)/python -m pytest tests/test_hub*.py tests/test_class_results_hub.py -m hub -q

# 30 learners at once on a throwaway hub (about 3-5 minutes, at most 15); writes the hub-load
# section of benchmarks/results.md.
hub-load: $(STAMP) $(HUB_PROXY) learner-notebooks
	PATH="$(CURDIR)/$(HUB_DIR)/node_modules/.bin:$$PATH" $(BIN)/python benchmarks/hub_load.py

# Every benchmark: how fast backlearn answers, as ratios against Python, Jupyter and a bare widget
# page, in the kernel and in Chromium (benchmarks/run.py, about 5-13 minutes), then the 30-learner
# hub load test (about 3-5 minutes). Each writes its section of benchmarks/results.md, then README's
# speed table from that file. Not part of `make test`: timings belong in a report.
bench: $(STAMP) $(HUB_PROXY) learner-notebooks
	$(BIN)/python benchmarks/run.py
	PATH="$(CURDIR)/$(HUB_DIR)/node_modules/.bin:$$PATH" $(BIN)/python benchmarks/hub_load.py

# The reliability review's figures, re-run (about 3-4 minutes, the local hub included): bad input at
# the CLI, content validation, the diary, the app and the hub; fails if anything crashed, was wrongly
# accepted or lost, and only a passing run writes the robustness section of benchmarks/results.md.
robustness: $(STAMP) $(HUB_PROXY)
	PATH="$(CURDIR)/$(HUB_DIR)/node_modules/.bin:$$PATH" $(BIN)/python benchmarks/robustness.py

# The same without the hub and without writing (about 2-3 minutes), as part of `make test`: the hub's
# own probes are tests/test_hub.py, which `make test` runs in hub-test.
robustness-check: $(STAMP)
	$(BIN)/python benchmarks/robustness.py --no-hub --no-write

# Debian's Chromium for the browser tests (no Playwright browser download). Never fails the
# build: without it the browser tests skip and say why.
CHROMIUM := $(or $(BACKLEARN_CHROMIUM),/usr/bin/chromium)
browser:
	-@if [ -x $(CHROMIUM) ]; then \
		echo "browser: $(CHROMIUM) is installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "browser: installing Debian's chromium with apt-get"; \
		apt-get update -qq && apt-get install -y -qq chromium \
			|| echo "browser: apt-get could not install chromium; the browser tests will skip"; \
	else \
		echo "browser: $(CHROMIUM) is missing and we are not root with apt-get; run 'sudo apt-get install chromium'. The browser tests will skip."; \
	fi

# Debian's PostgreSQL for the class-results tests: tests/test_class_results_store.py starts its own
# throwaway server with initdb and pg_ctl (as nobody when run as root) on a temporary folder and a
# free port. Never fails the build: without PostgreSQL those tests skip and say why.
postgres:
	-@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "postgres: $$(ls /usr/lib/postgresql/*/bin/initdb | tail -n 1) is installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "postgres: installing Debian's postgresql with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
			|| echo "postgres: apt-get could not install postgresql; the PostgreSQL tests will skip"; \
	else \
		echo "postgres: PostgreSQL is missing and we are not root with apt-get; run 'sudo apt-get install postgresql'. The PostgreSQL tests will skip."; \
	fi

# JSON Schemas of the content files in docs/schema/, for teachers' editors (docs/content-format.md),
# made from the reader's own declarations; tests/test_content_schema.py fails when they are stale.
schema: $(STAMP)
	$(BIN)/python tools/content_schema.py

# The symptom explorer as a web app for learners (Voila, code hidden); Ctrl+C stops it.
app: $(STAMP)
	$(BIN)/backlearn app

# The web app and every notebook in JupyterLab, in a real browser (Chromium via Playwright;
# about 4 minutes), with axe-core accessibility checks. Screenshots go to test-artifacts/e2e/.
# Skips, saying why, when Chromium is missing.
e2e: $(STAMP) browser screen-reader
	$(BIN)/python -m pytest tests/e2e -m e2e -q -p no:randomly

# Debian's Orca screen reader, an X server with no screen (Xvfb) and D-Bus for the screen-reader test
# (tests/e2e/test_screen_reader.py: Orca hears the app's emergency). Never fails the build: without
# them that test skips and says why.
screen-reader:
	-@if [ -x /usr/bin/orca ] && [ -x /usr/bin/Xvfb ] && [ -x /usr/bin/dbus-daemon ]; then \
		echo "screen-reader: Orca and Xvfb are installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "screen-reader: installing Debian's orca, xvfb and dbus-x11 with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			orca xvfb xauth dbus-x11 \
			|| echo "screen-reader: apt-get could not install them; the screen-reader test will skip"; \
	else \
		echo "screen-reader: Orca or Xvfb is missing and we are not root with apt-get; run 'sudo apt-get install orca xvfb dbus-x11'. The screen-reader test will skip."; \
	fi

# The teacher pack (docs/teaching.md): lesson plans, keys, case cards, poster, glossary, letters,
# as HTML and as PDF on A4 and US Letter, in teacher-pack/ (git-ignored). Chromium prints the PDFs,
# then the A3 wall poster and the large print. The slides are HTML only. REGION=us for another country.
PACK_DIR ?= teacher-pack
pack: $(STAMP) browser
	$(BIN)/backlearn pack -o $(PACK_DIR) $(if $(REGION),--region $(REGION),)
	$(BIN)/python -c 'import sys; from backlearn.pack import print_extras; print(len(print_extras(sys.argv[1])), "more PDFs: the A3 poster and the large print")' $(PACK_DIR)

# The learners' edition of the notebooks in build/learner-notebooks/ (git-ignored): the cells tagged
# `teacher` (worked answers, the example cases, the answer table, the quiz spoilers) are removed and
# outputs cleared, by nbconvert with deploy/learner-edition.json. notebooks/ stays the teacher edition,
# which nbval checks. MODE is the one setting for whom the copies speak to (docs/teaching.md):
# MODE=class (the default, as in deploy/learner-edition.json) keeps the cells tagged class-mode, for
# learners in class, who tick for made-up people, never for themselves; MODE=self keeps those tagged
# self-mode, for learners at home, who may tick for their own back. `make site MODE=self` passes it on.
LEARNER_DIR ?= build/learner-notebooks
MODE ?= class
learner-notebooks: $(STAMP)
	@case "$(MODE)" in class|self) ;; *) echo "error: MODE must be class or self, not '$(MODE)'" >&2; exit 2;; esac
	rm -rf $(LEARNER_DIR)
	$(BIN)/jupyter nbconvert --config deploy/learner-edition.json --TagRemovePreprocessor.remove_cell_tags=teacher \
		--TagRemovePreprocessor.remove_cell_tags=$(if $(filter self,$(MODE)),class,self)-mode \
		--output-dir $(LEARNER_DIR) notebooks/*.ipynb

# The whole course as a static JupyterLite site in site/ (git-ignored; docs/deploy.md): Python runs
# in the learner's browser and no request leaves the web host. Versions are pinned in
# site_build/pins.toml. Downloads (PyPI, npm) are kept in .site-cache/ (git-ignored; cache it on CI),
# so a rebuild takes seconds. It ships the learners' edition (teacher cells removed); to ship other
# notebooks: make site SITE_NOTEBOOKS=folder.
SITE_NOTEBOOKS ?= $(LEARNER_DIR)
site: $(STAMP) $(if $(filter $(LEARNER_DIR),$(SITE_NOTEBOOKS)),learner-notebooks)
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& echo "site: installing Debian's nodejs and npm with apt-get" && apt-get update -qq && apt-get install -y -qq nodejs npm; } \
		|| { echo "error: npm not found; install Node.js 18+ and npm (apt-get install nodejs npm)" >&2; exit 1; }
	$(BIN)/python -m site_build --notebooks $(SITE_NOTEBOOKS)

# The site in Chromium with every request off this machine blocked: lessons 00-09 run, the
# explorer answers (about 3 minutes). Screenshots go to test-artifacts/site/.
site-test: site browser
	$(BIN)/python -m pytest tests/site -m e2e -q -p no:randomly

# Size and cold-load times of the site against a bare one-checkbox site built the same way
# (about 5 minutes); writes the site section of benchmarks/results.md. Not part of `make test`.
site-bench: site browser
	$(BIN)/python -m site_build --bare --output .site-cache/bare-site
	$(BIN)/python benchmarks/site_load.py

# The course's public addresses (GitHub Pages, Binder), worked out from `git remote get-url origin`
# (tools/site_address.py); WRITE=1 puts the badges into README.md. The site workflow prints the same.
.PHONY: site-address
site-address:
	python3 tools/site_address.py $(if $(WRITE),--write,)
