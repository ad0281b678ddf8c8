"""Versions of a revised document: a pinned page per version (its text as it was, without the
library's cross-links) with its plain text, and a 修订对照 per consecutive pair. Reached from
the document's version table, not from the navigation."""
from __future__ import annotations

from ..anchors import pinned_page
from ..model import Document, Facts, Page
from ..render import clause_places, clause_views, full_text, render_changes, render_template, version_links
from ..render_links import plain_links
from . import Nav, PageKind
from .site import Site


def pinned_version(doc: Document, facts: Facts, versions: list[dict]) -> str:
    views = clause_views(doc)
    # a pinned page sits one folder deeper: it shows the text without cross-link decorations
    return render_template("document.md.j2", dict(
        doc=doc, meta=doc.meta, facts=facts, views=views, relations=[], links=plain_links(doc, views),
        pinned=doc.meta.date, versions=versions, places=clause_places(doc)))


def pages(site: Site) -> list[Page]:
    found = []
    for versions in site.history.values():
        links = version_links(versions)
        for k, doc in enumerate(versions):
            found.append(Page(f"{pinned_page(doc)}index.md", pinned_version, (doc, site.facts_of(doc), links)))
            found.append(Page(f"{pinned_page(doc)}{doc.slug}.txt", full_text, (doc,)))
            if k:
                found.append(Page(f"{pinned_page(doc)}changes/index.md", render_changes, (versions[k - 1], doc)))
    return found


def nav(site: Site) -> Nav:
    return [], [page.path for page in pages(site) if page.path.endswith(".md")]


KIND = PageKind("versions", 70, pages, nav)
