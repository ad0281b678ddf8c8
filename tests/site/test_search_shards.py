"""The search index in groups of documents (builder/pagefind.py): which group a document is
in, and that an edit, an added or a removed document re-indexes only the groups it changes,
giving the bundles a build from nothing gives."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

import builder.pagefind as pagefind
from bench.generate import clause_pool, generate
from builder.build import SEARCH_SHARDS, build, prepare
from builder.pagefind import (SHARDS_FILE, assemble, index_groups, search_groups, shard_count, shard_key, shard_of)
from builder.site_names import PAGEFIND_DIR

from ..conftest import ROOT
from ..search_records import search_records, shown

GROUP = 2  # documents per group: 10 documents make 8 groups


def test_group_count_is_the_least_power_of_two_keeping_groups_small_up_to_a_cap():
    sizes = (0, 1, 100, 101, 200, 201, 1000, 10_000)
    assert [shard_count(n, 100, most=1024) for n in sizes] == [1, 1, 1, 2, 2, 4, 16, 128]
    assert [shard_count(n, 100, most=8) for n in sizes] == [1, 1, 1, 2, 2, 4, 8, 8]
    assert shard_count(10_000) == shard_count(100_000) == pagefind.MAX_SHARDS  # a large library: larger groups


def test_a_documents_group_depends_on_its_slug_alone():
    slugs = [f"doc-{k}" for k in range(500)]
    groups = {slug: shard_of(slug, 8) for slug in slugs}
    assert set(groups.values()) == set(range(8))  # spread over every group
    assert all(shard_of(slug, 8) == groups[slug] for slug in reversed(slugs))  # not its place in the list
    # a count twice as large splits each group in two: nothing moves between the old groups
    assert all(shard_of(slug, 16) % 8 == groups[slug] for slug in slugs)


def test_a_group_key_changes_with_its_records_and_only_then(library):
    docs = library.documents
    groups = search_groups(docs, {}, GROUP)
    keys = [shard_key(g) for g in groups]
    assert keys == [shard_key(g) for g in search_groups(docs, {}, GROUP)] and len(set(keys)) == len(keys)
    assert sorted(r.url for g in groups for r in g) == sorted(pagefind.search_document(d, {}).url for d in docs)
    changed = [list(g) for g in groups]
    last = changed[1][-1]
    changed[1][-1] = replace(last, sections=last.sections[:-1] + (replace(last.sections[-1], text=last.sections[-1].text + "。"),))
    assert [shard_key(g) for g in changed] == keys[:1] + [shard_key(changed[1])] + keys[2:]
    assert shard_key(changed[1]) != keys[1]


@pytest.fixture(scope="module")
def pool():
    return clause_pool()


class Library:
    def __init__(self, folder: Path, pool):
        self.folder, self.pool = folder, pool
        self.documents = []

    def generate(self, n: int) -> None:
        generate(n, self.folder, self.pool)

    def prepare(self):
        self.documents = prepare(self.folder / "seeds", self.folder / "site_config", self.folder / "site",
                                 self.folder / "build", ROOT / "mkdocs.yml", log=lambda *_: None).result.documents
        return self.documents

    def index(self, site: Path, store: Path):
        indexed = index_groups(self.documents, {}, store, GROUP)
        assemble(site, [store / key for key in indexed.shards])
        return indexed


@pytest.fixture
def library(tmp_path, pool):
    lib = Library(tmp_path / "lib", pool)
    lib.generate(10)
    lib.prepare()
    return lib


def group_of(indexed, docs, slug: str) -> str:
    """The key of the group holding slug's records."""
    groups = search_groups(docs, {}, GROUP)
    return next(indexed.shards[k] for k, g in enumerate(groups) if any(r.url.startswith(f"{slug}/") for r in g))


def records_by_url(site: Path) -> dict[str, dict]:
    return {shown(r)["url"]: {k: r[k] for k in ("filters", "content")} for r in search_records(site)}


def check_equals_cold(lib: Library, site: Path, tmp_path: Path) -> None:
    """The kept bundles give what indexing everything from nothing gives: same groups, same records."""
    cold_site, cold_store = tmp_path / "cold-site", tmp_path / "cold-store"
    for folder in (cold_site, cold_store):
        shutil.rmtree(folder, ignore_errors=True)
    cold = lib.index(cold_site, cold_store)
    assert cold.indexed == cold.shards
    shards = json.loads((site / PAGEFIND_DIR / SHARDS_FILE).read_text())
    assert shards == json.loads((cold_site / PAGEFIND_DIR / SHARDS_FILE).read_text())
    assert records_by_url(site) == records_by_url(cold_site)


def test_an_edit_reindexes_only_its_group(library, tmp_path):
    store = tmp_path / "store"
    first = library.index(tmp_path / "site-1", store)
    assert len(first.shards) >= 3 and first.indexed == first.shards
    edited = library.documents[3]
    path = library.folder / "seeds" / edited.source.name
    path.write_text(path.read_text(encoding="utf-8").replace("。", "，并加强督促检查。", 1), encoding="utf-8")
    library.prepare()
    second = library.index(tmp_path / "site-2", store)
    assert second.indexed == [group_of(second, library.documents, edited.slug)]
    assert len(second.shards) == len(first.shards) and set(first.shards) - set(second.shards) == {
        group_of(first, library.documents, edited.slug)}
    assert sorted(p.name for p in store.iterdir()) == sorted(second.shards)  # the replaced bundle is gone
    check_equals_cold(library, tmp_path / "site-2", tmp_path)


def test_a_kept_bundle_that_is_a_link_or_damaged_is_indexed_again(library, tmp_path):
    store = tmp_path / "store"
    first = library.index(tmp_path / "site-1", store)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("key", encoding="utf-8")
    linked, damaged = first.shards[0], first.shards[1]
    shutil.rmtree(store / linked)
    (store / linked).symlink_to(secret)
    shutil.rmtree(store / damaged / "fragment")
    second = library.index(tmp_path / "site-2", store)
    assert sorted(second.indexed) == sorted([linked, damaged])
    assert not (tmp_path / "site-2" / PAGEFIND_DIR / linked / "id_rsa").exists()
    assert (secret / "id_rsa").read_text(encoding="utf-8") == "key"  # the link went, not its target
    check_equals_cold(library, tmp_path / "site-2", tmp_path)


def test_past_the_cap_the_groups_grow_and_search_the_same_records(library, tmp_path, monkeypatch):
    uncapped = library.index(tmp_path / "site-8", tmp_path / "store-8")
    monkeypatch.setattr(pagefind, "MAX_SHARDS", 2)  # ten documents, two a group on average: eight groups without it
    store = tmp_path / "store"
    first = library.index(tmp_path / "site-1", store)
    assert len(uncapped.shards) > 2 and len(first.shards) == 2
    assert records_by_url(tmp_path / "site-1") == records_by_url(tmp_path / "site-8")
    edited = library.documents[3]
    path = library.folder / "seeds" / edited.source.name
    path.write_text(path.read_text(encoding="utf-8").replace("。", "，并加强督促检查。", 1), encoding="utf-8")
    library.prepare()
    second = library.index(tmp_path / "site-2", store)
    assert second.indexed == [group_of(second, library.documents, edited.slug)]  # one larger group
    check_equals_cold(library, tmp_path / "site-2", tmp_path)


def test_adding_a_document_reindexes_only_its_group(library, tmp_path):
    store = tmp_path / "store"
    first = library.index(tmp_path / "site-1", store)
    before = {d.slug for d in library.documents}
    library.generate(11)  # the ten documents are the same, an eleventh is added
    library.prepare()
    [added] = [d for d in library.documents if d.slug not in before]
    second = library.index(tmp_path / "site-2", store)
    assert second.indexed == [group_of(second, library.documents, added.slug)]
    assert len(set(second.shards) - set(first.shards)) == 1
    assert f"{added.slug}/" in records_by_url(tmp_path / "site-2")
    check_equals_cold(library, tmp_path / "site-2", tmp_path)


def test_removing_a_document_reindexes_only_its_group(library, tmp_path):
    store = tmp_path / "store"
    first = library.index(tmp_path / "site-1", store)
    removed = library.documents[5]
    (library.folder / "seeds" / removed.source.name).unlink()
    config = library.folder / "site_config" / "documents.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["documents"] = [e for e in data["documents"] if e["source"] != removed.source.name]
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    library.prepare()
    second = library.index(tmp_path / "site-2", store)
    changed = set(first.shards) - set(second.shards)
    assert changed == {group_of(first, [*library.documents, removed], removed.slug)}
    assert len(second.indexed) == (len(second.shards) - len(first.shards) + 1)  # 0 if its group is now empty
    assert f"{removed.slug}/" not in records_by_url(tmp_path / "site-2")
    check_equals_cold(library, tmp_path / "site-2", tmp_path)


def test_incremental_build_publishes_the_search_a_cold_build_does(tmp_path, pool, monkeypatch):
    """Whole builds: the kept bundles after an edit, published, equal those of a build from nothing."""
    monkeypatch.setattr(pagefind, "SHARD_DOCUMENTS", GROUP)
    lib = Library(tmp_path / "lib", pool)
    lib.generate(10)
    run = lambda site, build_dir: build(lib.folder / "seeds", lib.folder / "site_config", site, build_dir,  # noqa: E731
                                        ROOT / "mkdocs.yml", log=lambda *_: None)
    first = run(tmp_path / "site", tmp_path / "build")
    assert len(first.search.shards) >= 3
    path = lib.folder / "seeds" / "00004.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("。", "，并加强督促检查。", 1), encoding="utf-8")
    warm = run(tmp_path / "site", tmp_path / "build")
    cold = run(tmp_path / "cold-site", tmp_path / "cold-build")
    assert len(warm.search.indexed) == 1 and warm.search.shards == cold.search.shards
    assert sorted(p.name for p in (tmp_path / "build" / SEARCH_SHARDS).iterdir()) == sorted(warm.search.shards)
    assert records_by_url(tmp_path / "site") == records_by_url(tmp_path / "cold-site")
    for site in (tmp_path / "site", tmp_path / "cold-site"):  # every bundle whole: Pagefind's entry and meta
        for key in warm.search.shards:
            entry = json.loads((site / PAGEFIND_DIR / key / "pagefind-entry.json").read_text())
            assert all((site / PAGEFIND_DIR / key / f"pagefind.{lang['hash']}.pf_meta").is_file()
                       for lang in entry["languages"].values())


def test_groups_indexed_as_separate_jobs_and_assembled_equal_a_single_build(tmp_path, monkeypatch, capsys):
    """`python -m builder search-groups`, `index-group K` (one CI job per group, each with its
    own build folder) and `assemble` give the site's search index as one build does: the same
    bundles (by key) in the same order, the same files beside them and the same records (Pagefind
    names its chunks differently from run to run), whatever order the bundles are named in; a
    missing group is an error, not a partial index. The box's answers: tests/browser/test_search_shards.py."""
    from builder.__main__ import main

    monkeypatch.setattr(pagefind, "SHARD_DOCUMENTS", 3)  # the five seeds: two groups
    seeds, config, mkdocs = ROOT / "seeds", ROOT / "site_config", ROOT / "mkdocs.yml"
    single = tmp_path / "single"
    build(seeds, config, single / "site", single / "build", mkdocs, log=lambda *_: None)
    library = ["--seeds", str(seeds), "--config", str(config), "--mkdocs", str(mkdocs)]
    assert main(["search-groups", *library, "--build-dir", str(tmp_path / "count")]) == 0
    count = int(capsys.readouterr().out)
    assert count == 2
    bundles = []
    for k in range(count):
        assert main(["index-group", str(k), *library, "--build-dir", str(tmp_path / f"job-{k}"),
                     "--out", str(tmp_path / f"bundle-{k}")]) == 0
        bundles.append(capsys.readouterr().out.strip())
    assembled = tmp_path / "assembled"
    shutil.copytree(single / "site", assembled)  # the pages (from the one job that builds them) and an old index
    assert main(["assemble", *library, "--build-dir", str(tmp_path / "last"), "--site", str(assembled), bundles[0]]) == 2
    assert main(["assemble", *library, "--build-dir", str(tmp_path / "last"), "--site", str(assembled),
                 *reversed(bundles)]) == 0

    def index(site: Path) -> tuple[dict[str, bytes], list[str], list[dict]]:
        beside = {p.name: p.read_bytes() for p in (site / PAGEFIND_DIR).iterdir() if p.is_file()}
        keys = sorted(p.name for p in (site / PAGEFIND_DIR).iterdir() if p.is_dir())
        return beside, keys, sorted(search_records(site), key=lambda r: shown(r)["url"])
    assert index(assembled) == index(single / "site")
    damaged = tmp_path / "damaged"
    shutil.copytree(Path(bundles[0]), damaged / Path(bundles[0]).name)
    (damaged / Path(bundles[0]).name / "filters.json").write_text("{not json", encoding="utf-8")
    assert main(["assemble", *library, "--build-dir", str(tmp_path / "last"), "--site", str(assembled),
                 str(damaged / Path(bundles[0]).name), bundles[1]]) == 2
    assert "changed since index-group wrote it" in capsys.readouterr().err
    assert index(assembled) == index(single / "site")  # the site's index untouched
    assert main(["index-group", "2", *library, "--build-dir", str(tmp_path / "job-0"), "--out", str(tmp_path / "x")]) == 2
    assert "no search group 2" in capsys.readouterr().err


def test_search_jobs_never_write_into_what_they_did_not_make(tmp_path, capsys):
    """A job's build folder, bundles folder and site get a build's checks: a folder of the
    user's is refused (exit 2) and left as it was."""
    from builder.__main__ import main
    from builder.pagefind import FILTERS_FILE, MODULE_FILE

    library = ["--seeds", str(ROOT / "seeds"), "--config", str(ROOT / "site_config"), "--mkdocs", str(ROOT / "mkdocs.yml")]
    mine = tmp_path / "mine"
    (mine / "docs").mkdir(parents=True)
    (mine / "docs" / "notes.md").write_text("mine", encoding="utf-8")
    (mine / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    assert main(["search-groups", *library, "--build-dir", str(mine)]) == 2
    assert main(["index-group", "0", *library, "--build-dir", str(tmp_path / "job"), "--out", str(mine)]) == 2
    assert main(["index-group", "0", *library, "--build-dir", str(tmp_path / "job"), "--out", str(ROOT / "seeds")]) == 2
    bundle = tmp_path / "bundle" / "0123456789abcdef"
    bundle.mkdir(parents=True)
    (bundle / MODULE_FILE).write_text("", encoding="utf-8")
    (bundle / FILTERS_FILE).write_text("{}", encoding="utf-8")
    (mine / "pagefind").mkdir()
    (mine / "pagefind" / "important.txt").write_text("mine", encoding="utf-8")
    assert main(["assemble", *library, "--build-dir", str(tmp_path / "job"), "--site", str(mine), str(bundle)]) == 2
    assert "no site this tool built there" in capsys.readouterr().err
    assert sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*")) == [
        "docs", "docs/notes.md", "mkdocs.yml", "pagefind", "pagefind/important.txt"]
    assert [p.name for p in (ROOT / "seeds").iterdir() if not p.name.endswith(".txt")] == []
