"""Safe rebuilds: parse cache, atomic publish, a failed build leaves the old site alone."""
from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

import builder.build as build_module
import builder.publish as publish_module
from builder.build import build
from builder.publish import SITE_MARKER, publish, signals_deferred
from builder.incremental import Incremental
from builder.pipeline import chrome_inputs, read_and_parse
from builder.model import BuildError

from ..conftest import CONFIG, ROOT, SEEDS


def test_cache_hits_until_the_file_changes(tmp_path, config):
    seed = tmp_path / "seeds" / "a.txt"
    seed.parent.mkdir()
    shutil.copy(SEEDS / "004_99d0127d3b1adaf7.txt", seed)
    def parsed(layer: Incremental, chrome) -> tuple:
        (value, cached), = layer.files("parse", [seed], (chrome_inputs(tuple(chrome)),),
                                       partial(read_and_parse, chrome=chrome))
        return value[0], cached

    doc, cached = parsed(Incremental(tmp_path / "cache"), config.chrome)
    assert not cached
    again, cached = parsed(Incremental(tmp_path / "cache"), config.chrome)
    assert cached and [c.anchor for c in again.clauses] == [c.anchor for c in doc.clauses]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    edited = Incremental(tmp_path / "cache")
    assert not parsed(edited, config.chrome)[1]
    assert not parsed(edited, config.chrome[:1])[1]  # other chrome rules: another parse
    edited.prune()
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_publish_puts_the_old_site_back_if_the_swap_fails(tmp_path, monkeypatch):
    """Where the one-step exchange is missing, publishing falls back to two renames."""
    site, scratch = tmp_path / "site", tmp_path / ".site.x"
    new = scratch / "site"
    site.mkdir(), new.mkdir(parents=True)
    (site / "index.html").write_text("old", encoding="utf-8")
    (new / "index.html").write_text("new", encoding="utf-8")
    monkeypatch.setattr(publish_module, "exchange", lambda a, b: False)
    real_rename = Path.rename

    def failing_rename(self, target):
        if self == new:
            raise OSError("disk full")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError):
        publish(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    monkeypatch.setattr(Path, "rename", real_rename)
    publish(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (scratch / "old" / "index.html").read_text(encoding="utf-8") == "old"  # removed with the scratch folder


def _published_site(site: Path, index: str = "old") -> None:
    site.mkdir()
    (site / SITE_MARKER).write_text("{}", encoding="utf-8")
    (site / "index.html").write_text(index, encoding="utf-8")


def test_failed_mkdocs_leaves_the_old_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _published_site(site)

    def broken_mkdocs(config_file, site_dir, incremental=False):
        site_dir.mkdir(parents=True, exist_ok=True)
        (site_dir / "half.html").write_text("half", encoding="utf-8")
        raise BuildError(str(config_file), None, "mkdocs build failed")

    monkeypatch.setattr(build_module, "run_mkdocs", broken_mkdocs)
    with pytest.raises(BuildError):
        build(SEEDS, CONFIG, site, tmp_path / "build", ROOT / "mkdocs.yml", log=lambda *_: None)
    assert sorted(p.name for p in site.iterdir()) == [SITE_MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "build", "site"]  # no scratch left behind


def test_unreadable_previous_anchors_do_not_stop_the_build(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _published_site(site)
    (site / "data").mkdir(parents=True)
    (site / "data" / "anchors.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(build_module, "run_mkdocs", lambda config_file, site_dir, incremental=False: None)
    result = build(SEEDS, CONFIG, site, tmp_path / "build", ROOT / "mkdocs.yml", log=lambda *_: None)
    assert [w.code for w in result.warnings if w.code == "anchors-unreadable"] == ["anchors-unreadable"]
    with pytest.raises(BuildError):  # asked for explicitly, it must be readable
        build(SEEDS, CONFIG, site, tmp_path / "build", ROOT / "mkdocs.yml", log=lambda *_: None,
              previous=tmp_path / "missing.json")


@pytest.mark.parametrize("other_thread", [False, True])
def test_an_interrupt_during_the_swap_waits_for_it(tmp_path, other_thread):
    calls = []
    before = signal.signal(signal.SIGTERM, lambda *_: calls.append(len(calls)))
    # another thread (a server, a library's pool) may be the one the kernel hands the signal to
    waiting = threading.Event()
    thread = threading.Thread(target=waiting.wait)
    if other_thread:
        thread.start()
    try:
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            assert calls == []  # held off inside the block
        assert calls == [0]  # delivered as soon as it ends
    finally:
        signal.signal(signal.SIGTERM, before)
        waiting.set()
        if other_thread:
            thread.join()


def test_memo_recomputes_only_when_what_it_reads_changes(tmp_path, seed_docs):
    doc = seed_docs["004"]
    calls = []

    def count(value):
        calls.append(value)
        return value

    for _ in range(2):  # a later build, same document and config: taken from the cache
        assert Incremental(tmp_path).each("topics", [doc], ("config A",), lambda _: count("A")) == ["A"]
    assert calls == ["A"]
    assert Incremental(tmp_path).each("topics", [doc], ("config B",), lambda _: count("B")) == ["B"]
    other = seed_docs["002"]  # another document's clauses: its own entry
    assert Incremental(tmp_path).each("topics", [other], ("config A",), lambda _: count("C")) == ["C"]
    assert Incremental(None).each("topics", [doc], ("config A",), lambda _: count("D")) == ["D"]  # no cache folder
    redated = replace(doc, meta=replace(doc.meta, date="2099-01-01"))  # targets' "全年" is the date's year
    assert Incremental(tmp_path).each("topics", [redated], ("config A",), lambda _: count("E")) == ["E"]
    assert calls == ["A", "B", "C", "D", "E"]
