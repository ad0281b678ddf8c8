# Two commands do all set-up: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site site-offline chromium build serve test check clean bench bench-large

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# builder writes build/docs, then mkdocs turns it into site/
# ARGS: more options of `python -m builder build` (--verbose, --quiet)
site: $(STAMP)
	$(PY) -m builder build --seeds seeds --config site_config --out site $(ARGS)

# a copy that works from file:// (intranets, USB sticks), search included; it cites the public
# address: site_url in mkdocs.yml, or `make site-offline SITE_URL=https://…/`
site-offline: $(STAMP)
	$(PY) -m builder.offline --seeds seeds --config site_config --out site-offline $(if $(SITE_URL),--site-url $(SITE_URL))

# the browser tests drive Debian's chromium; CI installs it (we are root there), with the CJK
# font the layout checks and screenshots are measured in (else lines wrap in a fallback font),
# and pdftotext (poppler-utils) to read what a printed page holds
chromium:
	@(command -v chromium >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1 && command -v pdftotext >/dev/null) || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk poppler-utils)

# MkDocs' live preview of the generated Markdown (a template or page edit shows at once); it has
# no search index: for the whole site, search included, serve site/ (python3 -m http.server -d site)
serve: site
	$(PY) -m mkdocs serve -f build/mkdocs.yml

# validates config and seeds without building; against the current site/ when there is one,
# so anchors a change would remove are listed before they are published
check: $(STAMP)
	$(PY) -m builder check --seeds seeds --config site_config $(if $(wildcard site/data/anchors.json),--previous site)

# tests/browser runs the built site and the offline copy in chromium
test: $(STAMP) chromium site site-offline
	$(PY) -m pytest -q

# synthetic libraries of 10, 100 and 1,000 documents: timings, memory, sizes, search latency, and
# end to end a one-clause edit, an added and a removed document against cold builds
# (headless Debian chromium: apt-get install -y chromium); writes bench/results.json
# Zensical gets its own venv: its pins are not the site's. 0.0.73 is the newest that installs here.
ZENSICAL_VENV := bench/work/zensical-venv
bench: $(STAMP)
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	test -x $(ZENSICAL_VENV)/bin/zensical || ($(PYTHON) -m venv $(ZENSICAL_VENV) && \
	  $(ZENSICAL_VENV)/bin/pip install --quiet zensical==0.0.73) || echo "zensical not installable: skipped"
	ZENSICAL=$$(test -x $(ZENSICAL_VENV)/bin/zensical && echo $(ZENSICAL_VENV)/bin/zensical) \
	  PYTHONPATH=. $(PY) -m bench.run

# 10,000 documents: cold build (peak RSS, cost per document against N=1,000 of bench/results.json),
# first search, a one-clause edit end to end; writes bench/results-large.json. It takes its time.
bench-large: $(STAMP)
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	PYTHONPATH=. $(PY) -m bench.run --large

clean:
	rm -rf build site build-offline site-offline .cache bench/work
