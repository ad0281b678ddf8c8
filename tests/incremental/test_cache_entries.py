"""What a later build takes from the cache equals what was stored, however compactly it is
pickled; what it loads is kept out of garbage collections only while the build runs."""
from __future__ import annotations

import dataclasses
import gc
import pickle
import random
import shutil
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from builder.incremental import Incremental
from builder.incremental import store as store_module
from builder.build import prepare
from builder.extract.related import document_terms
from builder.extract.targets import extract_targets
from builder.pipeline import extract_facts

from ..conftest import CONFIG, ROOT, SEEDS


def stored_and_loaded(folder, value):
    """value as a later build takes it from the cache."""
    Incremental(folder).once("value", (), lambda: value)
    return Incremental(folder).once("value", (), lambda: "computed again")


def test_entries_load_equal_to_what_was_stored(tmp_path, seed_docs, config):
    docs = list(seed_docs.values())
    loaded = stored_and_loaded(tmp_path, docs)
    assert loaded == docs  # clauses, source lines, metadata, warnings
    facts, _ = extract_facts(docs, config)  # targets, references, topic tags, responsibilities
    assert stored_and_loaded(tmp_path / "facts", facts) == facts
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
    Incremental(tmp_path).each("terms", docs, (), document_terms)
    gc.unfreeze()  # whatever the tests before did
    assert gc.get_freeze_count() == 0
    Incremental(tmp_path).each("terms", docs, (), partial(AssertionError, "computed again"))
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # outside a with-block: nothing set aside
    with Incremental(tmp_path) as cache:
        cache.each("terms", docs, (), partial(AssertionError, "computed again"))
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    assert gc.get_freeze_count() == 0


# --------------------------------------------------------------------------- damaged entries
def only_entry(folder: Path) -> Path:
    entries = list(folder.iterdir())
    assert len(entries) == 1
    return entries[0]


def truncate(entry: Path, _) -> None:
    entry.write_bytes(entry.read_bytes()[:-7])


def random_bytes(entry: Path, _) -> None:
    entry.write_bytes(random.Random(1).randbytes(300))  # once made unpickling raise MemoryError


def another_entrys_pickle(entry: Path, folder: Path) -> None:
    Incremental(folder).once("other", (), lambda: ["another", "value"])
    other = next(p for p in folder.iterdir() if p != entry)
    entry.write_bytes(other.read_bytes())


def wrong_type(entry: Path, _) -> None:
    entry.write_bytes(pickle.dumps(42))


def empty(entry: Path, _) -> None:
    entry.write_bytes(b"")


def a_folder(entry: Path, _) -> None:
    entry.unlink()
    (entry / "inside").mkdir(parents=True)


@pytest.mark.parametrize("damage", [truncate, random_bytes, another_entrys_pickle, wrong_type, empty, a_folder],
                         ids=lambda f: f.__name__)
def test_an_entry_that_cannot_be_used_is_computed_again_replaced_and_reported_once(tmp_path, capsys, damage):
    folder = tmp_path / ".cache"
    Incremental(folder).once("value", (), lambda: {"stored": [1, 2, 3]})
    entry = only_entry(folder)
    damage(entry, folder)
    cache = Incremental(folder)
    assert cache.once("value", (), lambda: "computed again") == "computed again"
    assert cache.once("value", ("more",), lambda: "another miss") == "another miss"
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: {folder}: "), warnings
    assert Incremental(folder).once("value", (), lambda: "computed a third time") == "computed again", "replaced"
    assert capsys.readouterr().err == ""


def test_an_entry_that_cannot_be_read_is_computed_again(tmp_path, capsys, monkeypatch):
    folder = tmp_path / ".cache"
    Incremental(folder).once("value", (), lambda: "stored")
    denied = str(only_entry(folder))
    read = store_module._read

    def permission_denied(path: str) -> bytes:
        if path == denied:
            raise PermissionError(13, "Permission denied", path)
        return read(path)

    monkeypatch.setattr(store_module, "_read", permission_denied)
    assert Incremental(folder).once("value", (), lambda: "computed again") == "computed again"
    assert capsys.readouterr().err.startswith(f"warning: {folder}: ")


def docs_tree(build_dir: Path) -> dict[str, bytes]:
    docs = build_dir / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def builder_pass(build_dir: Path):
    return prepare(SEEDS, CONFIG, build_dir / "site", build_dir, ROOT / "mkdocs.yml", log=lambda *_: None)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("cached") / "build"
    builder_pass(build_dir)
    return build_dir


def test_a_build_with_every_cache_entry_damaged_builds_the_same(built_once, tmp_path, capsys):
    build_dir = tmp_path / "build"
    shutil.copytree(built_once, build_dir)
    entries = sorted((build_dir / ".cache").iterdir())
    for i, entry in enumerate(entries):
        entry.write_bytes(random.Random(i).randbytes(entry.stat().st_size or 100))
    capsys.readouterr()
    result = builder_pass(build_dir).result
    assert len(result.parsed) == len(list(SEEDS.glob("*.txt"))) and not result.cached
    assert docs_tree(build_dir) == docs_tree(built_once)
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {build_dir / '.cache'}: cache entries that could not be read or written were computed again "
        f"(delete the folder if this repeats)"]
    assert builder_pass(build_dir).result.cached and capsys.readouterr().err == "", "the entries were replaced"


def test_a_damaged_compiled_template_is_compiled_again(built_once, tmp_path, capsys):
    build_dir = tmp_path / "build"
    shutil.copytree(built_once, build_dir)
    folder = build_dir / ".cache"
    cache = Incremental(folder)
    templates = [p.stem for p in folder.iterdir() if isinstance(cache._load(p.stem), bytes)]
    assert templates
    for key in templates:
        cache._store(key, b"not marshal data")
    capsys.readouterr()
    (build_dir / "docs" / "index.md").unlink()  # a page to render, from the templates
    builder_pass(build_dir)
    assert (build_dir / "docs" / "index.md").read_bytes() == (built_once / "docs" / "index.md").read_bytes()
    assert capsys.readouterr().err.startswith(f"warning: {folder}: ")
    assert all(isinstance(Incremental(folder)._load(key), bytes) for key in templates)
