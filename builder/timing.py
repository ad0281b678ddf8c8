"""Wall-clock time per build stage, so the benchmark can tell where a build spends its time.

Stages run many times (once per document); their seconds add up under one name.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

# Reading order of the stages, for reports.
STAGES = ("config", "ingest", "parse", "extract", "render", "mkdocs", "search", "publish")


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the wall-clock seconds of the with-block to timings[stage]."""
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started
