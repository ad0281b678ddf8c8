"""The home page, where a visit starts: a search box, what the library holds (documents by level
of government, kind and year), the newest documents, the topics and a few targets several
documents share, then every document by jurisdiction (in a large library, each jurisdiction's
overview page). All of it from the documents and the
config: nothing on the page is written by hand."""
from __future__ import annotations

from collections import Counter

from .config_targets import Indicator
from .derive import UNSORTED
from .model import Topic
from .render_links import TOPICS_DIR, doc_page, topic_page
from .render_targets import PAGE_DIR as TARGETS_PAGE_DIR
from .render_targets import Summary, comparison, target_phrase

NEWEST = 5  # documents in 最新收录
SHARED_TARGETS = 3  # indicators in 共同目标
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # cities at the level of a province


def level(jurisdiction: str) -> str:
    """The level of government of a jurisdiction's name: 国家, 广东省 -> 省级, 深圳市 -> 市级."""
    if jurisdiction == "国家":
        return "国家"
    if jurisdiction.endswith(("省", "自治区", "特别行政区")) or jurisdiction in MUNICIPALITIES:
        return "省级"
    if jurisdiction.endswith(("市", "州", "盟", "地区")):
        return "市级"
    if jurisdiction.endswith(("县", "区", "旗")):
        return "县级"
    return "其他"


LEVELS = ("国家", "省级", "市级", "县级", "其他")


def counted(values) -> list[tuple[str, int]]:
    """(value, count), most first, then by value."""
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))


def home_view(docs: list[Summary], groups: list[tuple[str, list[Summary]]], topics: list[Topic],
              indicators: list[Indicator], topic_counts: dict[str, int], overviews: dict[str, str]) -> dict:
    """The template context of index.md.j2. overviews: each jurisdiction's overview page, in a
    library large enough to have them (pages/jurisdictions.py): 全部文件 then links to them
    instead of listing every document, so the page stays small whatever the library's size."""
    levels = Counter(level(d.meta.jurisdiction or UNSORTED) for d in docs)
    newest = sorted(docs, key=lambda d: (d.meta.date or "", d.slug), reverse=True)[:NEWEST]
    shared = []
    for item in comparison(docs, indicators, [name for name, _ in groups]).shared[:SHARED_TARGETS]:
        cells = [(region.newest, region.targets) for region in item.regions] or item.cells  # by jurisdiction, or by document
        values = [{"doc": column.label, "href": f"{doc_page(column.doc.slug)}#{t.anchor}",
                   "value": target_phrase(t), "year": t.year} for column, targets in cells for t in targets[:1]]
        shared.append({"name": item.indicator.name, "targets": values})
    topics = sorted(((t, topic_counts.get(t.slug, 0)) for t in topics), key=lambda tc: -tc[1])
    return {
        "total": len(docs),
        "levels": [(name, levels[name]) for name in LEVELS if levels[name]],
        "jurisdictions": [(name, len(group), overviews.get(name) or f"#j-{k}") for k, (name, group) in enumerate(groups, 1)],
        "kinds": counted(d.meta.kind or "其他" for d in docs),
        "years": sorted(Counter(d.meta.date[:4] or "日期不详" for d in docs).items(), reverse=True),
        "newest": newest,
        "topics": [{"name": t.name, "href": topic_page(t.slug), "count": n} for t, n in topics if n],
        "topics_index": f"{TOPICS_DIR}/index.md",
        "shared": shared,
        "targets_page": f"{TARGETS_PAGE_DIR}/index.md",
        "groups": [] if overviews else groups,
    }
