"""Search over a site whose index is in several bundles (builder/pagefind.py groups), merged in
the browser: it answers as one bundle does, and bundles made apart (one job per group, as on
several machines) and assembled give the site a single build gives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import builder.pagefind as pagefind
from builder.build import build, prepare
from builder.pagefind import (SHARDS_FILE, assemble, index_shard, pinyin_readings, search_groups, section_topics, shard_key,
                              write_pinyin)
from builder.site_names import PAGEFIND_DIR

from .conftest import REPO, check_page, new_context, serving, watched_page, DESKTOP
from .test_search import QUERIES, REQUIRED_SUCCESS, TOP, search

SEEDS, CONFIG, MKDOCS = REPO / "seeds", REPO / "site_config", REPO / "mkdocs.yml"


def built(folder: Path, group: int, monkeypatch) -> Path:
    """The seeds' site, its index in groups of `group` documents at most on average."""
    monkeypatch.setattr(pagefind, "SHARD_DOCUMENTS", group)
    result = build(SEEDS, CONFIG, folder / "site", folder / "build", MKDOCS, log=lambda *_: None)
    monkeypatch.undo()
    assert len(result.search.shards) > 1
    return folder / "site"


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return built(tmp_path_factory.mktemp("sharded"), 1, monkeypatch)  # five documents, one or two a bundle


def answers(browser, site: Path, cores: int | None = None, workers: list[int] | None = None) -> dict[str, tuple[str, list[str]]]:
    """Every query of tests/search_queries.yml typed into the box: what the box says (the count,
    a partial match's notice) and the clauses listed. cores: the reader's, as the page sees
    them; workers: gets how many Pagefind web workers the page ran."""
    with serving(site) as url:
        context = new_context(browser, url, DESKTOP)
        if cores:
            context.add_init_script(f"Object.defineProperty(navigator, 'hardwareConcurrency', {{get: () => {cores}}})")
        page = watched_page(context, url)
        page.goto(url)
        found = {}
        for item in QUERIES:
            clauses = search(page, url, item["q"])
            found[item["q"]] = (page.locator(".md-search-result__meta").inner_text(), clauses)
        check_page(page, url)
        if workers is not None:
            workers.append(sum("pagefind-worker" in worker.url for worker in page.workers))
        context.close()
    return found


def hits(found: dict[str, tuple[str, list[str]]]) -> set[str]:
    """The queries whose clause is in the first TOP results."""
    return {item["q"] for item in QUERIES if set(found[item["q"]][1][:TOP]) & set(item["expect"])}


def test_search_across_bundles_finds_what_one_bundle_finds(browser, site, sharded):
    """The same answer to every query, and the same queries with their clause among the first
    three (as many as test_search requires). The order of results with close scores may differ:
    Pagefind ranks within a bundle (a word's weight from how many of that bundle's documents
    hold it), so the tiny bundles here rank a little apart; the seeds' site is one bundle."""
    assert len(json.loads((sharded / PAGEFIND_DIR / SHARDS_FILE).read_text())["bundles"]) > 2
    one, many = answers(browser, site), answers(browser, sharded)
    assert {q: said for q, (said, _) in many.items()} == {q: said for q, (said, _) in one.items()}
    assert hits(many) == hits(one) and len(hits(one)) >= REQUIRED_SUCCESS * len(QUERIES)


def test_bundles_scored_on_two_cores_answer_as_on_one(browser, sharded):
    """A reader with two cores or more gets the bundles split between two Pagefind workers
    (pagefind-search.js MAX_WORKERS), one with a single core gets one: the same answers, the
    results in the same order."""
    workers = []
    one, two = answers(browser, sharded, cores=1, workers=workers), answers(browser, sharded, cores=8, workers=workers)
    assert workers == [1, 2]
    assert two == one


def test_bundles_made_apart_and_assembled_search_as_a_single_build(browser, tmp_path, monkeypatch):
    single = built(tmp_path / "single", 3, monkeypatch)  # five documents: two groups
    # each group indexed on its own, as one CI job per group would (the builder's pass, then one bundle)
    job = prepare(SEEDS, CONFIG, tmp_path / "job-site", tmp_path / "job-build", MKDOCS, log=lambda *_: None)
    documents = job.result.documents
    topics = section_topics(documents, job.result.facts, {t.slug: t.name for t in job.config.topics})
    groups = search_groups(documents, topics, 3)
    assert len(groups) == 2
    bundles = []
    for k, group in enumerate(groups):
        bundles.append(tmp_path / f"job-{k}" / shard_key(group))
        index_shard(group, bundles[-1])
    # assembled: the pages of any job (they do not depend on the index) and the bundles
    assembled = tmp_path / "assembled"
    shutil.copytree(single, assembled, ignore=lambda folder, names: [PAGEFIND_DIR] if Path(folder) == single else [])
    assemble(assembled, bundles)
    write_pinyin(pinyin_readings(documents), assembled)
    shards = (assembled / PAGEFIND_DIR / SHARDS_FILE).read_text()
    assert shards == (single / PAGEFIND_DIR / SHARDS_FILE).read_text()  # the same groups, the same order
    assert answers(browser, assembled) == answers(browser, single)
