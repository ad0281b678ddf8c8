"""One measured build in its own process, so peak memory belongs to this build alone.

    python -m bench.build_once <corpus folder> <site folder> <build folder> [--builder-only] [--previous FILE]
prints one JSON object: stage timings, document and clause counts, peak RSS (MiB), the search
index's groups and how many were indexed in this run. --previous: the anchors to report
disappeared ones against (a cold build compared with an incremental one needs the same).
--builder-only stops after render (no mkdocs, no search index): the builder pass alone. Both
use the parse cache in <build folder>/.cache; delete it first for a cold pass.
"""
from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

import time

from builder.build import build, prepare

ROOT = Path(__file__).resolve().parent.parent


def builder_pass(corpus: Path, site: Path, build_dir: Path):
    """build() up to and including render (builder.build.prepare), timed the same way."""
    started = time.perf_counter()
    result = prepare(corpus / "seeds", corpus / "site_config", site, build_dir, ROOT / "mkdocs.yml",
                     log=lambda *_: None).result
    result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    corpus, site, build_dir = (Path(a) for a in sys.argv[1:4])
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
               "peak_rss_mib": round(max(own, children), 1)}, sys.stdout)


if __name__ == "__main__":
    main()
