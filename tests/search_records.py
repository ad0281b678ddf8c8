"""Read back what the site's search index holds: Pagefind's result fragments (gzip, a
'pagefind_dcd' signature, then JSON), one per record, in every bundle (builder/pagefind.py)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def search_records(site: Path) -> list[dict]:
    """Every record's fragment: {"url", "content", "meta": {url, title, document, text}, "filters", …}."""
    records = []
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        records.append(json.loads(data[len(SIGNATURE):]))
    return records
