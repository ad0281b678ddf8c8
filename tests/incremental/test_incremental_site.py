"""MkDocs' output kept between builds (builder/site_pages.py): after any edit the published
pages equal a build from nothing, and only the pages an edit reaches are made again."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

import builder.build as build_module
from bench.generate import generate
from builder.build import build
from builder.model import Indexed
from builder.pages import topics
from builder.render import NAV_FLAT_MAX

from ..conftest import ROOT


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".policy-site"}


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A library past NAV_FLAT_MAX (so the nav is pruned by jurisdiction and year), without
    the search index (not what these tests are about)."""
    generate(NAV_FLAT_MAX + 8, tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    # a revised document: its pinned versions and 修订对照 page are pages outside the nav
    revised = (tmp_path / "seeds" / "00002.txt").read_text(encoding="utf-8")
    (tmp_path / "seeds" / "00002-v2.txt").write_text(revised.replace("。", "，并加强监督。", 1), encoding="utf-8")

    def versions(docs: list) -> None:
        entry = next(d for d in docs if d["source"] == "00002.txt")
        del entry["source"], entry["date"]
        entry["versions"] = [{"source": "00002.txt", "date": "2019-01-01"}, {"source": "00002-v2.txt", "date": "2021-06-01"}]
    edit_config(tmp_path, versions)
    monkeypatch.setattr(build_module, "index_groups", lambda *args: Indexed(0, [], []))
    return tmp_path


def build_both(library: Path, made: list) -> tuple[dict, dict]:
    """The kept build after the edit, and a build from nothing of the same input."""
    real = build_module.run_mkdocs

    def recording(*args, **kwargs):
        result = real(*args, **kwargs)
        made.append(result)
        return result

    before = library / "anchors-before.json"  # the cold build reports disappeared anchors against the same
    shutil.copy(library / "site" / "data" / "anchors.json", before)
    build_module.run_mkdocs = recording
    try:
        build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
              log=lambda *_: None)
    finally:
        build_module.run_mkdocs = real
    cold = library / "cold"
    for folder in (cold / "site", cold / "build"):
        shutil.rmtree(folder, ignore_errors=True)
    build(library / "seeds", library / "site_config", cold / "site", cold / "build", library / "mkdocs.yml",
          log=lambda *_: None, previous=before)
    return site_files(library / "site"), site_files(cold / "site")


def edit_text(library: Path) -> None:
    path = library / "seeds" / "00003.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda k: len(lines[k]))
    lines[longest] += "新增一句。"
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_config(library: Path, change) -> None:
    path = library / "site_config" / "documents.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["documents"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def unrelated(documents: list) -> int:
    """The last document in no side-by-side pair: the nav lists every pair under its
    documents' titles, so retitling a document in a pair rightly changes every page."""
    named = {slug for d in documents for slugs in (d.get("relations") or {}).values() for slug in slugs}
    return max(k for k, d in enumerate(documents) if not d.get("relations") and d["slug"] not in named)


def retitle(documents: list) -> None:
    documents[unrelated(documents)]["title"] += "（修订）"


def add_one(library: Path) -> None:
    shutil.copy(library / "seeds" / "00001.txt", library / "seeds" / "09999.txt")
    edit_config(library, lambda docs: docs.append({**{k: v for k, v in docs[1].items() if k != "relations"},
                                                   "slug": "added-doc", "source": "09999.txt",
                                                   "title": docs[1]["title"] + "（补充）"}))


def remove_doc(library: Path) -> None:
    def remove(docs: list) -> None:
        gone = docs.pop(unrelated(docs))
        (library / "seeds" / gone["source"]).unlink()
    edit_config(library, remove)


def add_newest(library: Path) -> None:
    """A document newer than all of its jurisdiction's: the first of its nav section."""
    shutil.copy(library / "seeds" / "00001.txt", library / "seeds" / "09998.txt")
    edit_config(library, lambda docs: docs.append({**{k: v for k, v in docs[1].items() if k != "relations"},
                                                   "slug": "newest-doc", "source": "09998.txt", "date": "2026-06-01",
                                                   "title": docs[1]["title"] + "（最新）"}))


def remove_newest(library: Path) -> None:
    edit_config(library, lambda docs: docs.remove(next(d for d in docs if d["slug"] == "newest-doc")))
    (library / "seeds" / "09998.txt").unlink()


EDITS = {
    "a sentence in a clause": edit_text,
    "a document's title": lambda library: edit_config(library, retitle),
    "a document added": add_one,
    "a document removed": remove_doc,
    "the newest document of a jurisdiction added": add_newest,
    "the newest document of a jurisdiction removed": remove_newest,
}
# edits whose pages are their section's and the pages whose text changed: the other sections
# link to a jurisdiction by its overview page (render.jurisdiction_pages), which stays put
LOCAL_EDITS = ("a sentence in a clause", "the newest document of a jurisdiction added",
               "the newest document of a jurisdiction removed")


def test_after_each_edit_the_kept_site_equals_a_build_from_nothing(library):
    made: list = []
    build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
          log=lambda *_: None)
    pages = len([p for p in (library / "build" / "docs").rglob("*.md")])
    for name, edit in EDITS.items():
        edit(library)
        kept, cold = build_both(library, made)
        assert kept.keys() == cold.keys(), name
        different = [path for path in kept if kept[path] != cold[path]]
        assert not different, f"{name}: {different[:5]}"
        assert not made[-1].full, name
        if name == "a sentence in a clause":  # its document's page, and the few that quote the clause
            assert len(made[-1].made) < pages / 10, f"{len(made[-1].made)} of {pages} pages made again"
        elif name in LOCAL_EDITS:
            assert len(made[-1].made) < pages / 3, f"{name}: {len(made[-1].made)} of {pages} pages made again"


def test_a_topic_split_into_parts_and_back_equals_a_build_from_nothing(library, monkeypatch):
    """A topic past TOPIC_HEADINGS_MAX documents becomes an overview and parts (per year past
    TOPIC_PAGE_MAX); crossing either limit either way replaces pages, and none is left behind."""
    monkeypatch.setattr(topics, "TOPIC_HEADINGS_MAX", 1000)  # a page per topic to start with
    build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
          log=lambda *_: None)
    single = set(site_files(library / "site"))
    made: list = []
    for headings, per_page in ((5, 4), (5, 1000), (1000, 1000)):
        monkeypatch.setattr(topics, "TOPIC_HEADINGS_MAX", headings)
        monkeypatch.setattr(topics, "TOPIC_PAGE_MAX", per_page)
        kept, cold = build_both(library, made)
        assert kept == cold, (headings, per_page)
        parts = {path for path in kept if path.startswith("topics/") and path.count("/") > 2}
        assert bool(parts) == (headings == 5), (headings, per_page)
    assert set(kept) == single  # back where it started: no part left behind


def test_a_broken_anchor_on_a_page_not_made_again_still_fails_the_build(library):
    build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
          log=lambda *_: None)
    # a link to a clause that is not there, recorded for a page that will not be made again
    state_path = library / "build" / build_module.PAGES_STATE
    state = json.loads(state_path.read_text(encoding="utf-8"))
    page = next(name for name, record in state["pages"].items() if record["links"])
    target = next(iter(state["pages"][page]["links"]))
    state["pages"][page]["links"][target].append("s99-99")
    state_path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(build_module.BuildError):
        build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
              log=lambda *_: None)


def test_published_files_are_readable_as_files_open_makes_them(tmp_path):
    """MkDocs' files are written through temporary files, whose 0600 would hide the site from a
    web server running as another user."""
    mask = os.umask(0o022)
    try:
        build(ROOT / "seeds", ROOT / "site_config", tmp_path / "site", tmp_path / "build", ROOT / "mkdocs.yml",
              log=lambda *_: None)
    finally:
        os.umask(mask)
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_damaged_kept_output_is_made_again_and_never_published_through_a_link(library):
    """The published site shares its files with build/site (hard links): a page emptied or
    edited in place there, one removed, or one replaced by a link to a file elsewhere, must
    not live on in the next build (an attack on the warm build found all four)."""
    made: list = []
    build(library / "seeds", library / "site_config", library / "site", library / "build", library / "mkdocs.yml",
          log=lambda *_: None)
    site, kept = library / "site", library / "build" / "site"
    (site / "topics" / "index.html").write_bytes(b"")
    with open(site / "agencies" / "index.html", "ab") as page:
        page.write(b"<p>tampered</p>")
    secret = library / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    (kept / "references" / "index.html").unlink()
    (kept / "references" / "index.html").symlink_to(secret)
    (kept / "report" / "index.html").unlink()
    published, cold = build_both(library, made)
    assert published == cold and made[-1].full
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_pages_outside_the_nav_are_known_by_name_not_tried_pattern_by_pattern(tmp_path, monkeypatch):
    """not_in_nav lists every page reached from an index page (thousands in a large library):
    MkDocs would try each line on each file, so the pages it names are marked from a set; the
    check stays whole: a page neither in the nav nor listed still fails the strict build."""
    import pathspec

    from builder.site_pages import build_pages

    docs = tmp_path / "docs"
    docs.mkdir()
    unlisted = [f"p{k}.md" for k in range(40)]
    for name in ["index.md", *unlisted]:
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    settings = {"site_name": "t", "docs_dir": str(docs), "nav": ["index.md"],
                "validation": {"nav": {"omitted_files": "warn"}},
                "not_in_nav": "\n".join(f"/{name}" for name in unlisted)}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    tried: list[int] = []
    match = pathspec.gitignore.GitIgnoreSpec.match_file
    monkeypatch.setattr(pathspec.gitignore.GitIgnoreSpec, "match_file",
                        lambda self, file, *a: tried.append(len(self.patterns)) or match(self, file, *a))
    built = build_pages(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path / "state.json", incremental=False)
    assert sorted(built.made) == sorted(["index.md", *unlisted])
    assert tried and max(tried) < len(unlisted)  # MkDocs' own exclusions only
    (docs / "stray.md").write_text("# stray\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_pages(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path / "state.json", incremental=False)
