"""One measured build in its own process, so peak memory belongs to this build alone.

    python -m bench.build_once <corpus folder> <site folder> <build folder>
prints one JSON object: stage timings, document and clause counts, peak RSS (MiB).
"""
from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from builder.build import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    corpus, site, build_dir = (Path(a) for a in sys.argv[1:4])
    result = build(corpus / "seeds", corpus / "site_config", site, build_dir, ROOT / "mkdocs.yml",
                   log=lambda *_: None)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # e.g. a search indexer
    json.dump({"timings": result.timings, "seconds": result.seconds, "documents": len(result.documents),
               "skipped": len(result.skipped), "clauses": sum(len(d.clauses) for d in result.documents),
               "warnings": len(result.warnings), "peak_rss_mib": round(max(own, children), 1)}, sys.stdout)


if __name__ == "__main__":
    main()
