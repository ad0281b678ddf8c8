"""The page kinds (builder/pages): found by their modules, written in order, each page at a path
of its own whose top-level name no document can take; the extractors likewise (builder/extract)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from builder import extract
from builder.extract import Extractor, extractors
from builder.pages import _check_path, page_kinds
from builder.pipeline import extract_facts
from tests.xref_docs import clause, document


def library(*slugs: str):
    return SimpleNamespace(by_slug={slug: None for slug in slugs})


def test_every_kind_is_found_once_in_order():
    kinds = page_kinds()
    assert [k.order for k in kinds] == sorted(k.order for k in kinds)
    assert len({k.name for k in kinds}) == len(kinds) and "issuers" in {k.name for k in kinds}


def test_two_kinds_writing_one_path_are_refused():
    written = {}
    _check_path("topics/index.md", "topics", written, library())
    with pytest.raises(ValueError, match="'topics' and 'other' both write topics/index.md"):
        _check_path("topics/index.md", "other", written, library())


def test_a_top_level_folder_no_slug_is_kept_from_is_refused():
    _check_path("gd-plan/index.md", "documents", {}, library("gd-plan"))  # a document's own folder
    _check_path("index.md", "home", {}, library())
    with pytest.raises(ValueError, match="'newkind' is not one of the site's own names"):
        _check_path("newkind/index.md", "newkind", {}, library("gd-plan"))


def test_two_extractors_of_one_name_or_one_fact_are_refused(monkeypatch, config):
    first = extractors()[0]
    monkeypatch.setattr(extract, "extractors", lambda: (first, Extractor(first.name + "-again", first.reads,
                                                                         first.find)))
    monkeypatch.setattr("builder.pipeline.extractors", extract.extractors)
    doc = document("d", [clause("p1", "paragraph", "加强计量工作。")])
    with pytest.raises(ValueError, match="which another found already"):
        extract_facts([doc], config)


def test_every_extractor_names_its_facts_apart(config):
    doc = document("d", [clause("p1", "paragraph", "于2025年底前完成，处一万元以下的罚款。")])
    facts, _ = extract_facts([doc], config)
    found = facts["d.txt"]
    assert {"targets", "milestones", "references", "topic_tags", "responsibilities", "agencies", "penalties",
            "deadlines"} <= found.keys()
