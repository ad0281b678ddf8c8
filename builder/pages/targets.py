"""目标对照: every document's targets side by side (render_targets), its charts, and
data/targets.json, targets.csv and milestones.json."""
from __future__ import annotations

from functools import partial

from ..config_targets import Indicator
from ..model import Page
from ..render import json_text, page_url, render_template
from ..render_targets import (BAR_HEIGHT, CHART_WIDTH, LABEL_HEIGHT, PAGE_DIR, Summary, comparison, target_data,
                              target_records, targets_csv)
from . import Nav, PageKind
from .site import Site

INDEX = f"{PAGE_DIR}/index.md"
_made: list[tuple[tuple, dict[str, str]]] = []  # the files of the last arguments target_file was given


def target_file(name: str, docs: list[Summary], indicators: list[Indicator], jurisdictions: list[str],
                site_url: str) -> str:
    """One of the files target_files makes together from the same arguments (made once)."""
    arguments = (docs, indicators, jurisdictions, site_url)
    if not _made or any(a is not b for a, b in zip(_made[0][0], arguments)):
        _made[:] = [(arguments, target_files(docs, indicators, jurisdictions, site_url))]
    return _made[0][1][name]


def target_files(docs: list[Summary], indicators: list[Indicator], jurisdictions: list[str],
                 site_url: str) -> dict[str, str]:
    """The comparison page, its charts, targets.csv and the JSON data (jurisdictions: their
    order, for a comparison by jurisdiction)."""
    url = partial(page_url, site_url)
    view = comparison(docs, indicators, jurisdictions)
    files = {INDEX: render_template("targets.md.j2", {"view": view})}
    for item in view.shared:
        if item.chart:
            files[f"{PAGE_DIR}/{item.chart.file}"] = render_template("chart.svg.j2", dict(
                chart=item.chart, width=CHART_WIDTH, label_height=LABEL_HEIGHT, bar_height=BAR_HEIGHT))
    # with a BOM: Excel reads a BOM-less CSV in the local code page and garbles Chinese
    files["data/targets.csv"] = "\ufeff" + targets_csv(target_records(docs, url))
    files.update({path: json_text(data) for path, data in target_data(docs, url).items()})
    return files


def pages(site: Site) -> list[Page]:
    docs, indicators, jurisdictions = site.summaries, site.config.targets.indicators, site.jurisdiction_names
    charts = [f"{PAGE_DIR}/{item.chart.file}" for item in comparison(docs, indicators, jurisdictions).shared if item.chart]
    names = [INDEX, *charts, "data/targets.csv", "data/targets.json", "data/milestones.json"]
    return [Page(name, target_file, (name, docs, indicators, jurisdictions, site.site_url)) for name in names]


def nav(site: Site) -> Nav:
    return [{"目标对照": INDEX}], []


KIND = PageKind("targets", 10, pages, nav)
