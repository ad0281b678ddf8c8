"""Read back what the site's search index holds: Pagefind's result fragments (gzip, a
'pagefind_dcd' signature, then JSON), one per record (a document), in every bundle
(builder/pagefind.py), and the sections each carries as its RECORD_FILTER value."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from builder.pagefind import RECORD_FILTER

SIGNATURE = b"pagefind_dcd"


def search_records(site: Path) -> list[dict]:
    """Every record's fragment: {"url", "content", "filters": {RECORD_FILTER: [its data() as JSON], …}, …}."""
    records = []
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        records.append(json.loads(data[len(SIGNATURE):]))
    return records


def shown(record: dict) -> dict:
    """What the box reads of a record: {"url", "document", "sections"} (SearchDocument.data)."""
    return json.loads(record["filters"][RECORD_FILTER][0])


def search_sections(site: Path) -> list[dict]:
    """Every section of every record: {"url", "title", "text", "topics", "document" (its title), "filters" (its record's)}."""
    sections = []
    for record in search_records(site):
        data = shown(record)
        filters = {name: values for name, values in record["filters"].items() if name != RECORD_FILTER}
        sections += [{**section, "document": data["document"], "filters": filters} for section in data["sections"]]
    return sections
