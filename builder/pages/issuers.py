"""发文机关: one page listing every issuing organ and the documents it issued (alone or jointly),
newest first."""
from __future__ import annotations

import re

from ..model import Page
from ..render import render_template
from ..render_links import doc_page, href
from ..site_names import ISSUERS_DIR
from . import Nav, PageKind
from .site import Site

ISSUERS_PAGE = f"{ISSUERS_DIR}/index.md"
# a joint issuer prints its organs apart: "中共广东省委 广东省人民政府", "中共中央、国务院"
ORGANS = re.compile(r"[\s、，,]+")


def organs(issuer: str) -> list[str]:
    return [name for name in ORGANS.split(issuer.strip()) if name]


Entry = tuple[str, str, str, str]  # title, href, date, kind


def issuer_entries(site: Site) -> list[tuple[str, list[Entry]]]:
    """(organ, its documents newest first), organs by how many documents they issued, then name."""
    found: dict[str, list[Entry]] = {}
    for doc in site.docs:
        for organ in dict.fromkeys(organs(doc.meta.issuer)) or ["发文机关不详"]:
            found.setdefault(organ, []).append(
                (doc.meta.title, href(ISSUERS_PAGE, doc_page(doc.slug)), doc.meta.date or "", doc.meta.kind or ""))
    return [(organ, sorted(docs, key=lambda e: (e[2], e[0]), reverse=True))
            for organ, docs in sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))]


def issuers_md(entries: list[tuple[str, list[Entry]]]) -> str:
    return render_template("issuers.md.j2", {"issuers": entries})


def pages(site: Site) -> list[Page]:
    return [Page(ISSUERS_PAGE, issuers_md, (issuer_entries(site),))]


def nav(site: Site) -> Nav:
    return [{"发文机关": ISSUERS_PAGE}], []


KIND = PageKind("issuers", 55, pages, nav)
