"""Property-based: whatever mix of outline markers, Chinese text, punctuation, Markdown/HTML
metacharacters and blank lines arrives, the parser does not raise, loses nothing, and gives
every clause a unique anchor that follows the anchor grammar; and a site built from such
documents shows every clause's whole text, and its anchor, on the clause's page."""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from builder.model import DocumentMeta
from builder.ingest import ingest_text
from builder.model import BuildError
from builder.parse import parse
from builder.render import clause_records, clause_views

from ..hostile_build import HtmlFacts, build_site, page_text_problems, render_markdown
from ..page_text import plain_page
from .test_lossless import assert_lossless

# The anchor grammar, as builder/parse.py writes anchors:
#   part roots      notice | annex-N            (a repeated 附件N label: annex-N-dupM)
#   part prefix     notice- | annex-N- | annex-N-dupM-   before every clause of that part
#   front matter    title | status | docno | history-N, a repeated title title-dupN
#   outline         sN(-N)*       numbers per level, 0 for a skipped level
#   编/章/节        bN, cN, bN-cN, cN-sN, bN-cN-sN   (0 for a missing level)
#   articles        aN            第N条 of regulation-style texts, through the whole text (第N条之M: aNzM)
#   items           a frame, then -N per level: aN-N(-N)*, cN-N(-N)*; a later 款's own list aN-pM-N(-N)*
#   boxes           box-N, its items box-N-M
#   footnotes       fn-N
#   head            title, status, docno, masthead (the 版头), history-N
#   signature       the 落款 lines keep the paragraphs' count: pN (kind signature, never cited as 第N段)
#   paragraphs      pN, dash items dN: top level, or -pN / -dN under a heading, box or item
#   tables          tN (numbered through the part), its rows tN-rM and label rows tN-gM
#   repeats         -dupN after any anchor that was already taken (children extend it)
_DUP = r"(?:-dup\d+)?"
_PART = rf"(?:notice|annex-\d+{_DUP})"
_FRAME = rf"(?:b\d+{_DUP}(?:-c\d+{_DUP}(?:-s\d+{_DUP})?)?|c\d+{_DUP}(?:-s\d+{_DUP})?|a\d+(?:z\d+)?{_DUP})"
_CONTAINER = rf"(?:(?:s\d+{_DUP}|{_FRAME}(?:-p\d+{_DUP})?)(?:-\d+{_DUP})*|box-\d+{_DUP}(?:-\d+{_DUP})?)"
_BODY = (rf"(?:(?:title|status|docno|masthead|history-\d+|fn-\d+|[pd]\d+){_DUP}|{_CONTAINER}(?:-[pd]\d+{_DUP})?"
         rf"|t\d+{_DUP}(?:-[rg]\d+)?)")
ANCHOR_RE = re.compile(rf"(?:{_PART}|(?:{_PART}-)?{_BODY})")  # use with fullmatch

_NUMERALS_CN = ["一", "二", "三", "九", "十", "十一", "二十", "二十一", "一百零一", "零"]
_NUMERALS = ["1", "2", "3", "10", "０", "１２", "2017", "99999"]

marker = st.one_of(
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"{n}、"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"（{n}）"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"({n})"),
    st.sampled_from(_NUMERALS).map(lambda n: f"{n}."),
    st.sampled_from(_NUMERALS).map(lambda n: f"{n}．"),
    st.sampled_from(_NUMERALS).map(lambda n: f"{n}、"),
    st.sampled_from(_NUMERALS).map(lambda n: f"（{n}）"),
    st.sampled_from(_NUMERALS + _NUMERALS_CN).map(lambda n: f"专栏{n} "),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第{n}条"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第{n}章 "),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第 {n} 节\u3000"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第{n}编"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第{n}条（目的）"),
    st.sampled_from(_NUMERALS_CN).map(lambda n: f"第{n}条之一"),
    st.just("目　　录"),
    st.sampled_from(_NUMERALS + _NUMERALS_CN + [""]).map(lambda n: f"附件{n}"),
    st.just("——"),
    st.sampled_from("①②③⑳"),
    st.sampled_from(["（第二次征求意见稿）", "（此件公开发布）", "国发〔2013〕10号", "2017年2月24日", "2023年第12号",
                     "1988年12月29日 第七届全国人民代表大会常务委员会第五次会议通过", "2005年9月1日 施行",
                     "二○一一年八月三十一日", "各省、自治区、直辖市人民政府：", "上接01版"]),
    # flattened tables: header cells, then cells (an index, a value, "/", an attribute)
    st.sampled_from(["序号\n指标\n2025年\n", "序号\n重点任务\n牵头单位\n配合单位\n", "类别\n指标\n2020年\n2025年\n属性\n",
                     "1\n", "2\n", "3\n", "≥95\n", "/\n", "预期性\n", "区市场监管局\n"]),
    st.just(""),
)
chinese = st.text(alphabet=st.sampled_from("质量强国建设纲要提升标准计量检验检测认证品牌創新發展體系"), max_size=30)
punctuation = st.text(alphabet=st.sampled_from("，。；：、！？“”‘’（）《》〔〕【】—…,.;:!?()% \u3000\t"), max_size=4)
metacharacters = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))",
    '{: onclick="alert(1)" }', "{{ 7*7 }}", "{% include 'x' %}", "<!-- -->", "| a | b |", "---",
    "*", "_", "`", "#", "\\", "&amp;", "&#60;", "> ", "1) ", "- ", "+ ", "=", "~~", "^", "$", "\ufeff", "\u200b",
    "??? ", "???+ ", "!!! note ", "[x]: ", "===",
])
phrases = st.sampled_from(["现将《质量发展纲要》印发给你们", "见附件1", "①", "②", "到2025年", "方面：", "2017年2月24日"])
fragment = st.one_of(chinese, punctuation, metacharacters, phrases)
line = st.tuples(marker, st.lists(fragment, max_size=5)).map(lambda t: t[0] + "".join(t[1]))
blank_lines = st.sampled_from(["", "", "", "\n", "\n   \n", "\n\u3000"])  # mostly none: a page break now and then
document = st.lists(st.tuples(line, blank_lines).map("".join), min_size=1, max_size=40).map("\n".join)


def _parse(text: str):
    source = ingest_text(text, "generated.txt", "utf-8", "0" * 64, [])
    return parse(source, DocumentMeta(slug="t", source="generated.txt", title="t"))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_parser_never_raises_loses_nothing_and_anchors_follow_the_grammar(text):
    try:
        doc = _parse(text)
    except BuildError as error:  # the only refusal allowed: nothing but whitespace
        assert "only whitespace" in error.message
        assert not re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff]", "", text)
        return
    assert_lossless(doc, text)
    bad = [c.anchor for c in doc.clauses if not ANCHOR_RE.fullmatch(c.anchor)]
    assert not bad, f"anchors outside the grammar: {bad}"
    anchors = {c.anchor for c in doc.clauses}
    assert all(c.parent is None or c.parent in anchors for c in doc.clauses), "every parent is a clause"
    assert all(w.line is None or w.line >= 1 for w in doc.warnings)


@settings(max_examples=500, deadline=None)
@given(document)
def test_render_views_and_records_accept_every_parsed_document(text):
    try:
        doc = _parse(text)
    except BuildError:
        return
    views = clause_views(doc)
    records = clause_records(doc, "/")
    assert [v.anchor for v in views] == [c.anchor for c in doc.clauses]
    assert all(r["citation"].startswith(f"《{doc.meta.title}》") for r in records)
    assert all(2 <= v.heading <= 6 for v in views if v.heading)


@settings(max_examples=300, deadline=None)
@given(document)
@example("质量工作意见\n一、总体要求。\n??? 注意事项 内容\n???+ note\n（一）坚持质量第一。")
def test_every_anchor_reaches_the_html_once(text):
    """Through the real document template and Markdown: no text can cost a clause its anchor."""
    try:
        doc = _parse(text)
    except BuildError:
        return
    page = plain_page(doc)
    body = page.split("---\n", 2)[2]  # mkdocs strips the front matter before Markdown sees the page
    html = render_markdown(body)
    ids = [attributes["id"] for _, attributes in HtmlFacts(html).tags if "id" in attributes]
    for clause in doc.clauses:
        assert ids.count(clause.anchor) == 1, clause.anchor


def test_anchor_grammar_accepts_the_anchors_the_seeds_use(seed_docs, corpus_docs):
    anchors = [c.anchor for doc in [*seed_docs.values(), *corpus_docs.values()] for c in doc.clauses]
    assert [a for a in anchors if not ANCHOR_RE.fullmatch(a)] == []
    for wrong in ["", "S1", "s1-", "p", "box-", "annex-", "../s1", "s1 p1", "notice-notice", "s1\n"]:
        assert not ANCHOR_RE.fullmatch(wrong), wrong


# How every block syntax of Python-Markdown and of the extensions in mkdocs.yml opens a line
# (markdown/blockprocessors.py, extensions/, pymdownx/details.py), and those of extensions the
# site does not enable (footnotes, abbreviations, fences, def_list, blocks, snippets, toc marker).
BLOCK_STARTERS = [
    "??? ", "???+ ", '??? note "标题" ', "???", "!!! note ", "!!! ", '!!! warning "注意" ', "- ", "* ", "+ ", "1. ",
    "1) ", "2023. ", "# ", "### ", "=== ", "===", "---", "***", "_ _ _", "> ", ">", "<div>", "<div markdown>",
    "<p>", "</div>", "<!-- ", "[x]: http://a.example", "[^1]: ", "*[HTML]: ", "| a | b |", "|---|---|", "```",
    "~~~", "    ", "\t", ": ", ":   ", "{: #s1 }", "[TOC]", "///", "--8<-- ", "$$", "\u3000",
]
starter = st.sampled_from(BLOCK_STARTERS)
words = st.text(alphabet=st.sampled_from("质量强国建设纲要提升标准计量检验检测认证品牌"), min_size=1, max_size=12)
# a starter opening the text, another inside it (a source line, a title, a metadata value)
starting = st.tuples(starter, words, st.sampled_from(BLOCK_STARTERS + [""]), words).map("".join)
source_line = st.one_of(
    st.tuples(marker, starting, st.sampled_from(["。", "：", "；", ""])).map("".join),
    starter,  # a line that is only the opener: a setext underline, a rule, a fence
)
generated_document = st.tuples(starting, st.lists(source_line, min_size=1, max_size=12)).map(
    lambda t: "\n".join([t[0], *t[1]]) + "\n")
# (text, metadata or None): configured documents take their title and other values from
# documents.yml, the others from their first line
library = st.lists(st.tuples(generated_document, st.one_of(st.none(), st.tuples(starting, starting, starting))),
                   min_size=3, max_size=5)


def _documents_yml(entries: list[tuple[int, tuple[str, str, str]]]) -> str:
    # JSON strings are YAML strings: any generated value fits
    return "documents:\n" + "".join(
        f"  - {{slug: gen-{k}, source: doc{k}.txt, jurisdiction: 国家, title: {json.dumps(title, ensure_ascii=False)}, "
        f"issuer: {json.dumps(issuer, ensure_ascii=False)}, status: {json.dumps(status, ensure_ascii=False)}}}\n"
        for k, (title, issuer, status) in entries)


# Each example is a site build (about a second): a handful of documents per build, few builds,
# and no shrinking (a failure names the clause and its text already).
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(library)
@example([("??? 注意事项 内容\n一、总体要求\n??? 质量 提升\n???+ note\n（一）坚持质量第一。\n", None),
          ("质量工作意见\n一、总体要求。\n??? 检验 检测\n", ("??? 标题", "!!! note 发文", "???+ 草案"))])
def test_a_built_page_shows_every_clause_whole_with_its_anchor(documents):
    seeds = {f"doc{k}.txt": text.encode() for k, (text, _) in enumerate(documents)}
    configured = [(k, meta) for k, (_, meta) in enumerate(documents) if meta]
    with tempfile.TemporaryDirectory(prefix="page-lossless-") as work:
        built = build_site(Path(work), seeds, _documents_yml(configured) if configured else "documents: []\n")
        assert built.exit_code == 0, built.stderr
        assert page_text_problems(built.site) == []


cell = st.one_of(st.sampled_from(["1", "2", "3", "4", "≥95", "98%以上", "/", "—", "预期性", "约束性", "区市场监管局",
                                  "2025年底前", "GB/T 19001-2016", "一、夯实基础", "二、保障措施", "附件2", "<td>", ""]),
                 chinese, metacharacters)
table = st.tuples(
    st.sampled_from(["序号\n重点任务\n牵头单位\n配合单位\n完成时限", "类别\n指标\n2020年\n2025年\n属性",
                     "序号\n标准编号\n标准名称\n代替标准号", "序号\n指标名称\n目标值\n2024年\n2025年"]),
    st.lists(cell, max_size=40), st.sampled_from(["\n", "\n\n"]),
).map(lambda t: t[0].replace("\n", t[2]) + t[2] + t[2].join(t[1]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(table, line), min_size=1, max_size=4).map("\n".join))
def test_any_flattened_table_loses_nothing_and_every_row_reaches_the_html_once(text):
    try:
        doc = _parse(text)
    except BuildError:
        return
    assert_lossless(doc, text)
    assert all(ANCHOR_RE.fullmatch(c.anchor) for c in doc.clauses)
    page = plain_page(doc)
    html = render_markdown(page.split("---\n", 2)[2])
    ids = [attributes["id"] for _, attributes in HtmlFacts(html).tags if "id" in attributes]
    for clause in doc.clauses:
        assert ids.count(clause.anchor) == 1, clause.anchor
