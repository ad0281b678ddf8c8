"""One measured build in its own process, so peak memory belongs to this build alone.

    python -m bench.build_once <corpus folder> <site folder> <build folder> [--builder-only] [--previous FILE]
prints one JSON object: stage timings, document and clause counts, peak RSS (MiB: the largest of
the build's processes), peak memory of all its processes together (MiB: the sum of their
proportional set sizes, sampled, so pages a forked process shares are counted once), the search
index's groups and how many were indexed in this run. --previous: the anchors to report
disappeared ones against (a cold build compared with an incremental one needs the same).
--builder-only stops after render (no mkdocs, no search index): the builder pass alone. Both
use the parse cache in <build folder>/.cache; delete it first for a cold pass.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from builder.build import build, prepare

ROOT = Path(__file__).resolve().parent.parent


def builder_pass(corpus: Path, site: Path, build_dir: Path):
    """build() up to and including render (builder.build.prepare), timed the same way."""
    started = time.perf_counter()
    result = prepare(corpus / "seeds", corpus / "site_config", site, build_dir, ROOT / "mkdocs.yml",
                     log=lambda *_: None).result
    result.seconds = time.perf_counter() - started
    return result


SAMPLE_SECONDS = 0.25


def tree_pss_kib(root: int) -> int:
    """The proportional set size of process root and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith(b"Pss:"))
        except (OSError, StopIteration):
            continue
    return total


class TreeMemory:
    """The largest tree_pss_kib of this process seen while the with-block runs (Linux; 0 elsewhere)."""

    def __init__(self):
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak_kib = max(self.peak_kib, tree_pss_kib(os.getpid()))
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def __enter__(self):
        if os.path.exists("/proc/self/smaps_rollup"):
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def main() -> None:
    corpus, site, build_dir = (Path(a) for a in sys.argv[1:4])
    with TreeMemory() as memory:
        if "--builder-only" in sys.argv[4:]:
            result = builder_pass(corpus, site, build_dir)
        else:
            flags = sys.argv[4:]
            previous = Path(flags[flags.index("--previous") + 1]) if "--previous" in flags else None
            result = build(corpus / "seeds", corpus / "site_config", site, build_dir, ROOT / "mkdocs.yml",
                           log=lambda *_: None, previous=previous)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # e.g. a search indexer
    json.dump({"timings": result.timings, "seconds": result.seconds, "documents": len(result.documents),
               "skipped": len(result.skipped), "clauses": sum(len(d.clauses) for d in result.documents),
               "warnings": len(result.warnings), "parsed": len(result.parsed), "cached": len(result.cached),
               "rendered": len(result.rendered), "reused": len(result.reused),
               "search_shards": len(result.search.shards) if result.search else 0,
               "search_indexed": len(result.search.indexed) if result.search else 0,
               "peak_rss_mib": round(max(own, children), 1),
               "peak_memory_mib": round(memory.peak_kib / 1024, 1)}, sys.stdout)


if __name__ == "__main__":
    main()
