# Two commands do all set-up: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site build serve test check clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# builder writes build/docs, then mkdocs turns it into site/
site: $(STAMP)
	$(PY) -m builder build --seeds seeds --config site_config --out site

serve: site
	$(PY) -m mkdocs serve -f build/mkdocs.yml

# validates config and seeds without building; against the current site/ when there is one,
# so anchors a change would remove are listed before they are published
check: $(STAMP)
	$(PY) -m builder check --seeds seeds --config site_config $(if $(wildcard site/data/anchors.json),--previous site)

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf build site .cache
