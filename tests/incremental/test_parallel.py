"""Per-document work in forked workers gives what one process gives."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import builder.parallel as parallel
from builder.build import prepare
from builder.incremental import Incremental
from builder.pipeline import load_documents
from builder.runner import DIRECT
from builder.model import BuildError
from builder.parallel import beside, map_forked

from ..conftest import CONFIG, FIXTURES, ROOT, SEEDS


def test_map_forked_keeps_order_and_uses_the_cores():
    items = list(range(3 * parallel.MIN_ITEMS))
    results = map_forked(lambda i: (i * i, os.getpid()), items)
    assert [square for square, _ in results] == [i * i for i in items]
    if parallel.cores() > 1:
        assert os.getpid() not in {pid for _, pid in results}


def test_few_items_stay_in_this_process():
    assert {pid for pid in map_forked(lambda _: os.getpid(), range(parallel.MIN_ITEMS - 1))} == {os.getpid()}


two_cores = pytest.mark.skipif(parallel.cores() < 2, reason="beside() forks only with two cores")


@two_cores
def test_beside_runs_its_task_in_another_process_while_the_block_runs(tmp_path):
    started = tmp_path / "started"
    with beside(lambda: (started.write_text("x"), os.getpid())[1]) as result:
        for _ in range(500):  # the block goes on while the task runs (a task run on demand has not started)
            if started.exists():
                break
            time.sleep(0.01)
        assert started.exists()
        assert result() != os.getpid()


def test_beside_gives_what_the_task_raised_with_its_fields():
    def broken():
        raise BuildError("seeds/a.txt", 3, "bad line", "fix it")

    with beside(broken) as result:
        with pytest.raises(BuildError) as raised:
            result()
    assert (raised.value.file, raised.value.line, raised.value.message, raised.value.hint) == (
        "seeds/a.txt", 3, "bad line", "fix it")


@two_cores
def test_beside_says_when_its_process_died_without_an_answer():
    with beside(lambda: os._exit(3)) as result:
        with pytest.raises(ChildProcessError, match="exit code 3"):
            result()


@two_cores
def test_a_block_that_fails_ends_the_task(tmp_path):
    done = tmp_path / "done"

    def slow():
        time.sleep(2)
        done.write_text("x")

    with pytest.raises(KeyboardInterrupt):
        with beside(slow):
            raise KeyboardInterrupt
    time.sleep(2.5)
    assert not done.exists()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def builder_pass(seeds: Path, work: Path) -> dict[str, bytes]:
    prepared = prepare(seeds, CONFIG, work / "site", work / "build", ROOT / "mkdocs.yml", log=lambda *_: None)
    assert not prepared.result.skipped
    return tree(work / "build" / "docs")


@pytest.fixture
def library(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")]:
        shutil.copy(path, seeds)
    return seeds


def test_a_build_on_workers_equals_one_in_one_process(library, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    on_workers = builder_pass(library, tmp_path / "workers")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**6)
    one_process = builder_pass(library, tmp_path / "one")
    assert on_workers == one_process
    # what the workers wrote to the cache serves the next build, which changes nothing
    assert builder_pass(library, tmp_path / "workers") == one_process


def test_an_unreadable_seed_is_skipped_with_a_message(library, config, monkeypatch):
    broken = sorted(library.iterdir())[0]
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == broken:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    for run in (DIRECT, Incremental(None), Incremental(library.parent / "cache")):
        result = load_documents(library, config, log=lambda *_: None, run=run)
        assert [(e.file, e.message) for e in result.skipped] == [(broken.name, "cannot read the file: Permission denied")]
        assert len(result.parsed) + len(result.cached) == len(list(library.iterdir())) - 1
