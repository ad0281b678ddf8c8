"""What a later build takes from the cache equals what was stored, however compactly it is
pickled; what it loads is kept out of garbage collections only while the build runs."""
from __future__ import annotations

import dataclasses
import gc
from functools import partial

import numpy as np

from builder.cache import ParseCache
from builder.extract.links import extract_links
from builder.extract.related import document_terms
from builder.extract.targets import extract_targets


def stored_and_loaded(folder, value):
    """value as a later build takes it from the cache."""
    ParseCache(folder).memo("value", (), lambda: value)
    return ParseCache(folder).memo("value", (), lambda: "computed again")


def test_entries_load_equal_to_what_was_stored(tmp_path, seed_docs, config):
    docs = list(seed_docs.values())
    extract_links(docs, config)  # references, topic tags, responsibilities
    loaded = stored_and_loaded(tmp_path, docs)
    assert loaded == docs  # clauses, source lines, metadata, warnings and the cross-links on each
    found = [extract_targets(doc, vocab=config.targets) for doc in docs]
    assert stored_and_loaded(tmp_path / "targets", found) == found
    assert stored_and_loaded(tmp_path / "config", config) == config


def same(a, b) -> bool:
    """a == b, numpy arrays compared by their elements, dataclasses field by field."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if dataclasses.is_dataclass(a):
        return type(a) is type(b) and same(vars(a), vars(b))
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def test_long_tuples_of_texts_load_whole(tmp_path, seed_docs):
    counts = document_terms(seed_docs["004"])
    assert len(counts.words) > 100  # long enough to be pickled as one text
    words = counts.words + ("", "含\0NUL的词")  # a NUL inside one: kept as it is, not split there
    for name, value in (("counts", counts), ("with-nul", words), ("without", words[:-1])):
        assert same(stored_and_loaded(tmp_path / name, value), value)
    assert not same(counts.words[1:], counts.words)  # same() does tell


def test_loaded_objects_are_left_out_of_collections_until_the_build_is_done(tmp_path, seed_docs):
    docs = list(seed_docs.values())
    ParseCache(tmp_path).per_documents("terms", docs, (), document_terms)
    gc.unfreeze()  # whatever the tests before did
    assert gc.get_freeze_count() == 0
    ParseCache(tmp_path).per_documents("terms", docs, (), partial(AssertionError, "computed again"))
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # outside a with-block: nothing set aside
    with ParseCache(tmp_path) as cache:
        cache.per_documents("terms", docs, (), partial(AssertionError, "computed again"))
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    assert gc.get_freeze_count() == 0
