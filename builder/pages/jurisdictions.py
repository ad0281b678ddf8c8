"""A jurisdiction's overview page (jurisdictions/<pinyin>.md: its documents by year) in a library
past render.NAV_FLAT_MAX. It is the first page of the jurisdiction's nav section, which Material
links a pruned section to: were that the jurisdiction's newest document, adding a newer one, or
removing it, would change the nav of every page and MkDocs would make them all again."""
from __future__ import annotations

from ..config import pinyin_slug
from ..model import Document, Page
from ..render import NAV_FLAT_MAX, render_template
from ..site_names import FOLDER_INDEX, JURISDICTIONS_DIR
from . import PageKind
from .site import Site

OVERVIEW_TITLE = "全部文件"  # a jurisdiction's overview page in the nav
UNDATED = "日期不详"  # the year of a document without a date (config allows none)


SLUG_MAX = 60  # characters of a slug at most (a file name has 255 bytes)


def jurisdiction_slugs(names: list[str]) -> dict[str, str]:
    """Each jurisdiction's slug, its name in pinyin: names that read alike (山西省, 陕西省) get
    -2, -3 … in the order of names (all the site's jurisdictions, those without documents
    too: a document added or removed changes no other jurisdiction's address); never a
    folder's own page (index)."""
    slugs: dict[str, str] = {}
    taken = {FOLDER_INDEX}
    for name in names:
        base = pinyin_slug(name)[:SLUG_MAX].strip("-") or "jurisdiction"
        slug = next(s for s in (base if k == 1 else f"{base}-{k}" for k in range(1, len(names) + 3)) if s not in taken)
        taken.add(slug)
        slugs[name] = slug
    return slugs


def jurisdiction_pages(groups: list[tuple[str, list[Document]]], names: list[str]) -> dict[str, str]:
    """Each jurisdiction's overview page in a library past NAV_FLAT_MAX, none in a smaller one
    (its sections are never pruned); names: as jurisdiction_slugs takes them."""
    if sum(len(docs) for _, docs in groups) <= NAV_FLAT_MAX:
        return {}
    slugs = jurisdiction_slugs(names)
    return {name: f"{JURISDICTIONS_DIR}/{slugs[name]}.md" for name, _ in groups}


def by_year(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """(2025年, its documents) in the order of docs (newest first), 日期不详 for a document without a date."""
    years: dict[str, list[Document]] = {}
    for doc in docs:
        years.setdefault(doc.meta.date[:4], []).append(doc)
    return [(f"{year}年" if year else UNDATED, group) for year, group in years.items()]


def overview_md(name: str, *docs: Document) -> str:
    """docs: the jurisdiction's documents, newest first (arguments of their own: each is
    digested once per build)."""
    return render_template("jurisdiction.md.j2", {"name": name, "total": len(docs), "years": by_year(list(docs))})


def pages(site: Site) -> list[Page]:
    overviews = jurisdiction_pages(site.groups, site.jurisdiction_order)
    return [Page(overviews[name], overview_md, (name, *docs)) for name, docs in site.groups if name in overviews]


KIND = PageKind("jurisdictions", 25, pages)  # its nav entries are the documents' (pages/documents.py)
