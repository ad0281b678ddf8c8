"""首页: where a visit starts (render_home.home_view)."""
from __future__ import annotations

from ..config_targets import Indicator
from ..model import Page, Topic
from ..render import render_template
from ..render_home import home_view
from ..render_targets import Summary
from ..site_names import HOME
from . import Nav, PageKind
from .jurisdictions import jurisdiction_pages
from .site import Site


def home_page(docs: list[Summary], groups: list[tuple[str, list[Summary]]], topics: list[Topic],
              indicators: list[Indicator], topic_counts: dict[str, int], overviews: dict[str, str]) -> str:
    return render_template("index.md.j2", home_view(docs, groups, topics, indicators, topic_counts, overviews))


def pages(site: Site) -> list[Page]:
    docs = site.summaries
    by_slug = {doc.slug: doc for doc in docs}
    groups = [(name, [by_slug[d.slug] for d in group]) for name, group in site.groups]
    return [Page(HOME, home_page, (docs, groups, site.topics, site.config.targets.indicators, site.topic_counts,
                                   jurisdiction_pages(site.groups, site.jurisdiction_order)))]


def nav(site: Site) -> Nav:
    return [{"首页": HOME}], []


KIND = PageKind("home", 0, pages, nav)
