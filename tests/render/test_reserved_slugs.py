"""The site's own names are reserved: no document takes /report/, /data/, /404.html … nor is
taken by them. A slug in documents.yml that is one (in any case or width) is a config error at
its line (tests/site/test_config_errors.py); a slug read from a text gets another, with a warning."""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from builder import offline
from builder.check import WARNINGS, check
from builder.config import load_documents
from builder.model import BuildError
from builder.publish import SITE_MARKER
from builder.site_names import RESERVED, site_path

from ..conftest import ROOT
from ..hostile_build import HtmlFacts, make_config, page_text_problems, run_build, write_seeds

# Texts without documents.yml entries whose titles give the slugs report, data and search
LOOKALIKES = {"a.txt": "Report\n一、总则\n坚持质量第一。\n", "b.txt": "DATA\n一、总则\n坚持效益优先。\n",
              "c.txt": "Search\n一、总则\n坚持创新驱动。\n"}


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory):
    """LOOKALIKES built as the site and as its file:// copy."""
    work = tmp_path_factory.mktemp("reserved")
    seeds, config = write_seeds(work / "seeds", {k: v.encode() for k, v in LOOKALIKES.items()}), make_config(work / "config")
    built = run_build(work / "online", seeds, config)
    with contextlib.redirect_stdout(io.StringIO()):
        code = offline.main(["--seeds", str(seeds), "--config", str(config), "--out", str(work / "offline" / "site"),
                             "--build-dir", str(work / "offline" / "build"), "--mkdocs", str(ROOT / "mkdocs.yml")])
    assert code == 0
    return built, work / "offline" / "site", seeds, config


def unclaimed(site: Path) -> list[str]:
    """Top-level names of a built site that are neither a document's folder nor reserved (nor
    the marker publishing leaves, which no slug can spell)."""
    slugs = {d["slug"] for d in json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))}
    return sorted(p.name for p in site.iterdir()
                  if p.name not in slugs | {SITE_MARKER} and not site_path(p.name.split(".")[0]))


def test_every_top_level_name_the_site_writes_is_reserved(built_site, lookalikes):
    built, offline_site, _, _ = lookalikes
    assert unclaimed(built_site[0]) == []
    assert unclaimed(built.site) == []
    assert unclaimed(offline_site) == []  # search/ (its index) is only in the file:// copy
    assert (offline_site / "search").is_dir() and (built.site / "pagefind").is_dir()


def test_a_reserved_slug_read_from_a_text_gets_another_and_a_warning(lookalikes):
    built, offline_site, _, _ = lookalikes
    assert built.exit_code == 0, built.stderr
    slugs = {d["source"]: d["slug"] for d in built.json("data/documents.json")}
    assert slugs == {"a.txt": "report-2", "b.txt": "data-2", "c.txt": "search-2"}
    for source, slug in slugs.items():
        assert (f"warning: {source}: 正文得出的网址名 '{slug[:-2]}' 是本站自己的 /{slug[:-2]}/：已改用 /{slug}/"
                in built.stderr)
    # the site's own pages are still there, and so is each document's
    assert "维护报告" in HtmlFacts((built.site / "report" / "index.html").read_text("utf-8")).text_within("h1")
    assert built.json("data/build-report.json")["summary"]["documents"] == 3
    assert page_text_problems(built.site) == [] and page_text_problems(offline_site) == []


def test_check_names_the_reserved_slug(lookalikes):
    _, _, seeds, config = lookalikes
    err = io.StringIO()
    assert check(seeds, config, strict=True, out=io.StringIO(), err=err) == WARNINGS
    assert "warning: a.txt: 正文得出的网址名 'report' 是本站自己的 /report/" in err.getvalue()


@pytest.mark.parametrize("name", sorted(RESERVED))
def test_every_reserved_name_is_refused_in_documents_yml_in_any_case(tmp_path, name):
    for spelling in (name, name.upper(), name.title()):
        path = tmp_path / "documents.yml"
        path.write_text(f"documents:\n  - slug: '{spelling}'\n    source: a.txt\n    title: 甲\n    jurisdiction: 国家\n",
                        encoding="utf-8")
        with pytest.raises(BuildError) as caught:
            load_documents(path, None)
        assert caught.value.line == 2 and f"'{spelling}' is reserved" in caught.value.message
