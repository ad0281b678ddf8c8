"""Related sections and alignments after an edit: looked up again only where the edit can
change them (related.changes_since), yet exactly what a build from nothing finds."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from builder.build import prepare
from builder.incremental import Incremental
from builder.extract import links
from builder.extract.related import (
    SimilarityIndex, alignments, changes_since, document_terms, related_pairs, section_tokens, snapshot, term_counts,
)
from builder.extract.sections import sections

from ..maint_helpers import ROOT, make_workspace

DOCUMENTS = 40


@pytest.fixture(scope="module")
def library(seed_docs, corpus_docs):
    """The seeds' and fixtures' sections dealt out to DOCUMENTS documents, in turn: a library
    large enough that most champion lists hold only some of the sections with their term."""
    material = [s for doc in [*seed_docs.values(), *corpus_docs.values()] for s in sections(doc)]
    dealt = [dataclasses.replace(s, doc=f"d{i % DOCUMENTS}", anchor=f"s{i}") for i, s in enumerate(material)]
    return sorted(dealt, key=lambda s: int(s.doc[1:]))  # a document's sections together, as a build gives them


PAIRS = [(f"d{k + 1}", f"d{k}") for k in range(0, DOCUMENTS, 4)]


def document_counts(secs):
    """term_counts() a document at a time, as a build counts (the runs an index may reuse)."""
    runs = [[s for s in secs if s.doc == doc] for doc in dict.fromkeys(s.doc for s in secs)]
    return [term_counts([section_tokens(s) for s in run], run) for run in runs]


def found_with(secs, previous=None):
    """(related pairs, alignments, snapshot, sections scored) for the library `secs`."""
    index = SimilarityIndex(secs, counts=document_counts(secs), previous=previous)
    changes = changes_since(index, previous)
    found = related_pairs(index, changes)
    aligned = alignments(index, "implements", PAIRS, changes)
    return found, aligned, snapshot(index, found, aligned), index.pairs_scored


def edited(secs, anchor, **fields):
    return [dataclasses.replace(s, **fields) if s.anchor == anchor else s for s in secs]


def longest(secs, doc):
    return max((s for s in secs if s.doc == doc), key=lambda s: len(s.text)).anchor


EDITS = {
    "sentence added, common words": lambda secs: edited(
        secs, longest(secs, "d7"), text=next(s.text for s in secs if s.anchor == longest(secs, "d7"))
        + "\n各地区要结合实际抓好落实。"),
    "new rare word (its idf is new)": lambda secs: edited(
        secs, longest(secs, "d8"), text="建立健全琼州海峡滚装运输质量保障机制。"),
    "text rewritten": lambda secs: edited(secs, longest(secs, "d9"), text=secs[5].text),
    "title changed": lambda secs: edited(secs, longest(secs, "d3"), title="完善质量基础设施"),
    "section removed": lambda secs: [s for s in secs if s.anchor != longest(secs, "d1")],
    "document removed": lambda secs: [s for s in secs if s.doc != "d12"],
    "document added": lambda secs: secs + [dataclasses.replace(s, doc="d99", anchor=f"new-{s.anchor}")
                                           for s in secs if s.doc == "d5"],
}


@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_related_sections_and_alignments_equal_a_build_from_nothing(library, edit):
    _, _, before, cold_scored = found_with(library)
    after = EDITS[edit](library)
    found, aligned, _, scored = found_with(after, before)
    cold_found, cold_aligned, _, _ = found_with(after)
    for part, cold_part in zip(found, cold_found):
        assert np.array_equal(part, cold_part)  # the same floats, not only the same rounded scores
    assert aligned == cold_aligned
    assert len(found[0]) > 100 and any(a.rows for a in aligned)  # something to compare
    assert scored < cold_scored  # and only part of the library was looked up again


def test_documents_changing_places_with_equal_sections_find_what_a_build_from_nothing_finds(library):
    """Two documents share a section word for word (equal scores, ranked by place), and one of
    them moves to the front (its seed renamed): the previous build's results, kept where no
    vector changed, had the old order of ties (an attack on the warm build found it)."""
    copy = [dataclasses.replace(s, doc="dcopy", anchor=f"c-{s.anchor}") for s in library if s.doc == "d4"]
    _, _, before, _ = found_with(library + copy)
    moved = copy + library  # the copy's sections now first
    found, aligned, _, _ = found_with(moved, before)
    cold_found, cold_aligned, _, _ = found_with(moved)
    for part, cold_part in zip(found, cold_found):
        assert np.array_equal(part, cold_part)
    assert aligned == cold_aligned


def test_an_unchanged_library_looks_nothing_up_again(library):
    found, aligned, before, _ = found_with(library)
    again, aligned_again, _, scored = found_with(library, before)
    assert scored == 0
    assert all(np.array_equal(a, b) for a, b in zip(found, again)) and aligned_again == aligned


def test_sections_sharing_an_anchor_leave_nothing_to_compare_with(library):
    index = SimilarityIndex(library + [library[0]])
    assert snapshot(index, related_pairs(index), []) is None


def index_by_words(index):
    """An index's vectors, query terms and champion lists, terms as words and sections as
    (document, anchor): what must not depend on how its terms are numbered."""
    key = [(s.doc, s.anchor) for s in index.sections]

    def vectors(v):
        return [[(index.words[t], w) for t, w in zip(v.term[a:b].tolist(), v.weight[a:b].tolist())]
                for a, b in zip(v.start[:-1].tolist(), v.start[1:].tolist())]
    champions = {index.words[t]: [(key[s], w) for s, w in zip(index.champion_section[a:b].tolist(),
                                                              index.champion_weight[a:b].tolist())]
                 for t, (a, b) in enumerate(zip(index.champion_start[:-1].tolist(), index.champion_start[1:].tolist()))
                 if b > a}
    queries = [[(index.words[t], w) for t, w in zip(terms, weights) if t >= 0]
               for terms, weights in zip(index.query_terms.tolist(), index.query_weights.tolist())]
    return vectors(index.vectors), vectors(index.title_vectors), queries, champions


@pytest.mark.parametrize("edit", EDITS)
def test_an_index_built_on_an_earlier_one_is_the_index_built_from_nothing(library, edit):
    _, _, before, _ = found_with(library)
    after = EDITS[edit](library)
    counts = document_counts(after)
    assert index_by_words(SimilarityIndex(after, counts=counts, previous=before)) == \
        index_by_words(SimilarityIndex(after, counts=counts))


def test_a_build_reads_only_the_words_its_previous_index_lacks_and_prune_keeps_the_rest(tmp_path, monkeypatch):
    workspace, build_dir = make_workspace(tmp_path / "workspace"), tmp_path / "build"

    def builder_pass():
        prepared = prepare(workspace / "seeds", workspace / "site_config", workspace / "site", build_dir,
                           ROOT / "mkdocs.yml", log=lambda *_: None)
        prepared.layer.prune()  # as build() does at the end
        return prepared.result

    first = builder_pass()
    read, counted = [], []
    each = Incremental.each

    def recording(self, kind, docs, inputs, work):
        if kind == "terms":
            read.extend(d.slug for d in docs)
        return each(self, kind, docs, inputs, work)
    monkeypatch.setattr(Incremental, "each", recording)
    monkeypatch.setattr(links, "document_terms", lambda doc, idf: counted.append(doc.slug) or document_terms(doc, idf))

    builder_pass()  # nothing changed: every document's words are in the index kept
    assert read == [] and counted == []
    Incremental(build_dir / ".cache").previous(links.SIMILARITY_SNAPSHOT)  # the index lost (an interrupted build)
    builder_pass()
    assert sorted(read) == sorted(d.slug for d in first.documents) and counted == []  # read again, not counted
