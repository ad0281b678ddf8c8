"""责任分工: a page per agency (the tasks it leads or supports), their index, and
data/responsibilities.json."""
from __future__ import annotations

from ..extract.topics import pinyin_key
from ..model import Agency, Page, Responsibility, without_templates
from ..render import NAV_LIST_MAX, json_text, page_address, render_template
from ..render_links import agency_page, clause_link, doc_name, doc_page, href
from ..site_names import FOLDER_INDEX
from . import Nav, PageKind
from .site import Site


def agency_context(site: Site, slug: str) -> dict:
    """The template context of an agency's page."""
    page = agency_page(slug)
    context = {"agency": site.links.agencies[slug]}
    for role, found in site.agency_tasks[slug].items():
        context[role] = [{"link": clause_link(page, doc, duty.anchor), "doc": doc_name(doc),
                          "note": duty.note} for doc, duty in found]
    return context


def index_context(site: Site) -> dict:
    page = agency_page(FOLDER_INDEX)
    rows = [{"slug": slug, "name": site.links.agencies[slug].name, "href": href(page, agency_page(slug)),
             "lead": len(roles["lead"]), "support": len(roles["support"])}
            for slug, roles in site.agency_tasks.items()]
    rows.sort(key=lambda r: (-(r["lead"] + r["support"]), -r["lead"], pinyin_key(r["name"])))
    return {"rows": rows}


@without_templates
def responsibilities_data(agencies: list[Agency], tasks: list[Responsibility], site_url: str) -> str:
    return json_text({
        "agencies": [{"slug": a.slug, "name": a.name, "aliases": list(a.aliases),
                      "url": page_address(site_url, agency_page(a.slug))} for a in agencies],
        "tasks": [{"doc": duty.doc, "anchor": duty.anchor, "url": page_address(site_url, doc_page(duty.doc), duty.anchor),
                   "lead": list(duty.lead), "support": list(duty.support), "note": duty.note} for duty in tasks],
    })


def pages(site: Site) -> list[Page]:
    return [
        Page(agency_page(FOLDER_INDEX), render_template, ("agencies_index.md.j2", index_context(site))),
        *(Page(agency_page(slug), render_template, ("agency.md.j2", agency_context(site, slug)))
          for slug in site.agency_tasks),
        Page("data/responsibilities.json", responsibilities_data,
             (list(site.links.agencies.values()), [duty for doc in site.docs for duty in site.facts_of(doc).responsibilities],
              site.site_url)),
    ]


def nav(site: Site) -> Nav:
    """The index page, and each agency's page up to NAV_LIST_MAX of them (beyond it they are
    reached from the index page only, so the nav every page carries stays small)."""
    entries = [{row["name"]: agency_page(row["slug"])} for row in index_context(site)["rows"]]
    if len(entries) <= NAV_LIST_MAX:
        return [{"责任分工": [agency_page(FOLDER_INDEX), *entries]}], []
    return [{"责任分工": agency_page(FOLDER_INDEX)}], [page for entry in entries for page in entry.values()]


KIND = PageKind("agencies", 40, pages, nav)
