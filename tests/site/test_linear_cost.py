"""Cost that grows with the input, never faster: each hostile shape of input is run through
the builder's own stages (ingest → parse → extract → render, in this process) at n, 2n and 4n,
and the work done must grow like n. No timings: the work is counted (Python lines executed,
characters handed to the per-line checks, peak memory), and doubling the input from 2n to 4n
may add about twice what going from n to 2n added (a cost in n² adds four times as much)."""
from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from builder import parallel, parse
from builder import patterns as P
from builder.build import prepare
from builder.render import CELL_LINKS_MAX

from ..conftest import ROOT
from ..hostile_build import make_config, write_seeds

# (w(4n) - w(2n)) / (w(2n) - w(n)) is 2 for linear work and 4 for quadratic
LINEAR_GROWTH_MAX = 2.6


def under_one_heading(lines: list[str]) -> dict[str, str]:
    return {"doc.txt": "大量短行文件\n一、总体要求\n" + "\n".join(lines) + "\n"}


# name -> (seeds for size n, n): sizes where the work that grows with the input outweighs the
# fixed cost of a build, so that a cost in n² would show
CASES = {
    # the case: one-line paragraphs under one heading, each target's year given by the
    # paragraph that opens the list
    "paragraphs under one heading": (lambda n: under_one_heading(
        ["到2025年，主要目标是："] + [f"第{i}项产品合格率达到{i % 90}%。" for i in range(n)]), 500),
    "one huge line": (lambda n: {"doc.txt": "坚持质量第一，到2025年合格率达到95%，效益优先。" * n}, 300),
    "one paragraph hard-wrapped over many lines": (lambda n: {"doc.txt": "\n".join(
        f"质量发展规划{i:06d}质量发展规划质量发展规划质量发展规划质量发展" for i in range(n))}, 1000),
    "lines ending in a comma, joined into one": (lambda n: under_one_heading(
        [f"第{i}段内容，坚持质量第一" for i in range(n)]), 1000),
    "repeated clause numbers": (lambda n: {"doc.txt": "重复编号文件\n" + "\n".join(
        f"（一）好{'。' if i % 2 else '！'}" for i in range(n))}, 500),
    "repeated attachment labels": (lambda n: {"doc.txt": "附件文件\n一、总则\n坚持质量。\n" + "\n".join(
        f"附件1\n第{i}件内容，坚持质量。" for i in range(n))}, 150),
    "deep nesting, every level": (lambda n: {"doc.txt": "条例文件\n" + "\n".join(
        f"第{k}章 总则\n第{k}节 一般\n第{k}条 内容，坚持质量。\n（一）项目\n1. 子项，内容。\n（1）细项，内容。"
        for k in range(1, n + 1))}, 100),
    "identical lines": (lambda n: under_one_heading(
        ["坚持质量第一，效益优先。" if i % 3 else "加强标准建设，完善体系。" for i in range(n)]), 500),
    "a very long heading": (lambda n: {"doc.txt": "长标题文件\n一、" + "质量" * n + "\n正文内容。\n"}, 20_000),
    "footnote-shaped lines": (lambda n: under_one_heading(
        [f"第{i}段内容，坚持质量第一。" for i in range(n)] + [f"②注释{i}" for i in range(n)]), 300),
    # short unpunctuated lines, each of which could be a table's header cell (and a 目录 line)
    "short lines like header cells": (lambda n: under_one_heading(["目录"] + [
        f"短行{chr(0x4e00 + i % 3000)}{chr(0x4e00 + i // 3000)}" for i in range(n)] + ["1", "2"]), 500),
    # a 目录 line before each heading-shaped line, none printed again
    "many contents lines": (lambda n: under_one_heading(
        [line for i in range(n) for line in ("目录", f"第{i % 9 + 1}章 总则{i}")]), 500),
    "documents with one title": (lambda n: {
        f"d{i:04d}.txt": f"关于加强质量工作的意见\n一、总体要求\n第{i}份文件，坚持质量第一。\n" for i in range(n)}, 10),
}


class WorkCounter:
    """Counts, during count(): Python lines executed, and characters given to the checks made
    once per physical line (its shape; whether it ends a sentence)."""

    MEASURES = ("lines", "shaped", "ended")

    def __init__(self, monkeypatch):
        self.lines = self.shaped = self.ended = 0
        shape_line, ends_sentence = parse.shape_line, P.ends_sentence

        def counted_shape(line):
            self.shaped += len(line.text)
            return shape_line(line)

        def counted_ending(text):
            self.ended += len(text)
            return ends_sentence(text)

        monkeypatch.setattr(parse, "shape_line", counted_shape)
        monkeypatch.setattr(P, "ends_sentence", counted_ending)

    def _trace(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self._trace

    def count(self, work) -> dict[str, int]:
        self.lines = self.shaped = self.ended = 0
        sys.settrace(self._trace)
        try:
            work()
        finally:
            sys.settrace(None)
        return {what: getattr(self, what) for what in self.MEASURES}


def run_builder(work: Path, seeds: dict[str, str]) -> None:
    prepare(write_seeds(work / "seeds", {name: text.encode() for name, text in seeds.items()}),
            make_config(work / "config"), work / "site", work / "build", ROOT / "mkdocs.yml", log=lambda *_: None)


def growth(counts: list[int]) -> float:
    small, middle, large = counts
    return (large - middle) / max(1, middle - small)


@pytest.fixture
def one_process(monkeypatch, tmp_path):
    """Work counted in this process (no forked workers), after a first build has filled what
    a process computes once (compiled patterns, loaded tables)."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    run_builder(tmp_path / "warm-up", under_one_heading(["坚持质量第一。"]))


@pytest.mark.parametrize("case", list(CASES))
def test_work_grows_linearly_with_the_input(case, one_process, monkeypatch, tmp_path):
    make_seeds, n = CASES[case]
    counter = WorkCounter(monkeypatch)
    counts = [counter.count(lambda: run_builder(tmp_path / str(size), make_seeds(size))) for size in (n, 2 * n, 4 * n)]
    for what in WorkCounter.MEASURES:
        measured = [c[what] for c in counts]
        assert growth(measured) < LINEAR_GROWTH_MAX, f"{what} at n, 2n, 4n: {measured}"


# The smallest size of each memory case, in CASES' units: below it the peak is mostly what any
# build holds (patterns, caches), and its steps read as growth.
MEMORY_SIZES = {"paragraphs under one heading": 2, "one huge line": 8}


@pytest.mark.parametrize("case", list(MEMORY_SIZES))
def test_peak_memory_grows_linearly_with_the_input(case, one_process, tmp_path):
    make_seeds, n = CASES[case]
    n *= MEMORY_SIZES[case]
    peaks = []
    for size in (n, 2 * n, 4 * n):
        tracemalloc.start()
        try:
            run_builder(tmp_path / str(size), make_seeds(size))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert growth(peaks) < LINEAR_GROWTH_MAX, f"peak bytes at n, 2n, 4n: {peaks}"


def test_a_trailing_run_of_notes_is_looked_through_without_recursion():
    assert P.ends_sentence("坚持质量第一。" + "（注）" * 100)
    assert not P.ends_sentence("坚持质量第一" + "（注）" * 100)
    # a run longer than ENDING_WINDOW is not looked through (this one used to exceed Python's
    # recursion limit and stop the build with a traceback)
    assert not P.ends_sentence("坚持质量第一。" + "（注）" * 5000)


# The issue: 200,000 short lines under one heading were killed at 24 GB, 20,000 peaked at 1.7 GB.
PEAK_RSS_MAX = 1 << 30
FORTY_THOUSAND = """
import resource, sys
from pathlib import Path
from builder.build import prepare
from builder.render import CELL_LINKS_MAX
work = Path(sys.argv[1])
prepare(work / "seeds", work / "config", work / "site", work / "build", Path(sys.argv[2]), log=lambda *_: None)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_forty_thousand_paragraphs_under_one_heading_stay_under_a_gigabyte(tmp_path):
    make_seeds, _ = CASES["paragraphs under one heading"]
    write_seeds(tmp_path / "seeds", {name: text.encode() for name, text in make_seeds(40_000).items()})
    make_config(tmp_path / "config")
    done = subprocess.run([sys.executable, "-c", FORTY_THOUSAND, str(tmp_path), str(ROOT / "mkdocs.yml")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < PEAK_RSS_MAX


def test_a_table_cell_of_thousands_of_links_is_split_over_rows(one_process, tmp_path):
    """Python-Markdown's cost for a cell is its links times its length: a list of paragraphs
    with one value each, or citing one title each, must not become one cell of them all."""
    n = 3 * CELL_LINKS_MAX + 7
    seeds = {f"{side}.txt": "\n".join([f"{side}质量文件", "一、总体要求"] + [
        f"第{i}项，到2025年，制造业产品质量合格率达到{i % 50 + 50}%，产品抽检合格率达到{i % 40 + 60}%，"
        f"依据《质量发展纲要》执行。" for i in range(n)]) for side in ("甲", "乙")}
    run_builder(tmp_path, seeds)
    docs = tmp_path / "build" / "docs"
    for page, value in (("targets/index.md", "达到"), ("references/index.md", "甲质量文件")):
        rows = [line for line in (docs / page).read_text(encoding="utf-8").splitlines() if line.startswith("|")]
        cells = [cell for row in rows for cell in row.split("|")]
        assert max(cell.count("](") for cell in cells) <= CELL_LINKS_MAX, page
        assert sum(cell.count(f"[{value}") for cell in cells) >= n, f"{page}: every value is still listed"
