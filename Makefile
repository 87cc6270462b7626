# The two commands of the README: `make run` and `make test`. Everything they need is here.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SCALE ?= 1

.PHONY: run test test-only install assets browser migrate demo messages check-messages clean

run: install assets migrate demo
	@echo "Starting web (port $${PORT:-8000}), Celery worker and beat. Ctrl-C stops all three."
	$(VENV)/bin/honcho start

test: install assets browser
	$(MAKE) test-only

# The whole suite, as it is; DATABASE_URL / CELERY_BROKER_URL select PostgreSQL and Redis.
test-only:
	DJANGO_ENV=test $(VENV)/bin/pytest

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

assets: static/vendor/.built

static/vendor/.built: package.json package-lock.json bin/build-assets
	npm ci --no-audit --no-fund --loglevel=error
	bin/build-assets
	touch $@

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo --scale $(SCALE)

# Regenerate the zh_Hans catalogue after changing user-facing text, then translate and compile.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) node_modules static/vendor var
