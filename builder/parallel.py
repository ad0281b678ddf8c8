"""Per-document work on every core.

Parsing a document, what is extracted from it alone (targets, topic tags, references, counted
words) and rendering its pages do not depend on the other documents once the cross-links are
known, and they are most of a cold build. Workers are forked, so they inherit the build's
state (config, parsed documents, templates) instead of receiving it pickled; only the items
(paths, indices) go out and only the results come back.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence, TypeVar

from . import progress

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S", bound=Sequence)

# Below this many items, starting the workers costs more than they save (a fork of a large
# build process takes tens of milliseconds; one document's work, a few).
MIN_ITEMS = 16

_task: Callable | None = None  # set in the parent just before forking; the workers inherit it


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1
# looked up here, not in the child: a freshly forked child should not load libraries
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def die_with_parent() -> None:
    """Have the kernel kill this process when the process that started it dies, even by
    SIGKILL (which runs no clean-up): a killed build leaves no worker or Pagefind behind.
    Linux only; kept across exec, so a child's own program inherits it."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _worker_signals() -> None:
    """A worker leaves interrupts to the build: Ctrl-C reaches the whole process group, and the
    build then ends its workers (SIGTERM), which should just stop, not print a traceback
    through the build's own handlers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


def _run(item):
    return _task(item)


def map_forked(task: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS, counted: bool = False) -> list[R]:
    """[task(item) for item in items], in order, spread over forked worker processes when
    there are at least min_items items and two cores, on Linux (Windows cannot fork, and
    macOS's system libraries are not safe to use in a forked child). counted: each item done
    advances the build's progress (a document parsed, a page rendered)."""
    workers = min(cores(), len(items))
    if len(items) < min_items or workers < 2 or not sys.platform.startswith("linux"):
        return [_counted(task(item), counted) for item in items]
    global _task
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
            # several chunks per worker: documents differ in length, so workers finish together
            chunksize = max(1, len(items) // (workers * 8))
            return [_counted(result, counted) for result in pool.imap(_run, items, chunksize=chunksize)]
    finally:
        _task = None


def _counted(result: R, counted: bool) -> R:
    if counted:
        progress.advance()
    return result


def map_parts(task: Callable[[S], R], items: S, smallest: int) -> list[R]:
    """task() of consecutive parts of `items` (a list or an array), one part per core but
    none shorter than `smallest`, worked on side by side: [task(items)] if that makes one part."""
    parts = max(1, min(cores(), len(items) // smallest))
    bounds = [len(items) * k // parts for k in range(parts + 1)]
    return map_forked(task, [items[lo:hi] for lo, hi in zip(bounds, bounds[1:])], min_items=2)


@contextmanager
def beside(task: Callable[[], R]) -> Iterator[Callable[[], R]]:
    """Run task() in a forked process while the with-block runs: the block gets a function
    that waits for task's value (or raises what task raised). Without two cores, or off Linux,
    task runs when that function is called. A block that ends, by an error too, ends the process."""
    if cores() < 2 or not sys.platform.startswith("linux"):
        def inline() -> R:
            with progress.reporting(None):  # as in the forked process: the build's own stage is shown
                return task()
        yield inline
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(task, sending), daemon=True)
    process.start()
    sending.close()  # the child holds the only sending end: its death ends the pipe

    def result() -> R:
        try:
            ok, value = receiving.recv()
        except EOFError:
            process.join()
            code = process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            raise ChildProcessError(f"the process working beside the build ended ({how}) without an answer") from None
        if not ok:
            raise value
        return value

    try:
        yield result
    finally:
        if process.is_alive():
            # SIGKILL: a SIGTERM can land before the child has set its own handlers and run the
            # build's (Ctrl-C), which the task would outlive; its Pagefind dies with it (die_with_parent)
            process.kill()
        process.join()
        receiving.close()


def _answer(task: Callable[[], R], sending) -> None:
    """In the forked process: task()'s value, or what it raised, sent back. Its progress is not
    shown (the console shows the build's own stage meanwhile)."""
    _worker_signals()
    with progress.reporting(None):
        try:
            answer = (True, task())
        except Exception as exc:  # sent to the build, which raises it
            answer = (False, exc)
    sending.send(answer)
    sending.close()
