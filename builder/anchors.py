"""Anchor stability: every page's anchors, written as data/anchors.json by each build, and
the anchors an earlier build had that this one lost (memos link to them)."""
from __future__ import annotations

import json
from pathlib import Path

from .model import BuildError, Document
from .site_names import DATA_DIR

ANCHORS_JSON = f"{DATA_DIR}/anchors.json"  # inside the site


def latest_page(doc: Document) -> str:
    return f"{doc.slug}/"


def pinned_page(doc: Document) -> str:
    """The page of one version that never changes: /<slug>/<version date>/."""
    return f"{doc.slug}/{doc.meta.date}/"


def page_anchors(latest: list[Document], history: dict[str, list[Document]]) -> dict[str, list[str]]:
    """Page path (relative to the site root) -> its clause anchors in page order."""
    pages = {latest_page(doc): [c.anchor for c in doc.clauses] for doc in latest}
    for versions in history.values():
        pages.update({pinned_page(doc): [c.anchor for c in doc.clauses] for doc in versions})
    return dict(sorted(pages.items()))


def anchors_document(pages: dict[str, list[str]]) -> dict:
    return {"pages": pages}


def load_previous(path: Path) -> dict[str, list[str]] | None:
    """Anchors of an earlier build, from its anchors.json or its site folder.

    None for a site folder without anchors.json (built before anchors were recorded).
    """
    if path.is_dir():
        file = path / ANCHORS_JSON
        if not file.is_file():
            return None
    elif path.is_file():
        file = path
    else:
        raise BuildError(str(path), None, "not found", "pass the previous site/ folder or its data/anchors.json")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        pages = data["pages"]
        if not (isinstance(pages, dict) and all(isinstance(v, list) for v in pages.values())):
            raise TypeError
        return pages
    except (OSError, ValueError, KeyError, TypeError):
        raise BuildError(str(file), None, "not an anchors.json written by this builder",
                         "pass the previous site/ folder or its data/anchors.json")


def disappeared(previous: dict[str, list[str]] | None, current: dict[str, list[str]]) -> dict[str, list[str]]:
    """Page -> anchors it had before and lacks now (a whole page gone loses all of them)."""
    if previous is None:
        return {}
    lost = {}
    for page, anchors in sorted(previous.items()):
        now = set(current.get(page, ()))
        missing = [a for a in anchors if a not in now]
        if missing:
            lost[page] = missing
    return lost
