"""Citations: the short form and the formal form a memo uses (builder/citations.py)."""
from __future__ import annotations

import pytest

from builder.citations import Citations
from builder.render import clause_records


def cite(doc, anchor):
    c = Citations(doc)
    clause = next(x for x in doc.clauses if x.anchor == anchor)
    return c.short(clause), c.formal(clause)


@pytest.mark.parametrize("anchor, formal_place", [
    ("notice-p2", "印发通知第二段"),  # the transmittal notice
    ("s2-1", "第二部分第（一）项"),
    ("s2-3-p2", "第二部分第（三）项第二段"),
    ("s2-2-d1", "第二部分第（二）项“突出重点，夯实基础”"),  # a —— item, by its words
    ("box-1-1", "第二部分专栏1第1点"),
])
def test_formal_form_of_a_state_council_plan(corpus_docs, anchor, formal_place):
    _, formal = cite(corpus_docs["01"], anchor)
    assert formal == "国务院《计量发展规划（2013-2020年）》（国发〔2013〕10号，2013年3月2日）" + formal_place


def test_articles_are_cited_by_article_and_paragraph(corpus_docs):
    doc = corpus_docs["10"]  # 标准化法: 第一章 … 第二条 with three paragraphs
    short, formal = cite(doc, "a2-p2")
    # chapters left out (articles run through them); the date of the revision that made the text
    assert formal == "全国人民代表大会常务委员会《中华人民共和国标准化法》（2017年11月4日）第二条第二款"
    assert short == "《中华人民共和国标准化法》第二条第二款"
    assert cite(doc, "a2")[1].endswith("）第二条")


def test_the_title_is_cited_by_its_name_alone(seed_docs):
    short, formal = cite(seed_docs["002"], "title")
    assert short == "《质量强国建设纲要》" and formal == "中共中央 国务院《质量强国建设纲要》（2023年2月6日）"


def test_brackets_full_width_whatever_the_source_printed(seed_docs):
    doc = seed_docs["002"]  # prints (二) with ASCII brackets
    short, formal = cite(doc, "s0-2")
    assert short == "《质量强国建设纲要》（二）主要目标"
    assert formal == "中共中央 国务院《质量强国建设纲要》（2023年2月6日）第（二）项"


def test_status_and_year_only(seed_docs):
    short, formal = cite(seed_docs["000"], "s2-8")
    assert short.startswith("《关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见》（第二次征求意见稿）二、（八）")
    assert formal.startswith("中共海南省委 海南省人民政府《关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见》"
                             "（第二次征求意见稿，2023年）第二部分第（八）项")


@pytest.mark.parametrize("text, cited", [
    # an excerpt that starts at an item: the item's words stand in for a title
    ("（四）提升检验检测服务能力。推动检验检测机构集约化发展。\n（五）加强质量人才培养。实施质量人才培育计划。\n",
     "提升检验检测服务能力（节选）"),
    # a whole text without a title line
    ("为加强质量基础设施建设，制定本方案。\n一、总体要求\n坚持标准引领。\n", "（无标题）"),
])
def test_a_stand_in_title_is_never_cited_as_a_name(text, cited):
    from builder.derive import resolve_meta
    from builder.model import SourceLine, SourceText
    from builder.parse import parse
    lines = [SourceLine(i, s) for i, s in enumerate(text.splitlines(), 1)]
    doc = parse(SourceText("t.txt", "utf-8", "0" * 64, lines), None)
    doc.meta, _ = resolve_meta(doc, None, ["国家"], set())
    assert doc.meta.kind == "其他"  # the text names no kind: a neutral one, not a blank
    records = clause_records(doc, "/")
    assert all("《" not in r["citation"] and "《" not in r["formal_citation"] for r in records)
    assert cited in records[-1]["citation"]
