"""The built site: one page per document, anchors in the HTML, data exports, no outside requests."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from ..conftest import SEEDS
from ..search_records import search_sections


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.fetches: list[str] = []  # URLs the browser would load by itself
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.fetches.append(a["src"])
        if tag == "link" and a.get("rel") in ("stylesheet", "preload", "preconnect", "icon", "modulepreload",
                                              "dns-prefetch") and a.get("href"):
            self.fetches.append(a["href"])


def page(site, slug):
    collector = _Collector()
    collector.feed((site / slug / "index.html").read_text(encoding="utf-8"))
    return collector


def test_every_document_has_a_page_with_its_clause_anchors(built_site):
    site, result = built_site
    assert result.exit_code == 0 and not result.skipped
    clauses = json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8"))
    by_doc: dict[str, list[dict]] = {}
    for record in clauses:
        by_doc.setdefault(record["doc"], []).append(record)
    assert set(by_doc) == {d.slug for d in result.documents}
    for slug, records in by_doc.items():
        ids = page(site, slug).ids
        missing = [r["anchor"] for r in records if r["anchor"] not in ids]
        assert not missing, f"{slug}: anchors without an element: {missing[:5]}"
    assert {"s4-10"} <= page(site, "gd-quality-outline-2023").ids


def test_clause_records_carry_the_contract_fields(built_site):
    site, _ = built_site
    clauses = json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8"))
    record = next(r for r in clauses if r["doc"] == "gd-quality-outline-2023" and r["anchor"] == "s4-10")
    assert record["number"] == "（十）" and record["title"] == "提高农产品食品药品质量安全水平"
    assert record["source"] == "004_99d0127d3b1adaf7.txt" and record["level"] == 2 and record["parent"] == "s4"
    assert record["url"].endswith("/gd-quality-outline-2023/#s4-10")
    assert record["citation"] == "《广东省质量强省建设纲要》四、（十）提高农产品食品药品质量安全水平"
    draft = next(r for r in clauses if r["doc"] == "hi-quality-opinion-draft-2023" and r["anchor"] == "s2-5")
    assert draft["citation"].startswith("《关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见》（第二次征求意见稿）二、（五）")
    documents = json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))
    assert {d["source"] for d in documents} == {p.name for p in SEEDS.glob("*.txt")}


def test_json_export_is_lossless(built_site):
    site, result = built_site
    clauses = json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8"))
    for doc in result.documents:
        records = [r for r in clauses if r["doc"] == doc.slug]
        removed = {r.lineno for r in doc.source.removed}
        raw = (SEEDS / doc.source.name).read_text(encoding="utf-8-sig").split("\n")
        expected = re.sub(r"\s+", "", "".join(line for n, line in enumerate(raw, 1) if n not in removed))
        assert re.sub(r"\s+", "", "".join(r["number"] + r["text"] for r in records)) == expected


def test_search_records_are_sections_at_their_anchors(built_site):
    site, _ = built_site
    records = {r["url"]: r for r in search_sections(site)}
    gd = records["gd-quality-outline-2023/#s4-10"]
    assert gd["title"].startswith("（十）") and "提高农产品食品药品质量安全水平" in gd["text"]
    assert gd["filters"]["document"] == ["gd-quality-outline-2023"] and gd["filters"]["jurisdiction"] == ["广东省"]
    assert "cn-quality-outline-2023/#box-2" in records
    assert "gd-quality-outline-2023/#s4-10-p1" not in records  # the body is part of its heading's section


def test_pages_load_nothing_from_outside(built_site):
    site, _ = built_site
    for html in site.rglob("*.html"):
        collector = _Collector()
        collector.feed(html.read_text(encoding="utf-8"))
        outside = [u for u in collector.fetches if re.match(r"^(https?:)?//", u)]
        assert not outside, f"{html}: {outside}"
        assert collector.lang.startswith("zh")
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_every_document_is_listed_in_the_navigation(built_site):
    site, result = built_site
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):]
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    for doc in result.documents:
        assert doc.meta.title in labels, doc.meta.title


def _page_text(site, path: str) -> str:
    return re.sub(r"<[^>]+>", "", (site / path).read_text(encoding="utf-8"))


def _status_cell(site, slug: str) -> str:
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    return re.search(r"<td>状态</td>\s*<td>(.*?)</td>", html).group(1)


def test_an_excerpt_says_so_and_what_is_missing(built_site):
    """The national 纲要 as captured starts at （二）: not shown as a whole 正式文本."""
    site, _ = built_site
    missing = "正文从“(二)主要目标”开始，此前的一、二、（一）不在本文中"
    assert _status_cell(site, "cn-quality-outline-2023") == "节选"
    assert missing in _page_text(site, "cn-quality-outline-2023/index.html")
    documents = {d["slug"]: d for d in json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))}
    excerpt = documents["cn-quality-outline-2023"]
    assert (excerpt["completeness"], excerpt["missing"]) == ("节选", missing)
    assert documents["gd-quality-outline-2023"]["completeness"] == ""
    assert _status_cell(site, "gd-quality-outline-2023") == "正式文本"
    # side by side with the Guangdong 纲要, its 一、总体要求 meets the missing part, not "no counterpart"
    compare = (site / "compare/gd-quality-outline-2023--cn-quality-outline-2023/index.html").read_text(encoding="utf-8")
    row = r'<td><a href="\.\./\.\./gd-quality-outline-2023/#s1">.*?</td>\s*<td>(.*?)</td>'
    other = re.search(row, compare).group(1)
    assert other == f"<em>本文件为节选，此部分缺失：{missing}</em>"


def test_a_news_report_is_a_news_report_everywhere(built_site):
    site, _ = built_site
    documents = {d["slug"]: d for d in json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))}
    assert documents["hi-quality-opinion-news-2024"]["status"] == "新闻报道"
    assert _status_cell(site, "hi-quality-opinion-news-2024") == "新闻报道"
    clauses = json.loads((site / "data" / "clauses.json").read_text(encoding="utf-8"))
    cited = [r["citation"] for r in clauses if r["doc"] == "hi-quality-opinion-news-2024"]
    headline = "“海南省政府发文：要求建设现代化计量保障体系（仪表网报道）”（新闻报道）"
    assert cited and all(c.startswith(headline) for c in cited)
