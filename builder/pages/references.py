"""引用文件: the titles and standards the documents cite, each with the places citing it."""
from __future__ import annotations

from ..extract.references import cited_titles
from ..extract.sections import section_anchors
from ..model import REF_STANDARD, Page
from ..render import render_template
from ..render_links import Link, doc_name, doc_page, href, section_label
from ..site_names import REFERENCES_DIR
from . import Nav, PageKind
from .site import Site

REFERENCES_PAGE = f"{REFERENCES_DIR}/index.md"


def references_context(site: Site) -> dict:
    page = REFERENCES_PAGE
    entries = []
    owners = {d.slug: section_anchors(d) for d in site.docs}
    for cited in cited_titles([site.facts_of(doc) for doc in site.docs]):
        # named after the section (the task heading), linked to the very paragraph
        places = [Link(f"{doc_name(site.by_slug[d])} {section_label(site.by_slug[d], owners[d], a)}",
                       href(page, doc_page(d), a)) for d, a in cited.mentions]
        entries.append({"title": cited.title, "standard": cited.kind == REF_STANDARD,
                        "count": len(places), "places": places})
    return {"unresolved": [e for e in entries if not e["standard"]],
            "standards": [e for e in entries if e["standard"]]}


def pages(site: Site) -> list[Page]:
    return [Page(REFERENCES_PAGE, render_template, ("references.md.j2", references_context(site)))]


def nav(site: Site) -> Nav:
    return [{"引用文件": REFERENCES_PAGE}], []


KIND = PageKind("references", 50, pages, nav)
