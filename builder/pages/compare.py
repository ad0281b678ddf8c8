"""逐条对照: a side-by-side page for each pair of documents one implements the other (their
sections aligned), and the overview of those pages."""
from __future__ import annotations

from ..extract.sections import sections
from ..model import EXCERPT, Alignment, Document, Page
from ..render import NAV_LIST_MAX, render_template
from ..render_links import clause_link, compare_page, compare_title, doc_name, doc_page, href
from ..site_names import COMPARE_DIR
from . import Nav, PageKind
from .site import Site

COMPARE_INDEX = f"{COMPARE_DIR}/index.md"


def side_by_side(alignment: Alignment, left: Document, right: Document) -> str:
    """A side-by-side page (compare_page(left, right))."""
    page = compare_page(left.slug, right.slug)
    texts = {(d.slug, s.anchor): s.text for d in (left, right) for s in sections(d)}

    def cell(doc: Document, anchor: str | None) -> dict | None:
        if anchor is None:
            return None
        return {"link": clause_link(page, doc, anchor), "text": texts[(doc.slug, anchor)]}

    # an excerpt lacks what comes before its first clause: a row there has nothing to match
    # because that part is missing, not because the document says nothing like it
    first = {side: next((k for k, row in enumerate(alignment.rows) if getattr(row, side)), len(alignment.rows))
             for side in ("left", "right")}
    missing = {side: doc.meta.missing if doc.meta.completeness == EXCERPT else ""
               for side, doc in (("left", left), ("right", right))}
    rows = [{"left": cell(left, row.left), "right": cell(right, row.right), "score": row.score,
             "left_missing": missing["left"] if k < first["left"] else "",
             "right_missing": missing["right"] if k < first["right"] else ""}
            for k, row in enumerate(alignment.rows)]
    return render_template("compare.md.j2", {
        "title": compare_title(left, right),
        "left": {"title": left.meta.title, "href": href(page, doc_page(left.slug))},
        "right": {"title": right.meta.title, "href": href(page, doc_page(right.slug))},
        "relation": alignment.relation, "rows": rows,
        "matched": sum(1 for r in alignment.rows if r.left and r.right),
    })


def index_context(site: Site) -> dict:
    """The 逐条对照 overview: every side-by-side page and how many clauses it matched."""
    rows = [{"left": doc_name(site.by_slug[a.left_doc]), "right": doc_name(site.by_slug[a.right_doc]),
             "href": href(COMPARE_INDEX, compare_page(a.left_doc, a.right_doc)),
             "matched": sum(1 for r in a.rows if r.left and r.right)} for a in site.links.alignments]
    return {"rows": rows}


def pages(site: Site) -> list[Page]:
    alignments = site.links.alignments
    found = [Page(compare_page(a.left_doc, a.right_doc), side_by_side,
                  (a, site.by_slug[a.left_doc], site.by_slug[a.right_doc])) for a in alignments]
    if alignments:
        found.append(Page(COMPARE_INDEX, render_template, ("compare_index.md.j2", index_context(site))))
    return found


def nav(site: Site) -> Nav:
    """The overview, and each side-by-side page up to NAV_LIST_MAX of them."""
    if not site.links.alignments:
        return [], []
    entries = [{compare_title(site.by_slug[a.left_doc], site.by_slug[a.right_doc]):
                compare_page(a.left_doc, a.right_doc)} for a in site.links.alignments]
    if len(entries) <= NAV_LIST_MAX:
        return [{"逐条对照": [COMPARE_INDEX, *entries]}], []
    return [{"逐条对照": COMPARE_INDEX}], [page for entry in entries for page in entry.values()]


KIND = PageKind("compare", 60, pages, nav)
