"""Text is data, always: markup in a document or in documents.yml shows literally in the built
site and never becomes a script, an event handler, a javascript: URL, a template expression,
a table or front matter. The test builds a real site and parses its HTML."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from builder.config import SCHEMAS, SiteConfig, load_config
from builder.render import LONG_BLOCK_CHARS, attr_text, html_block_text, md

from ..conftest import CONFIG, ROOT, SEEDS
from ..hostile_build import HtmlFacts, build_site, hostile_config, render_markdown, run_build, visible, write_seeds

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


# --------------------------------------------------------------------------- configuration is input too
# Every text field of every config file (config.SCHEMAS, walked by hostile_build.hostile_config)
# and every text option of mkdocs.yml gets HOSTILE in front of its value; a page that lets any
# of it through as markup has an <x-evil> element, an onclick attribute, a script or a link.
HOSTILE = "\"'><x-evil data-p=x></title><script>xevil</script>{: onclick=x }[x](javascript:x)"
MARKER = "xevil"
def hostile(value: str) -> str:
    return f"{HOSTILE}|{value}"


def _mkdocs_text_options() -> list[str]:
    """mkdocs.yml options whose value is plain text, by MkDocs' own schema."""
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig

    found = []
    for name, option in MkDocsConfig._schema:
        inner = option.option if isinstance(option, config_options.Optional) else option
        if type(inner) is config_options.Type and inner._type is str and name != "config_file_path":
            found.append(name)
    return found


def hostile_mkdocs(path: Path) -> Path:
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for name in _mkdocs_text_options():
        settings[name] = hostile(settings.get(name) or name)
    # extra holds the theme's settings: some of them Material shows (a link's, a language's name)
    settings["extra"] = {"social": [{"icon": "material/web", "link": "https://example.org/", "name": hostile("x")}],
                         "alternate": [{"name": hostile("中文"), "link": "/", "lang": "zh"}], "note": hostile("x")}
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# A revised document (pinned pages, 修订对照) and one more document setting the same targets
# (so each indicator is shared and charted): listed in documents.yml, so hostile like the rest.
EXTRA_DOCUMENTS = """
  - slug: revised-doc
    versions:
      - {source: revised-v1.txt, date: 2023-01, status: 征求意见稿, doc_number: 试〔2023〕1号}
      - {source: revised-v2.txt, date: 2024-01, status: 修订稿, doc_number: 试〔2024〕1号}
    title: 修订测试文件
    short_title: 修订测试
    issuer: 测试机关
    jurisdiction: 国家
    kind: 通知
    aliases: [修订测试文件]
  - slug: targets-doc
    source: targets.txt
    title: 目标测试文件
    short_title: 目标测试
    issuer: 测试机关
    date: 2024
    status: 试行
    doc_number: 试〔2024〕2号
    jurisdiction: 国家
    kind: 通知
    aliases: [目标测试文件]
"""
EXTRA_SEEDS = ("revised-v1.txt", "revised-v2.txt", "targets.txt")


def _extra_seeds(config: SiteConfig) -> dict[str, bytes]:
    """The texts of EXTRA_DOCUMENTS. Each sets a target for every indicator, named by its first
    alias (a spelling of the seeds: lists keep theirs) in its configured unit, hostile too, so
    the charts show the indicators' names and units."""
    def goals(value: int) -> str:
        names = [(ind.aliases or [ind.name])[0] for ind in config.targets.indicators]
        return "".join(f"（{i}）到2025年，{name}达到{value + i % 5}{ind.unit}以上。\n"
                       for i, (name, ind) in enumerate(zip(names, config.targets.indicators), 1))

    texts = [f"修订测试文件\n一、总体要求\n{goals(90)}二、删除的部分\n这一段将被删除。\n",
             f"修订测试文件\n一、总体要求\n{goals(91)}二、新增的部分\n这一段是新增的。\n",
             f"目标测试文件\n一、主要目标\n{goals(80)}"]
    return {name: text.encode() for name, text in zip(EXTRA_SEEDS, texts)}


@pytest.fixture(scope="module")
def hostile_config_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-config")
    seeds = write_seeds(work / "seeds", {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
                        | {name: b"x\n" for name in EXTRA_SEEDS})  # the loader checks that sources exist
    documents = (CONFIG / "documents.yml").read_text(encoding="utf-8") + EXTRA_DOCUMENTS
    config, slots = hostile_config(work / "config", seeds, hostile, documents)
    write_seeds(seeds, _extra_seeds(load_config(config, seeds)))
    built = run_build(work, seeds, config, hostile_mkdocs(work / "mkdocs.yml"))
    assert built.exit_code == 0, built.stderr
    return built, slots


def _live_markup(facts: HtmlFacts) -> list[str]:
    found = [f"<{tag} {attributes}>" for tag, attributes in facts.tags
             if tag == "x-evil" or any(name.startswith("on") for name in attributes)
             or any(v.strip().lower().startswith("javascript:") and v != _THEME_JS_URL for v in attributes.values())]
    return found + [f"<script>{s[:60]}" for s in facts.scripts if MARKER in s]


def test_config_values_are_text_on_every_page(hostile_config_site):
    built, slots = hostile_config_site
    assert {p.name for p in CONFIG.glob("*.yml")} <= set(SCHEMAS)  # every file is walked
    # every text field holds a hostile value, but where the loader must refuse one: a source
    # names a file of the seeds folder, total_brackets pairs of two brackets (a slug or a date is
    # not even tried: its check refuses)
    fields = {(s.file, s.path[-1]) for s in slots}
    assert fields - {(s.file, s.path[-1]) for s in slots if s.hostile} == {("documents.yml", "source"),
                                                                          ("targets.yml", "total_brackets")}
    site = built.site
    pages = sorted(site.rglob("*.html"))
    names = {page.relative_to(site).as_posix() for page in pages}
    kinds = {"404.html", "index.html", "report/index.html", "references/index.html", "targets/index.html",
             "topics/index.html", "agencies/index.html", "compare/index.html", "revised-doc/index.html",
             "revised-doc/2023-01/index.html", "revised-doc/2024-01/changes/index.html", "targets-doc/index.html"}
    assert kinds <= names, kinds - names
    for folder in ("topics", "agencies", "compare"):
        assert [n for n in names if n.startswith(folder + "/") and n != f"{folder}/index.html"], folder
    charts = sorted((site / "targets" / "charts").glob("*.svg"))
    assert charts, "no chart: no target matched an indicator in its hostile unit"

    problems = {}
    for page in pages:
        facts = HtmlFacts(page.read_text(encoding="utf-8"))
        assert visible(HOSTILE) in visible(facts.text), f"{page}: no hostile value shows"
        if found := _live_markup(facts):
            problems[page.relative_to(site).as_posix()] = found[:3]
    assert not problems, problems
    for chart in charts:
        root = ET.parse(chart).getroot()  # still well-formed XML
        tags = [element.tag.split("}")[-1] for element in root.iter()]
        assert "x-evil" not in tags and "script" not in tags, chart
        assert not [a for element in root.iter() for a in element.attrib if a.startswith("on")], chart
        assert HOSTILE in "".join(root.itertext()), chart


def test_config_values_show_exactly_once_escaped(hostile_config_site):
    built, _ = hostile_config_site
    site_name = hostile("质量政策文库")
    topic = HtmlFacts((built.site / "topics" / "metrology" / "index.html").read_text(encoding="utf-8"))
    assert topic.text_within("title") == f"{hostile('计量')} - {site_name}"
    assert visible(hostile("计量")) in visible(topic.text_within("h1"))
    logo = next(a for tag, a in topic.tags if tag == "a" and "md-header__button" in a.get("class", ""))
    assert logo["title"] == logo["aria-label"] == site_name
    description = next(a for tag, a in topic.tags if tag == "meta" and a.get("name") == "description")
    assert description["content"] == hostile("质量政策文件全文、条款永久链接、目标对照")
