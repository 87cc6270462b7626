# The two commands of the README: `make run` and `make test`. Everything they need is here.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SCALE ?= 1

.PHONY: run test test-only test-clocks install install-test assets browser pdf faketime pdf-if-possible migrate demo messages check-messages clean

# honcho hands each process a PORT of its own, counting from $PORT (its default is 5000): start at 8000.
run: install assets pdf-if-possible migrate demo
	@echo "Starting web (port $${PORT:-8000}), Celery worker and beat. Ctrl-C stops all three."
	PORT=$${PORT:-8000} $(VENV)/bin/honcho start

test: install-test assets browser pdf faketime
	$(MAKE) test-only

# The whole suite, as it is; DATABASE_URL / CELERY_BROKER_URL select PostgreSQL and Redis.
test-only:
	DJANGO_ENV=test $(VENV)/bin/pytest $(PYTEST_ARGS)

# The whole suite again on days that break date arithmetic, with the process clock moved by
# libfaketime (the clock keeps running from there). Times are UTC: a year and more ahead on
# 29 February; 23:40 in Asia/Shanghai on the last day of a 30-day month and of a year, while it
# is still afternoon in UTC. Each moment runs on its own SQLite file under var/clock-*.
CLOCKS ?= 2028-02-29T02:00:00 2027-06-30T15:40:00 2027-12-31T15:40:00
test-clocks: faketime
	@set -e; for moment in $(CLOCKS); do \
	  day=$${moment%T*}; time=$${moment#*T}; \
	  echo "== the suite at $$day $$time UTC"; \
	  TZ=UTC VAR_DIR=$(CURDIR)/var/clock-$$day faketime -f "@$$day $$time" \
	    env DJANGO_ENV=test $(VENV)/bin/pytest $(PYTEST_ARGS); \
	done

# Runtime packages only (what production installs); the test tools come with install-test.
install: $(VENV)/.installed-base

install-test: $(VENV)/.installed-test

$(VENV)/.installed-base: requirements/base.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-base requirements/test.txt
	$(PIP) install --quiet -r requirements/test.txt
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

# The monthly report's PDF: WeasyPrint (requirements/base.txt) draws it with Pango and needs a Chinese
# font, Debian's fonts-noto-cjk. The tests need it; `make run` goes on without it (no PDF button).
pdf:
	@{ fc-list :lang=zh family 2>/dev/null | grep -q . && ldconfig -p | grep -q libpangoft2; } || { \
	  echo "Installing Pango and Debian's Noto CJK font for the report PDF"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; }

# libfaketime moves the clock of the suite's processes (make test-clocks).
faketime:
	@command -v faketime >/dev/null || { \
	  echo "Installing Debian's faketime for the moved-clock runs"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }

pdf-if-possible:
	@$(MAKE) --no-print-directory pdf || echo "No report PDF on this machine (could not install Pango or fonts-noto-cjk); the printable page still works."

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
