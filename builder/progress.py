"""What a build tells the person waiting for it: one line per stage with its count and time.

On a terminal each stage is a tqdm bar while it runs (count, rate, elapsed) and stays as a
line when it ends; elsewhere (CI, a pipe) each stage prints one plain line when it ends, so a
log holds a summary, not a line per document. Per-document lines are details: shown with
--verbose, and always in the build report.

Stages report through this module as they would through `logging`: `stage()` opens one,
`advance()` counts what it made and `kept()` what it took unchanged from the previous build
(shown apart: an edit's build says how little it made); with no reporter installed they do nothing.
"""
from __future__ import annotations

import shutil
import sys
import threading
import time
from contextlib import contextmanager
from typing import IO, Iterator

QUIET, NORMAL, VERBOSE = 0, 1, 2

# What the stages are called on the console (timing.STAGES names them in the code).
LABELS = {
    "documents": "读取与解析", "extract": "抽取", "render": "生成页面", "mkdocs": "MkDocs 页面",
    "search": "搜索索引", "publish": "发布",
}


def printable(text: str, one_line: bool = False) -> str:
    """Text for a terminal: control characters (from a file name, say) shown as escapes; with
    one_line, line breaks too (a name holding one could pass its second half for a line of its own)."""
    return "".join(ch if ch.isprintable() or ch == "\n" and not one_line else f"\\x{ord(ch):02x}" for ch in str(text))


class Reporter:
    """Console output of one build run."""

    def __init__(self, level: int = NORMAL, stream: IO[str] | None = None, terminal: bool | None = None):
        self.level = level
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self._bar = None
        self._count = 0
        self._kept = 0
        self._unit = ""

    def detail(self, text: str) -> None:
        if self.level >= VERBOSE:
            self._print(text)

    def info(self, text: str) -> None:
        if self.level >= NORMAL:
            self._print(text)

    def _print(self, text: str) -> None:
        text = printable(text, one_line=True)
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    @contextmanager
    def stage(self, name: str, total: int | None, unit: str) -> Iterator[None]:
        label = LABELS.get(name, name)
        self._count, self._kept, self._unit = 0, 0, unit
        started = time.perf_counter()
        if self.level >= NORMAL and self.terminal:
            from tqdm import tqdm

            counts = "{n_fmt}{unit} " if unit else ""
            size = shutil.get_terminal_size((0, 0))
            sized = size.columns > 0 and size.lines > 0  # a terminal with no size drew empty lines
            self._bar = tqdm(total=total, desc=label, unit=f" {unit}", file=self.stream, leave=True,
                             dynamic_ncols=sized, ncols=None if sized else 80, nrows=None if sized else 24,
                             bar_format=None if total else "{desc}: " + counts + "[{elapsed}{postfix}]")
            ticking = threading.Event()
            # the elapsed time moves on while a stage that counts nothing (Pagefind) runs
            ticker = threading.Thread(target=self._tick, args=(self._bar, ticking), daemon=True)
            ticker.start()
        try:
            yield
        finally:
            if self._bar is not None:
                ticking.set()
                ticker.join()
                self._bar.close()
                self._bar = None
            elif self.level >= NORMAL:
                count = f"{self._count} {unit}" if self._count or self._kept else ""
                count += f"（{self._kept} {unit}未变）" if self._kept else ""
                count += ", " if count else ""
                print(f"{label}: {count}{time.perf_counter() - started:.1f} s", file=self.stream, flush=True)

    @staticmethod
    def _tick(bar, stop: threading.Event) -> None:
        while not stop.wait(0.5):
            bar.refresh()

    def advance(self, n: int) -> None:
        self._count += n
        if self._bar is not None:
            self._bar.update(n)

    def kept(self, n: int) -> None:
        self._kept += n
        if self._bar is not None:
            if self._bar.total:  # a bar towards a known total: what was kept is done too
                self._bar.update(n)
            self._bar.set_postfix_str(f"{self._kept} {self._unit}未变")


_current: Reporter | None = None


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[Reporter | None]:
    """Send the stages' progress to reporter for the block (None: nowhere)."""
    global _current
    before, _current = _current, reporter
    try:
        yield reporter
    finally:
        _current = before


@contextmanager
def stage(name: str, total: int | None = None, unit: str = "") -> Iterator[None]:
    if _current is None:
        yield
        return
    with _current.stage(name, total, unit):
        yield


def advance(n: int = 1) -> None:
    if _current is not None and n:
        _current.advance(n)


def kept(n: int) -> None:
    """n of the open stage's units were taken unchanged from the previous build."""
    if _current is not None and n:
        _current.kept(n)


def detail(text: str) -> None:
    """A line for --verbose (one per document, say)."""
    if _current is not None:
        _current.detail(text)


def info(text: str) -> None:
    """A line for the normal console (what the build did that the person should know)."""
    if _current is not None:
        _current.info(text)
