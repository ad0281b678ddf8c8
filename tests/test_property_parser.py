"""Property-based: whatever mix of outline markers, Chinese text, punctuation, Markdown/HTML
metacharacters and blank lines arrives, the parser does not raise, loses nothing, and gives
every clause a unique anchor that follows the anchor grammar."""
from __future__ import annotations

import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.model import DocumentMeta
from builder.ingest import ingest_text
from builder.model import BuildError
from builder.parse import parse
from builder.render_links import plain_links
from builder.render import clause_records, clause_views, environment

from .hostile_build import HtmlFacts
from .test_lossless import assert_lossless

# The anchor grammar, as builder/parse.py writes anchors:
#   part roots      notice | annex-N            (a repeated 附件N label: annex-N-dupM)
#   part prefix     notice- | annex-N- | annex-N-dupM-   before every clause of that part
#   front matter    title | status | docno
#   outline         sN(-N)*       numbers per level, 0 for a skipped level
#   articles        art-N(-N)*    第N条 of regulation-style texts, and what is inside them
#   boxes           box-N, its items box-N-M
#   footnotes       fn-N
#   paragraphs      pN, dash items dN: top level, or -pN / -dN under a heading, box or item
#   tables          tN (numbered through the part), its rows tN-rM and label rows tN-gM
#   repeats         -dupN after any anchor that was already taken (children extend it)
_DUP = r"(?:-dup\d+)?"
_PART = rf"(?:notice|annex-\d+{_DUP})"
_CONTAINER = rf"(?:(?:s|art-)\d+{_DUP}(?:-\d+{_DUP})*|box-\d+{_DUP}(?:-\d+{_DUP})?)"
_BODY = rf"(?:(?:title|status|docno|fn-\d+|[pd]\d+){_DUP}|{_CONTAINER}(?:-[pd]\d+{_DUP})?|t\d+{_DUP}(?:-[rg]\d+)?)"
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
    st.sampled_from(_NUMERALS + _NUMERALS_CN + [""]).map(lambda n: f"附件{n}"),
    st.just("——"),
    st.sampled_from("①②③⑳"),
    st.sampled_from(["（第二次征求意见稿）", "（此件公开发布）", "国发〔2013〕10号", "2017年2月24日",
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
def test_every_anchor_reaches_the_html_once(text):
    """Through the real document template and Markdown: no text can cost a clause its anchor."""
    try:
        doc = _parse(text)
    except BuildError:
        return
    views = clause_views(doc)
    page = environment().get_template("document.md.j2").render(
        doc=doc, meta=doc.meta, views=views, links=plain_links(doc, views), relations=[], pinned="", versions=[])
    body = page.split("---\n", 2)[2]  # mkdocs strips the front matter before Markdown sees the page
    html = markdown.markdown(body, extensions=["attr_list", "tables", "admonition", "toc", "md_in_html"])
    ids = [attributes["id"] for _, attributes in HtmlFacts(html).tags if "id" in attributes]
    for clause in doc.clauses:
        assert ids.count(clause.anchor) == 1, clause.anchor


def test_anchor_grammar_accepts_the_anchors_the_seeds_use(seed_docs, corpus_docs):
    anchors = [c.anchor for doc in [*seed_docs.values(), *corpus_docs.values()] for c in doc.clauses]
    assert [a for a in anchors if not ANCHOR_RE.fullmatch(a)] == []
    for wrong in ["", "S1", "s1-", "p", "box-", "annex-", "../s1", "s1 p1", "notice-notice", "s1\n"]:
        assert not ANCHOR_RE.fullmatch(wrong), wrong


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
    views = clause_views(doc)
    page = environment().get_template("document.md.j2").render(
        doc=doc, meta=doc.meta, views=views, links=plain_links(doc, views), relations=[], pinned="", versions=[])
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "tables", "admonition", "toc",
                                                                   "md_in_html"])
    ids = [attributes["id"] for _, attributes in HtmlFacts(html).tags if "id" in attributes]
    for clause in doc.clauses:
        assert ids.count(clause.anchor) == 1, clause.anchor
