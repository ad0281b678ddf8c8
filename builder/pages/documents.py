"""A page per document (its text, table of contents, cross-links, targets and versions), its
plain text for download and its data, and the library's documents.json and clauses.json."""
from __future__ import annotations

from ..model import Document, Facts, Page
from ..render import (NAV_SECTION_MAX, LIBRARY_SECTION, clause_places, clause_views, document_data,
                      document_json, documents_json, clauses_json, full_text, render_template, version_links)
from ..render_links import ClauseNames, clause_links, compare_page, doc_page, href
from . import PageKind, Nav
from .jurisdictions import OVERVIEW_TITLE, by_year, jurisdiction_pages
from .site import Listing, Site


def document_page(doc: Document, facts: Facts, versions: list[dict], relations: list[dict], topics: dict[str, str],
                  agencies: dict[str, str], *related: Listing) -> str:
    """facts: what was found in doc; topics and agencies: the names of those its clauses name,
    by slug; related: the documents its related sections are in (arguments of their own: each
    is digested once per build)."""
    listed = {listing.slug: listing for listing in related}
    names = ClauseNames({(r.other_doc, r.other_anchor):
                         f"{listed[r.other_doc].name} {listed[r.other_doc].labels[r.other_anchor]}"
                         for r in facts.related}, topics, agencies)
    views = clause_views(doc)
    return render_template("document.md.j2", dict(
        doc=doc, meta=doc.meta, facts=facts, views=views, relations=relations,
        links=clause_links(doc, facts, {v.anchor: (v.label, v.text) for v in views}, names),
        pinned="", versions=versions, places=clause_places(doc)))


def named(site: Site, facts: Facts) -> tuple[dict[str, str], dict[str, str]]:
    """The names of the topics and the agencies a document's clauses name (facts: what was found in it)."""
    return ({tag.topic: site.topic_names[tag.topic] for tag in facts.topic_tags},
            {slug: site.links.agencies[slug].name for duty in facts.responsibilities for slug in duty.lead + duty.support})


def relations(site: Site, doc: Document) -> list[dict]:
    """Relations from documents.yml, both directions, with the side-by-side page if any."""
    page = doc_page(doc.slug)
    found = []
    for other, relation, target in site.related_by.get(doc.slug, []):
        outgoing = other.slug == doc.slug
        peer = site.by_slug[target] if outgoing else other
        pair = (other.slug, target)
        found.append({
            "relation": relation, "outgoing": outgoing, "title": peer.meta.title,
            "href": href(page, doc_page(peer.slug)),
            "compare_href": href(page, compare_page(*pair)) if pair in site.compared else "",
        })
    return found


def pages(site: Site) -> list[Page]:
    found = []
    for doc in site.docs:
        facts = site.facts_of(doc)
        found.append(Page(doc_page(doc.slug), document_page,
                          (doc, facts, version_links(site.history.get(doc.slug, [])), relations(site, doc),
                           *named(site, facts),
                           *(site.listings[slug] for slug in dict.fromkeys(r.other_doc for r in facts.related)))))
        found.append(Page(f"{doc.slug}/{doc.slug}.txt", full_text, (doc,)))
        found.append(Page(document_data(doc.slug), document_json, (doc, site.site_url)))
    found.append(Page("data/documents.json", documents_json, (site.docs, site.site_url)))
    found.append(Page("data/clauses.json", clauses_json, reads=tuple(document_data(doc.slug) for doc in site.docs)))
    return found


def nav(site: Site) -> Nav:
    return library_nav(site.groups, site.jurisdiction_order), []


def library_nav(groups: list[tuple[str, list[Document]]], names: list[str]) -> list[dict]:
    """Nav entries of all documents, by jurisdiction (see render.NAV_FLAT_MAX); past it each
    jurisdiction's section starts with its overview page (pages/jurisdictions.py)."""
    overviews = jurisdiction_pages(groups, names)
    sections = [{name: ([{OVERVIEW_TITLE: overviews[name]}] if overviews else []) + nav_section(docs)}
                for name, docs in groups]
    return [{LIBRARY_SECTION: sections}] if overviews else sections


def nav_section(docs: list[Document]) -> list[dict]:
    """Nav entries of one jurisdiction's documents (already newest first)."""
    if len(docs) <= NAV_SECTION_MAX:
        return [{d.meta.title: doc_page(d.slug)} for d in docs]
    return [{year: [{d.meta.title: doc_page(d.slug)} for d in group]} for year, group in by_year(docs)]


KIND = PageKind("documents", 20, pages, nav)
