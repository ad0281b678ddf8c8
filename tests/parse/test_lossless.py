"""Nothing is lost: clause numbers + texts, in order, plus removed lines give back every
non-whitespace character of the source; and every clause of data/clauses.json is on its page,
whole, with its anchor (tests/parse/test_property_parser.py checks the same on generated documents)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from builder.ingest import decode

from ..conftest import FIXTURES, SEEDS, parse_file
from ..hostile_build import make_config, page_text_problems, run_build

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def assert_lossless(doc, raw_text: str) -> None:
    removed = {r.lineno for r in doc.source.removed}
    kept = [line for n, line in enumerate(re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", raw_text), 1)
            if n not in removed]
    expected = _visible("".join(kept))
    produced = _visible("".join(c.number + c.text for c in doc.clauses))
    assert produced == expected
    assert len({c.anchor for c in doc.clauses}) == len(doc.clauses), "anchors must be unique"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")),
                         ids=lambda p: p.name)
def test_every_character_survives(path: Path, config):
    doc = parse_file(path, config)
    assert_lossless(doc, decode(path.read_bytes(), path.name)[0])


@pytest.fixture(scope="module")
def fixtures_site(tmp_path_factory):
    """tests/fixtures/*.txt built into a site, with no documents.yml entries."""
    work = tmp_path_factory.mktemp("fixtures-site")
    built = run_build(work, FIXTURES, make_config(work / "config"))
    assert built.exit_code == 0, built.stderr
    return built.site


def test_every_clause_of_the_seeds_is_whole_on_its_page(built_site):
    site, _ = built_site
    assert page_text_problems(site) == []


def test_every_clause_of_the_fixtures_is_whole_on_its_page(fixtures_site):
    assert len(list(FIXTURES.glob("*.txt"))) == len(json.loads((fixtures_site / "data/documents.json").read_text("utf-8")))
    assert page_text_problems(fixtures_site) == []


def test_the_page_check_sees_a_lost_text_and_a_lost_anchor(fixtures_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixtures_site, site)
    record = next(r for r in json.loads((site / "data/clauses.json").read_text("utf-8"))
                  if r["kind"] == "paragraph" and len(r["text"]) > 40)
    page = site / record["doc"] / "index.html"
    html = page.read_text("utf-8")
    assert html.count(record["text"]) == 1 and html.count(f'id="{record["anchor"]}"') == 1
    page.write_text(html.replace(record["text"], record["text"][:20]).replace(f'id="{record["anchor"]}"', ""), "utf-8")
    where = f"/{record['doc']}/#{record['anchor']}"
    assert page_text_problems(site) == [f"{where}: no element has this id",
                                        f"{where}: {record['text']!r} is not on the page after the clause before it"]
