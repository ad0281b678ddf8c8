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


def jurisdiction_slugs(groups: list[tuple[str, list[Document]]]) -> dict[str, str]:
    """Each jurisdiction's slug, its name in pinyin: names that read alike (山西省, 陕西省) get
    -2, -3 … in the site's order of jurisdictions; never a folder's own page (index)."""
    slugs: dict[str, str] = {}
    taken = {FOLDER_INDEX}
    for name, _ in groups:
        base = pinyin_slug(name) or "jurisdiction"
        slug = next(s for s in (base if k == 1 else f"{base}-{k}" for k in range(1, len(groups) + 3)) if s not in taken)
        taken.add(slug)
        slugs[name] = slug
    return slugs


def jurisdiction_pages(groups: list[tuple[str, list[Document]]]) -> dict[str, str]:
    """Each jurisdiction's overview page in a library past NAV_FLAT_MAX, none in a smaller one
    (its sections are never pruned)."""
    if sum(len(docs) for _, docs in groups) <= NAV_FLAT_MAX:
        return {}
    return {name: f"{JURISDICTIONS_DIR}/{slug}.md" for name, slug in jurisdiction_slugs(groups).items()}


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
    overviews = jurisdiction_pages(site.groups)
    return [Page(overviews[name], overview_md, (name, *docs)) for name, docs in site.groups if name in overviews]


KIND = PageKind("jurisdictions", 25, pages)  # its nav entries are the documents' (pages/documents.py)
