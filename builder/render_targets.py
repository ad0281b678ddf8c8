"""Render the targets: the 目标对照 page, its SVG charts, and data/targets.{json,csv}.

The document pages' 目标 section is a partial of document.md.j2 (it reads facts.targets and
facts.milestones directly). Python here only prepares view data: which indicators are shared,
which document goes in which column, where each bar ends. Templates own the Markdown and SVG.
"""
from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import asdict, dataclass, field

from .config_targets import Indicator
from .derive import UNSORTED
from .model import DocumentMeta, Milestone, Target
from .site_names import TARGETS_DIR

PAGE_DIR = TARGETS_DIR  # the comparison page: targets/index.md -> /targets/
CHART_DIR = "charts"
# Relations whose value is a level the chart can put next to other levels; a change
# ("下降3%") is not plotted beside a level.
PLOTTED_RELATIONS = ("level", "at_least", "at_most", "about")
CSV_FIELDS = ("doc", "doc_title", "jurisdiction", "anchor", "indicator", "canonical", "comparator", "value",
              "value_max", "unit", "qualifier", "relation", "year", "text", "url")
# Excel runs a cell that starts with one of these as a formula (=HYPERLINK(…) in a title or a
# clause), or with its full-width form, which Excel takes the same way: such a text is written
# after an apostrophe (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def number(value: float) -> str:
    """98.0 -> "98", 92.5 -> "92.5"."""
    return f"{value:g}"


def target_phrase(t: Target) -> str:
    """What a table cell shows: 达到98%以上, 制定2–3个, 下降3%."""
    amount = number(t.value) + (f"–{number(t.value_max)}" if t.value_max is not None else "")
    return f"{t.comparator}{amount}{t.unit}{t.qualifier}"


# --------------------------------------------------------------------------- data files
def target_records(docs: list[Summary], url) -> list[dict]:
    """One row per target with every field and the full clause URL."""
    return [{
        "doc": doc.slug, "doc_title": doc.meta.title, "jurisdiction": doc.meta.jurisdiction,
        **{k: v for k, v in vars(t).items() if k != "doc"},  # scalar fields: no deep copy (asdict)
        "url": url(doc.slug, t.anchor),
    } for doc in docs for t in doc.targets]


def milestone_records(docs: list[Summary], url) -> list[dict]:
    return [{"doc_title": doc.meta.title, "jurisdiction": doc.meta.jurisdiction, **asdict(m),
             "url": url(doc.slug, m.anchor)} for doc in docs for m in doc.milestones]


def csv_cell(value):
    """A record's value as targets.csv writes it: numbers as numbers (-5 stays a number, and
    a number is never a formula), a text that Excel would run as a formula as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def targets_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(r[k]) for k in CSV_FIELDS} for r in records)
    return out.getvalue()


# --------------------------------------------------------------------------- comparison view
@dataclass
class Column:
    """One document in the comparison table."""

    doc: Summary
    label: str  # the document's short title


@dataclass
class Bar:
    label: str  # as it fits left of the value ("…" where cut)
    value_label: str
    y: int
    width: int
    full_label: str = ""  # the whole label, when cut: the bar's tooltip


@dataclass
class Chart:
    file: str  # relative to the comparison page
    title: str
    unit: str
    bars: list[Bar]
    height: int
    scale_max: str
    caption: str = "各文件目标值"  # what the bars are, after the title


@dataclass
class RegionTargets:
    """One jurisdiction's targets for a shared indicator, in a comparison by jurisdiction."""

    jurisdiction: str
    documents: int  # how many of its documents set the indicator
    newest: Column  # the newest of them
    targets: list[Target]  # the newest one's targets for the indicator
    span: str  # the lowest and highest value its documents set (in the indicator's unit), "" if none


@dataclass
class SharedIndicator:
    indicator: Indicator
    cells: list[tuple[Column, list[Target]]]  # per column, that document's targets for it
    chart: Chart | None
    regions: list[RegionTargets] = field(default_factory=list)  # in a comparison by jurisdiction

    def rows(self, size: int) -> list[list[tuple[Column, list[Target]]]]:
        """The cells over rows of at most `size` targets each (render.CELL_LINKS_MAX)."""
        count = max((math.ceil(len(targets) / size) for _, targets in self.cells), default=1)
        return [[(column, targets[i * size:(i + 1) * size]) for column, targets in self.cells]
                for i in range(max(count, 1))]


@dataclass
class UnnamedIndicator:
    """An indicator several documents set under a name indicators.yml does not know: not
    compared, but listed, so that the page does not look complete without it."""

    name: str
    documents: int
    newest: Column  # the newest document setting it
    targets: list[Target]  # that document's targets for it


@dataclass
class SingleIndicator:
    name: str
    targets: list[Target]
    note: str  # why a canonical indicator was kept apart from a similar one, if it was


@dataclass
class Comparison:
    columns: list[Column]  # none in a comparison by jurisdiction
    shared: list[SharedIndicator]
    single: list[tuple[Summary, list[SingleIndicator]]]  # per document, in document order
    unnamed: list[UnnamedIndicator] = field(default_factory=list)  # most documents first, UNNAMED_MAX at most
    unnamed_more: int = 0  # how many more there are (in targets.csv)


# Past this many documents sharing indicators, a column each would make the table unreadable
# and the page grow with the library (at 10,000 documents: 3.5 MB of Markdown, a chart of
# 3,000 bars): the shared indicators are then compared by jurisdiction, each jurisdiction's
# newest target and the span of its documents' values (every target stays in targets.csv and
# on its document's page).
COLUMNS_MAX = 30
UNNAMED_MAX = 50  # indicators without a canonical name listed at most (the rest counted)


# chart geometry (px); the SVG template draws from these. Narrow enough for a phone's screen
# to show it unscaled (a wider chart shrinks its 13 px labels to 6.5 px there): each bar's
# label (document, year) and value stand on the line above the bar.
CHART_WIDTH, BAR_AREA, LABEL_HEIGHT, BAR_HEIGHT, BAR_GAP, TOP = 340, 338, 18, 18, 12, 30
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP


FONT_PX, NARROW_PX, LABEL_GAP = 13, 7.5, 12  # a full-width character, a half-width one, label to value


def text_px(text: str) -> float:
    return sum(FONT_PX if unicodedata.east_asian_width(ch) in "WF" else NARROW_PX for ch in text)


def fit_label(label: str, value_label: str) -> str:
    """label, cut with "…" where it would run into the value at the line's end (a document
    without a short title names its bar with its whole title)."""
    room = CHART_WIDTH - 4 - LABEL_GAP - text_px(value_label)
    if text_px(label) <= room:
        return label
    while label and text_px(label + "…") > room:
        label = label[:-1]
    return label + "…"


def _round_scale(largest: float) -> float:
    """A round axis end a little above the largest value: 92 -> 100, 1400 -> 2000."""
    if largest <= 0:  # all targets 0 ("减排比例均为0"): any positive end draws them as empty bars
        return 1.0
    step = 10 ** math.floor(math.log10(largest * 1.05))
    return next(m * step for m in (1, 2, 5, 10) if m * step >= largest * 1.05)


def _chart(indicator: Indicator, number_in_page: int, cells: list[tuple[Column, list[Target]]],
           regions: dict[str, str] | None = None) -> Chart | None:
    """A bar per target of the cells that the chart can plot; regions: a document's
    jurisdiction by slug, to label its bar with (a comparison by jurisdiction: one bar each,
    the target of the document's last year)."""
    points = [(column, t) for column, targets in cells for t in targets
              if t.unit == indicator.unit and t.relation in PLOTTED_RELATIONS]
    if regions:
        last = {column.doc.slug: max((t for c, t in points if c is column), key=lambda t: str(t.year or ""))
                for column, _ in points}
        points = [(column, t) for column, t in points if last[column.doc.slug] is t]
    if len({column.doc.slug for column, _ in points}) < 2:
        return None
    top = 100.0 if indicator.unit == "%" else _round_scale(max(t.value_max or t.value for _, t in points))
    label = (lambda column: regions[column.doc.slug]) if regions else (lambda column: column.label)
    bars = []
    for i, (column, t) in enumerate(points):
        whole, value = f"{label(column)}（{t.year or '年份不详'}）", target_phrase(t)
        shown = fit_label(whole, value)
        bars.append(Bar(label=shown, value_label=value, y=TOP + i * ROW_HEIGHT,
                        width=max(1, round(BAR_AREA * (t.value_max or t.value) / top)),
                        full_label=whole if shown != whole else ""))
    return Chart(file=f"{CHART_DIR}/indicator-{number_in_page}.svg", title=indicator.name,
                 unit=indicator.unit, bars=bars, height=TOP + len(bars) * ROW_HEIGHT,
                 scale_max=number(top) + indicator.unit, **({"caption": "各地区最新目标值"} if regions else {}))


@dataclass(frozen=True)
class Summary:
    """What the targets page and the home page read of a document (pages.site.Site.summaries)."""

    slug: str
    meta: DocumentMeta
    targets: list[Target]
    milestones: list[Milestone]


def comparison(docs: list[Summary], indicators: list[Indicator], jurisdictions: list[str]) -> Comparison:
    """Shared canonical indicators by document (by jurisdiction past COLUMNS_MAX documents, in
    the order of jurisdictions), and the indicators only one document has."""
    by_name: dict[str, dict[str, list[Target]]] = {}  # indicator -> doc slug -> targets
    for doc in docs:
        for t in doc.targets:
            by_name.setdefault(t.canonical or t.indicator, {}).setdefault(doc.slug, []).append(t)
    shared_names = [ind for ind in indicators if len(by_name.get(ind.name, {})) > 1]
    in_shared = {doc.slug for ind in shared_names for doc in docs if doc.slug in by_name[ind.name]}
    columns = [Column(doc, doc.meta.short_title or doc.meta.title) for doc in docs if doc.slug in in_shared]
    shared = []
    for i, ind in enumerate(shared_names, 1):
        cells = [(column, by_name[ind.name].get(column.doc.slug, [])) for column in columns]
        if len(columns) <= COLUMNS_MAX:
            shared.append(SharedIndicator(ind, cells, _chart(ind, i, cells)))
            continue
        regions = _regions(ind, [(column, targets) for column, targets in cells if targets], jurisdictions)
        shared.append(SharedIndicator(ind, [], _chart(ind, i, [(r.newest, r.targets) for r in regions],
                                                      {r.newest.doc.slug: r.jurisdiction for r in regions}), regions))
    named = {ind.name for ind in indicators}
    unnamed = sorted((name for name, found in by_name.items() if name not in named and len(found) > 1),
                     key=lambda name: (-len(by_name[name]), name))
    newest = {doc.slug: doc for doc in docs}
    notes = {ind.name: ind.note for ind in indicators if ind.distinct_from}
    single = []
    for doc in docs:
        names = dict.fromkeys(t.canonical or t.indicator for t in doc.targets)  # reading order, once each
        own = [SingleIndicator(name, by_name[name][doc.slug], notes.get(name, ""))
               for name in names if len(by_name[name]) == 1]
        if own:
            single.append((doc, own))
    listed = []
    for name in unnamed[:UNNAMED_MAX]:
        slug = max(by_name[name], key=lambda slug: (newest[slug].meta.date or "", slug))
        doc = newest[slug]
        listed.append(UnnamedIndicator(name, len(by_name[name]), Column(doc, doc.meta.short_title or doc.meta.title),
                                       by_name[name][slug]))
    return Comparison(columns if len(columns) <= COLUMNS_MAX else [], shared, single, listed,
                      max(0, len(unnamed) - UNNAMED_MAX))


def _regions(indicator: Indicator, cells: list[tuple[Column, list[Target]]], jurisdictions: list[str]) -> list[RegionTargets]:
    """Each jurisdiction's documents setting the indicator (cells: those documents and their
    targets for it), as RegionTargets in the order of jurisdictions."""
    found: dict[str, list[tuple[Column, list[Target]]]] = {}
    for column, targets in cells:
        found.setdefault(column.doc.meta.jurisdiction or UNSORTED, []).append((column, targets))
    order = {name: k for k, name in enumerate(jurisdictions)}
    regions = []
    for name in sorted(found, key=lambda n: (order.get(n, len(order)), n)):
        newest, targets = max(found[name], key=lambda cell: (cell[0].doc.meta.date or "", cell[0].doc.slug))
        values = [v for _, ts in found[name] for t in ts if t.unit == indicator.unit and t.relation in PLOTTED_RELATIONS
                  for v in (t.value, t.value_max) if v is not None]
        span = ""
        if values:
            low, high = min(values), max(values)
            span = f"{number(low)}{indicator.unit}" if low == high else f"{number(low)}–{number(high)}{indicator.unit}"
        regions.append(RegionTargets(name, len(found[name]), newest, targets, span))
    return regions


# --------------------------------------------------------------------------- outputs
def target_data(docs: list[Summary], url) -> dict[str, list[dict]]:
    """JSON files to write under docs_dir."""
    return {"data/targets.json": target_records(docs, url), "data/milestones.json": milestone_records(docs, url)}
