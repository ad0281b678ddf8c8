"""One rule at a time: line joining, run-in titles, anchors, numbering warnings, parts."""
from __future__ import annotations

import pytest

from builder.model import DocumentMeta, SourceLine, SourceText
from builder.parse import parse, split_heading
from builder.patterns import cn_to_int, ends_sentence


def parse_text(text: str):
    lines = [SourceLine(i, s.strip()) for i, s in enumerate(text.split("\n"), 1) if s.strip()]
    return parse(SourceText("t.txt", "utf-8", "0", lines), DocumentMeta(slug="t", source="t.txt", title="t"))


def anchors(text: str) -> list[str]:
    return [c.anchor for c in parse_text(text).clauses]


@pytest.mark.parametrize("numeral,value", [("一", 1), ("十", 10), ("十一", 11), ("二十一", 21), ("一百零一", 101),
                                           ("３", 3), ("12", 12)])
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_sentence_end_looks_through_quotes_and_trailing_notes():
    assert ends_sentence("形成合力。”")
    assert ends_sentence("推广典型经验。（农业农村部等负责）")
    assert not ends_sentence("推动东部地区发挥质")


def test_run_in_title_and_body():
    assert split_heading("总体目标。到2025年，质量…") == ("总体目标", "总体目标。", "到2025年，质量…")
    assert split_heading("完善质量工作机制，强化部门联动。") == ("完善质量工作机制，强化部门联动", "完善质量工作机制，强化部门联动。", "")
    long_first = "“十一五”时期，" + "各地区" * 20 + "。全国…"
    assert split_heading(long_first) == ("", "", long_first)


def test_outline_anchors_use_the_documents_own_numbers():
    doc = parse_text("一、总体要求\n（一）指导思想。坚持。\n二、任务\n（四）工作。内容。\n1.细则。内容。\n（2）小项。内容。")
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-1", "s1-1-p1", "s2", "s2-4", "s2-4-p1", "s2-4-1",
                                               "s2-4-1-p1", "s2-4-1-2", "s2-4-1-2-p1"]


def test_missing_levels_are_zero():
    assert anchors("（二）主要目标\n到2025年，目标。") == ["s0-2", "s0-2-p1"]
    doc = parse_text("一、总体要求\n1.直接的细则。内容。")
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-0-1", "s1-0-1-p1"]
    assert "level-skipped" in {w.code for w in doc.warnings}


def test_boxes_dash_items_and_paragraph_positions():
    doc = parse_text("开头一段。\n一、总体要求\n第一段。\n——第一项。\n——第二项。\n第二段。\n"
                     "专栏1 示范工程\n——先导区。建设。\n——标杆城市。推动。\n二、保障")
    assert [c.anchor for c in doc.clauses] == [
        "p1", "s1", "s1-p1", "s1-d1", "s1-d2", "s1-p2", "box-1", "box-1-1", "box-1-1-p1", "box-1-2",
        "box-1-2-p1", "s2"]
    assert doc.clause("box-1").title == "示范工程"


def test_hard_wrapped_lines_join_unless_the_next_line_opens_structure():
    doc = parse_text("（九）打造区域质量发展新优势。推动东部地区发挥，推动质\n\n量升级，培育优势。\n（十）下一条。内容。")
    assert doc.clause("s0-9-p1").text == "推动东部地区发挥，推动质量升级，培育优势。"
    assert doc.clause("s0-10").title == "下一条"


def test_numbering_anomalies_are_warnings_with_lines():
    doc = parse_text("一、甲\n（一）一。内容。\n（三）三。内容。\n（三）重复。内容。\n（二）倒序。内容。")
    codes = [(w.line, w.code) for w in doc.warnings]
    assert (3, "numbering-gap") in codes and (4, "numbering-duplicate") in codes and (5, "numbering-order") in codes
    assert "s1-3-dup2" in [c.anchor for c in doc.clauses]


def test_continuous_numbering_across_sections_is_not_a_gap():
    doc = parse_text("一、甲\n（一）一。内容。\n（二）二。内容。\n二、乙\n（三）三。内容。")
    assert not doc.warnings


def test_transmittal_notice_is_a_separate_part():
    doc = parse_text("各市县人民政府：\n现将《行动计划》印发给你们，请认真贯彻执行。\n海南省人民政府办公厅\n2017年2月24日\n"
                     "行动计划\n为落实，制定本计划。\n一、指导思想\n内容。")
    assert [c.anchor for c in doc.clauses] == ["notice", "notice-p1", "notice-p2", "notice-p3", "notice-p4",
                                               "title", "p1", "s1", "s1-p1"]
    assert doc.title == "行动计划"


def test_signature_at_the_end_is_not_a_notice():
    doc = parse_text("关于某事的意见\n一、总体要求\n内容。\n国务院\n2018年12月21日\n（此件公开发布）")
    assert [c.anchor for c in doc.clauses] == ["title", "s1", "s1-p1", "p1", "p2", "p3"]


def test_attachment_restarts_numbering_with_a_prefix():
    doc = parse_text("一、总体要求\n内容。\n附件1\n重点任务清单\n一、任务\n（一）甲。内容。")
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-p1", "annex-1", "annex-1-title", "annex-1-s1",
                                               "annex-1-s1-1", "annex-1-s1-1-p1"]


def test_title_spanning_lines_and_status():
    doc = parse_text("关于推进质量强省建设\n\n助力高质量发展的意见\n（第二次征求意见稿）\n为深入贯彻，现提出以下意见。")
    assert doc.title == "关于推进质量强省建设助力高质量发展的意见"
    assert doc.status == "第二次征求意见稿"
    assert [c.anchor for c in doc.clauses] == ["title", "status", "p1"]


def test_footnotes_are_recognised_by_their_inline_marker():
    doc = parse_text("一、现状\n量传溯源①体系不断完善。\n①量传溯源是量值传递和量值溯源的简称。")
    assert doc.clauses[-1].anchor == "fn-1" and doc.clauses[-1].kind == "footnote"


def test_regulation_style_articles_are_numbered_through_the_text():
    doc = parse_text("第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于：\n（一）产品；\n（二）服务。\n"
                     "第二章 管理\n第三条 市场监管部门负责。")
    assert [c.anchor for c in doc.clauses] == ["s1", "art-1", "art-1-p1", "art-2", "art-2-p1", "art-2-1", "art-2-2",
                                               "s2", "art-3", "art-3-p1"]
    assert doc.clause("art-2-1").title == "产品" and not doc.warnings


def test_other_common_numbering_forms():
    assert anchors("一.总体要求\n1）第一项。内容。\n(2)第二项。内容。") == [
        "s1", "s1-0-0-1", "s1-0-0-1-p1", "s1-0-0-2", "s1-0-0-2-p1"]
    assert anchors("（一）总体要求\n2017. 年份不是编号\n1.5亿元不是编号") == ["s0-1", "s0-1-p1", "s0-1-p2"]


def test_attachment_list_before_the_signature_is_not_an_attachment():
    doc = parse_text("一、总体要求\n内容。\n附件：重点任务分工\n国务院\n2018年12月21日\n附件\n重点任务分工\n1.任务。内容。")
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-p1", "s1-p2", "p1", "p2", "annex-1", "annex-1-title",
                                               "annex-1-s0-0-1", "annex-1-s0-0-1-p1"]
