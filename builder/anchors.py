"""Anchor stability: every page's anchors, written as data/anchors.json by each build, and
the anchors an earlier build had that this one lost (memos link to them)."""
from __future__ import annotations

import json
from pathlib import Path

from .model import BuildError, Document
from .site_names import DATA_DIR
from .versions import align, comparable

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


def moved_anchors(history: dict[str, list[Document]]) -> dict[str, dict[str, str]]:
    """Latest page -> {anchor of an earlier version that the page lacks: the same clause's
    anchor now}, the clause followed by its text through each revision (versions.align), so a
    memo's link to a renumbered clause can be shown where the clause went. A clause that was
    deleted is not listed."""
    moved = {}
    for versions in history.values():
        texts = [comparable(v) for v in versions]
        steps = [{a[i].anchor: b[j].anchor for i, j in align(a, b)} for a, b in zip(texts, texts[1:])]
        now = {c.anchor for c in versions[-1].clauses}
        found: dict[str, str] = {}
        for k in reversed(range(len(versions) - 1)):  # the newest meaning of an anchor wins
            for clause in texts[k]:
                at: str | None = clause.anchor
                for step in steps[k:]:
                    at = step.get(at)
                    if at is None:
                        break
                if at and clause.anchor not in now and clause.anchor not in found:
                    found[clause.anchor] = at
        if found:
            moved[latest_page(versions[-1])] = dict(sorted(found.items()))
    return moved


def anchors_document(pages: dict[str, list[str]], moved: dict[str, dict[str, str]] | None = None) -> dict:
    return {"pages": pages, "moved": moved or {}}


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
        if not (isinstance(pages, dict) and all(isinstance(v, list) and all(isinstance(a, str) for a in v)
                                                for v in pages.values())):
            raise TypeError
        return pages
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
