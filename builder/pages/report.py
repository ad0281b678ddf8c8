"""维护报告: what the build skipped, warned about and removed (report.build_report), as a page
and as data/build-report.json, with data/anchors.json (every page's anchors, and where moved
ones went)."""
from __future__ import annotations

from ..anchors import ANCHORS_JSON, anchors_document, moved_anchors
from ..model import Page, content
from ..render import json_text, render_template
from ..report import NUMBERING_CODES
from ..site_names import REPORT_DIR
from . import Nav, PageKind
from .site import Site

REPORT_PAGE = f"{REPORT_DIR}/index.md"


def pages(site: Site) -> list[Page]:
    return [
        Page(REPORT_PAGE, render_template, ("report.md.j2", {"report": site.report, "numbering_codes": NUMBERING_CODES})),
        Page("data/build-report.json", content, (json_text(site.report),)),
        Page(ANCHORS_JSON, content, (json_text(anchors_document(site.anchors, moved_anchors(site.history))),)),
    ]


def nav(site: Site) -> Nav:
    return [{"维护报告": REPORT_PAGE}], []


KIND = PageKind("report", 90, pages, nav)
