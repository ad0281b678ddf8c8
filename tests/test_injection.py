"""Text is data, always: markup in a document or in documents.yml shows literally in the built
site and never becomes a script, an event handler, a javascript: URL, a template expression,
a table or front matter. The test builds a real site and parses its HTML."""
from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from builder.render import LONG_BLOCK_CHARS, attr_text, html_block_text, md

from .hostile_build import HtmlFacts, build_site, render_markdown, visible

# Every payload is on a line of its own (after an outline number or inside a sentence), so the
# test can look for each one on the page. They all start with "<", "[", "{", "|" or "-" somewhere
# Markdown, attr_list, Jinja, raw HTML or tables would act on.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    '<a href="javascript:alert(1)">链接</a>',
    '{: onclick="alert(1)" }',
    "{{ 7*7 }}",
    "{% include 'x' %}",
    "<!-- -->",
    "| a | b |",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)">',
    "![x](javascript:alert(1))",
    "<https://evil.example/>",
    "&lt;script&gt;",
]
LONG_BLOCK = "长段落：" + "坚持质量第一，效益优先，" * 600 + "<script>alert(6)</script><img src=x onerror=alert(6)>。"
DOCUMENT = "\n".join([
    "---",  # front matter look-alike: must stay text, not become page metadata
    "title: 伪造标题",
    "template: evil.html",
    "---",
    "关于注入测试的意见",
    "一、总体要求<script>alert(1)</script>",
    "（一）指导思想。" + PAYLOADS[1] + "坚持质量第一。",
    *[f"{payload}是正文的一部分，照原样显示。" for payload in PAYLOADS],
    "（二）属性测试。文本 {: onclick=\"alert(1)\" }",
    "| a | b |",
    "|---|---|",
    "| <b>1</b> | 2 |",
    "专栏1 <script>alert(2)</script>",
    "1. 条目<style>body{display:none}</style>",
    "——<svg onload=alert(4)>破折号",
    LONG_BLOCK,
    "",
])
# A document with no documents.yml entry takes its title from its first line.
UNLISTED = "</title><script>alert(10)</script>质量文件\n一、总则\n坚持质量第一，效益优先。\n"
TITLE = '质量<b>强国</b>"纲要"</title><script>alert(9)</script>'
METADATA = f"""
jurisdictions: ['<b>省</b>']
documents:
  - slug: inject-test
    source: inject.txt
    title: '{TITLE.replace("'", "''")}'
    short_title: '短<i>标题</i>'
    issuer: '<img src=x onerror=alert(8)>'
    doc_number: '国发〔2013〕10号"><script>alert(7)</script>'
    status: '草案{{{{ 7*7 }}}}'
    jurisdiction: '<b>省</b>'
    kind: '[x](javascript:alert(7))'
    aliases: ['<script>alert(5)</script>']
    date: 2020
  # newer, so it comes first in the section: the theme makes a section's first page its index
  # and shows only the section name for it, and the test wants the title above as a nav item
  - slug: other-doc
    source: other.txt
    title: 其他文件
    date: 2024
    jurisdiction: '<b>省</b>'
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_site(tmp_path_factory.mktemp("inject"),
                       {"inject.txt": DOCUMENT.encode(), "unlisted.txt": UNLISTED.encode(),
                        "other.txt": "其他文件\n一、总则\n坚持质量第一。\n".encode()}, METADATA)
    assert built.exit_code == 0, built.stderr
    return built


def html_pages(site):
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) >= 3
    return [(page.relative_to(site.site), HtmlFacts(page.read_text(encoding="utf-8"))) for page in pages]


_JS_URL = re.compile(r"^(?:javascript|vbscript|data:text/html)", re.IGNORECASE)
_THEME_JS_URL = "javascript:void(0)"  # the theme's own no-op link in its header


def test_no_script_handler_or_javascript_url_comes_from_a_document(site):
    for page, facts in html_pages(site):
        for tag, attributes in facts.tags:
            handlers = [name for name in attributes if name.startswith("on")]
            assert not handlers, f"{page}: <{tag}> has event handler {handlers}"
            urls = [v for k, v in attributes.items() if k in ("href", "src", "action", "formaction", "data")]
            scripted = [u for u in urls if _JS_URL.match(re.sub(r"[\x00-\x20]", "", u)) and u != _THEME_JS_URL]
            assert not scripted, f"{page}: <{tag}> links to {scripted}"
            assert tag not in ("iframe", "object", "embed", "b", "i"), f"{page}: <{tag}> from a document"
            assert not (tag == "img" and attributes.get("src") == "x"), f"{page}: injected <img>"
        assert not [s for s in facts.scripts if "alert(" in s], f"{page}: injected script"


def test_every_payload_shows_literally_on_the_page(site):
    text = visible(HtmlFacts(site.page("inject-test")).text_within("article"))
    for payload in PAYLOADS:
        assert visible(payload + "是正文的一部分，照原样显示。") in text, payload
    assert visible("专栏1 <script>alert(2)</script>") in text
    assert visible("——<svg onload=alert(4)>破折号") in text
    assert visible("| <b>1</b> | 2 |") in text
    assert "{{7*7}}" in text and "49" not in text


def test_markdown_table_syntax_in_a_document_makes_no_table(site):
    facts = HtmlFacts(site.page("inject-test"))
    tables = [a for tag, a in facts.tags if tag == "table"]
    assert len(tables) == 1, "only the metadata table of the page itself"


def test_a_block_longer_than_markdown_handles_is_escaped_too(site):
    text = visible(HtmlFacts(site.page("inject-test")).text)
    assert visible(LONG_BLOCK) in text


def test_front_matter_look_alike_stays_text(site):
    facts = HtmlFacts(site.page("inject-test"))
    title = facts.text_within("title")
    assert "伪造标题" not in title
    assert visible("title: 伪造标题") in visible(facts.text_within("article"))
    assert visible("template: evil.html") in visible(facts.text_within("article"))


def test_metadata_title_shows_literally_in_page_title_heading_nav_and_home(site):
    page = HtmlFacts(site.page("inject-test"))
    assert page.text_within("title").startswith(TITLE + " - ")
    assert visible(TITLE) in visible(page.text_within("h1"))
    assert visible(TITLE) in visible(page.text_within("nav", "md-nav--primary"))
    assert visible(TITLE) in visible(page.text_within("div", "md-header__topic"))
    home = HtmlFacts((site.site / "index.html").read_text(encoding="utf-8"))
    assert visible(TITLE) in visible(home.text_within("article"))
    assert visible("<b>省</b>") in visible(home.text_within("nav", "md-nav--primary"))


def test_other_metadata_shows_literally_in_the_page(site):
    table = visible(HtmlFacts(site.page("inject-test")).text_within("table"))
    for value in ['<img src=x onerror=alert(8)>', '国发〔2013〕10号"><script>alert(7)</script>', "草案{{ 7*7 }}",
                  "<b>省</b>"]:
        assert visible(value) in table, value


def test_a_title_read_from_the_text_is_data_too(site):
    record = next(d for d in site.json("data/documents.json") if d["source"] == "unlisted.txt")
    assert record["title"] == "</title><script>alert(10)</script>质量文件"
    page = HtmlFacts(site.page(record["slug"]))
    assert page.text_within("title").startswith(record["title"] + " - ")


def test_json_exports_and_citations_carry_the_exact_text(site):
    doc = site.json("data/docs/inject-test.json")
    assert doc["title"] == TITLE and doc["status"] == "草案{{ 7*7 }}"
    record = next(d for d in site.json("data/documents.json") if d["slug"] == "inject-test")
    assert record["issuer"] == "<img src=x onerror=alert(8)>"
    assert record["aliases"] == ["<script>alert(5)</script>"]
    head = f"《{TITLE}》（草案{{{{ 7*7 }}}}）"
    assert all(c["citation"].startswith(head) for c in doc["clauses"])
    heading = next(c for c in doc["clauses"] if c["anchor"] == "s1")
    assert heading["citation"] == head + "一、总体要求<script>alert(1)</script>"
    texts = [c["number"] + c["text"] for c in doc["clauses"]]
    assert "{{ 7*7 }}是正文的一部分，照原样显示。" in texts



# --------------------------------------------------------------------------- the escaping itself
_MARKUP_PIECES = (list("<>&\"'`*_{}[]()#!|~^=+-:.;$\\/%@ \t\n") + list("abcxyz19")
                  + ["script", "onerror=", "javascript:", "{{", "{%", "<!--", "-->", "&#60;", "&lt;", "1.", "- ",
                     "> ", "    ", "!!! note", "```", "质量", "——", "\u3000", "?", "??? ", "???+ ", "1) ",
                     "[x]: ", "===", "\n---\n"])
markup_text = st.lists(st.sampled_from(_MARKUP_PIECES), min_size=1, max_size=40).map("".join)


_render = render_markdown


@settings(max_examples=1500, deadline=None)
@given(markup_text)
@example("??? 注意事项 内容")  # pymdownx.details: an empty box took the text and the anchor
@example("???+ note 内容")
@example("1) 项目")
def test_escaped_text_renders_as_exactly_itself(text):
    """The md filter as the document template uses it, for a paragraph and for a heading."""
    expected = " ".join(text.split())
    assume(expected)
    paragraph = HtmlFacts(_render(f"{md(text)}\n{{: #p1 .clause .clause-paragraph }}\n"))
    assert [tag for tag, _ in paragraph.tags] == ["p"]
    assert paragraph.tags[0][1] == {"id": "p1", "class": "clause clause-paragraph"}
    assert paragraph.text == expected
    heading = HtmlFacts(_render(f'## {md(text)} {{: #s1 .clause data-toc-label="{attr_text(text)}" }}\n'))
    assert [tag for tag, _ in heading.tags] == ["h2", "a"]  # the heading and its ¶ permalink
    assert heading.tags[0][1]["id"] == "s1" and heading.tags[1][1]["href"] == "#s1"
    assert heading.text == expected + "¶"
    # where the templates put text after a list marker (agency, report pages), the item's
    # content is parsed for blocks again
    item = HtmlFacts(_render(f"- {md(text)} [链接](x.md)\n"))
    assert [tag for tag, _ in item.tags] == ["ul", "li", "a"]
    assert item.text.strip() == f"{expected} 链接".strip()


@settings(max_examples=300, deadline=None)
@given(markup_text)
def test_long_blocks_escape_as_exactly_themselves(text):
    text = "长" * LONG_BLOCK_CHARS + text
    facts = HtmlFacts(_render(f'<p id="p1" class="clause">{html_block_text(text)}</p>\n'))
    assert [tag for tag, _ in facts.tags] == ["p"]
    assert facts.text == " ".join(text.split())
