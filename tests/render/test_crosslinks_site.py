"""The cross-links on the built site: every link resolves, indexes and data are there."""
from __future__ import annotations

import html as html_lib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from builder.render import environment
from builder.render_links import TextRun


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, page: Path, href: str) -> Path:
    path = unquote(urlsplit(href).path)
    if path.startswith("/"):  # 404.html links from the site root
        target = site / path.lstrip("/")
    else:
        target = (page.parent / path) if path else page
    return target / "index.html" if target.is_dir() else target


def test_no_link_points_to_a_missing_page_or_anchor(built_site):
    site, _ = built_site
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken, checked = [], 0
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = target_file(site, page, href).resolve()
            checked += 1
            if target not in pages:
                if not target.exists():
                    broken.append((page.relative_to(site), href))
            elif parts.fragment and unquote(parts.fragment) not in pages[target].ids:
                broken.append((page.relative_to(site), href))
    assert checked > 1000 and not broken, broken[:10]


def test_references_become_links_to_the_cited_document(built_site):
    site, _ = built_site
    guangdong = (site / "gd-quality-outline-2023" / "index.html").read_text(encoding="utf-8")
    preamble = re.search(r'<p class="clause clause-paragraph" id="p1">(.*?)</p>', guangdong, re.S).group(1)
    assert re.search(r'<a class="xref" href="../cn-quality-outline-2023/">《中共中央、国务院关于印发〈质量强国建设纲要〉的通知》</a>',
                     preamble)


def test_relations_panel_is_on_both_pages_with_the_side_by_side_link(built_site):
    site, _ = built_site
    national = (site / "cn-quality-outline-2023" / "index.html").read_text(encoding="utf-8")
    guangdong = (site / "gd-quality-outline-2023" / "index.html").read_text(encoding="utf-8")
    compare = "compare/gd-quality-outline-2023--cn-quality-outline-2023/"
    assert "贯彻落实本文件" in national and "广东省质量强省建设纲要" in national and compare in national
    assert "贯彻落实" in guangdong and compare in guangdong
    side_by_side = (site / compare / "index.html").read_text(encoding="utf-8")
    assert side_by_side.count("无对应条款") >= 5 and 'href="../../gd-quality-outline-2023/#s4-10"' in side_by_side


def test_topic_agency_and_reference_pages(built_site):
    site, _ = built_site
    a_to_z = (site / "topics" / "index.html").read_text(encoding="utf-8")
    letters = re.findall(r'<h2 id="[^"]*">([A-Z])<', a_to_z)
    assert letters == sorted(letters) and len(letters) >= 10
    metrology = (site / "topics" / "metrology" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../hi-quality-opinion-draft-2023/#s2-5"' in metrology
    overview = (site / "agencies" / "index.html").read_text(encoding="utf-8")
    assert "省质监局" in overview
    office = (site / "agencies" / "sheng-zhi-liang-qiang-sheng-gong-zuo-ling-dao-xiao-zu-ban-gong-shi" / "index.html")
    assert 'href="../../hi-quality-action-plan-2017/#s3-1-2"' in office.read_text(encoding="utf-8")
    cited = (site / "references" / "index.html").read_text(encoding="utf-8")
    assert "海南省质量发展纲要（2013-2020年）" in cited and "GB3838-2002" in cited


def test_topic_and_responsibility_data(built_site):
    site, _ = built_site
    topics = json.loads((site / "data" / "topics.json").read_text(encoding="utf-8"))
    assert 15 <= len(topics) <= 25
    metrology = next(t for t in topics if t["slug"] == "metrology")
    assert metrology["name"] == "计量" and metrology["url"].endswith("/topics/metrology/")
    assert any(c["doc"] == "hi-quality-opinion-draft-2023" and c["anchor"] == "s2-5" for c in metrology["clauses"])
    duties = json.loads((site / "data" / "responsibilities.json").read_text(encoding="utf-8"))
    assert len(duties["tasks"]) == 33
    task = next(t for t in duties["tasks"] if t["anchor"] == "s3-1-3")
    names = {a["slug"]: a["name"] for a in duties["agencies"]}
    assert [names[s] for s in task["lead"]] == ["省财政厅", "省发展改革委"]
    assert task["url"].endswith("/hi-quality-action-plan-2017/#s3-1-3")


def test_linked_text_is_still_data():
    template = environment().from_string('{% from "partials/inline.md.j2" import inline %}{{ inline(parts) }}')
    parts = [TextRun("<b>粗</b> *x* "), TextRun("《[a](javascript:alert(1))》", "../d/index.md#s1"), TextRun(" {: onclick=x }")]
    html = markdown.markdown(template.render(parts=parts), extensions=["attr_list"])
    assert "<b>" not in html and "<em>" not in html and "onclick=" not in html and "javascript" not in re.findall(r'href="([^"]*)"', html)[0]
    assert re.findall(r"<a [^>]*>", html) == ['<a class="xref" href="../d/index.md#s1">']
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", html)) == "<b>粗</b> *x* 《[a](javascript:alert(1))》 {: onclick=x }"
