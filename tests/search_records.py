"""Read back what the site's search index holds: Pagefind's result fragments (gzip, a
'pagefind_dcd' signature, then JSON), one per record (a document), in every bundle
(builder/pagefind.py), and the sections their meta carries."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def search_records(site: Path) -> list[dict]:
    """Every record's fragment: {"url", "content", "meta": {url, title, sections}, "filters", …}."""
    records = []
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        records.append(json.loads(data[len(SIGNATURE):]))
    return records


def search_sections(site: Path) -> list[dict]:
    """Every section of every record: {"url", "title", "text", "topics", "document" (its title), "filters" (its record's)}."""
    return [{**section, "document": record["meta"]["title"], "filters": record["filters"]}
            for record in search_records(site) for section in json.loads(record["meta"]["sections"])]
