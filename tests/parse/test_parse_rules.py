"""One rule at a time: line joining, run-in titles, anchors, numbering warnings, parts."""
from __future__ import annotations

import pytest

from builder.ingest import ingest_text
from builder.model import DocumentMeta, SourceLine, SourceText
from builder.parse import parse, split_heading
from builder.render import clause_records, clause_views
from builder.patterns import cn_to_int, ends_sentence


def parse_text(text: str):
    lines = [SourceLine(i, s.strip()) for i, s in enumerate(text.split("\n"), 1) if s.strip()]
    return parse(SourceText("t.txt", "utf-8", "0", lines), DocumentMeta(slug="t", source="t.txt", title="t"))


def parse_ingested(text: str):
    """As parse_text, with what ingest finds (flattened tables)."""
    source = ingest_text(text, "t.txt", "utf-8", "0", [])
    return parse(source, DocumentMeta(slug="t", source="t.txt", title="t"))


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
    # a level the text prints elsewhere is missing here: a warning
    doc = parse_text("一、总体要求\n1.直接的细则。内容。\n二、任务\n（一）甲。内容。")
    assert [c.anchor for c in doc.clauses][:3] == ["s1", "s1-0-1", "s1-0-1-p1"]
    assert [(w.line, w.code) for w in doc.warnings] == [(2, "level-skipped")]


def test_a_level_the_text_never_prints_is_its_own_scheme():
    """一、 → 1. throughout (a 工作要点): anchored with the missing level at 0, but no warning."""
    doc = parse_text("2024年工作要点\n一、夯实基础\n1.新建标准30项。\n2.全年完成检定。\n二、强化监管\n1.开展专项检查。\n"
                     "（1）加油站。\n（2）集贸市场。")
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == [
        "s1", "s1-0-1", "s1-0-2", "s2", "s2-0-1", "s2-0-1-1", "s2-0-1-2"]
    assert doc.warnings == []


def test_an_excerpt_that_starts_mid_way_warns_of_its_start_not_of_a_missing_level():
    """（三） （四） before any 一、, then 四、: where each level starts, no missing level for （四）."""
    doc = parse_text("（三）加强基础。推进建设。\n（四）提升品牌。实施工程。\n四、组织保障\n（一）加强统筹。纳入考核。")
    # one cause (the text starts mid-way), one warning naming both levels and what is missing
    assert [(w.line, w.code) for w in doc.warnings] == [(1, "numbering-start")]
    assert doc.warnings[0].message == "这一级编号从 （三） 开始，四、 一级也不从头编号"
    assert "此前的一、二、三、（一）（二）不在本文中" in doc.warnings[0].hint
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["s0-3", "s0-4", "s4", "s4-1"]
    assert doc.completeness == "节选" and "一、二、三、（一）（二）" in doc.missing


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
    assert [c.anchor for c in doc.clauses] == ["c1", "a1", "a1-p1", "a2", "a2-p1", "a2-1", "a2-2",
                                               "c2", "a3", "a3-p1"]
    assert doc.clause("a2-1").title == "产品" and not doc.warnings


def test_other_common_numbering_forms():
    assert anchors("一.总体要求\n1）第一项。内容。\n(2)第二项。内容。") == [
        "s1", "s1-0-0-1", "s1-0-0-1-p1", "s1-0-0-2", "s1-0-0-2-p1"]
    assert anchors("（一）总体要求\n2017. 年份不是编号\n1.5亿元不是编号") == ["s0-1", "s0-1-p1", "s0-1-p2"]


def test_attachment_list_before_the_signature_is_not_an_attachment():
    doc = parse_text("一、总体要求\n内容。\n附件：重点任务分工\n国务院\n2018年12月21日\n附件\n重点任务分工\n1.任务。内容。")
    # the list of attachments ends the body: a clause of the body's level, not s1's paragraph
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-p1", "p1", "p2", "p3", "annex-1", "annex-1-title",
                                               "annex-1-s0-0-1", "annex-1-s0-0-1-p1"]


@pytest.mark.parametrize("kind", ["公告", "通知", "通告"])
def test_the_closing_formula_and_the_attachment_list_end_the_body_not_its_last_item(kind):
    doc = parse_text(f"某某局关于某事项的{kind}\n现将有关事项{kind}如下：\n一、总体情况\n抽查300批次。\n二、处理措施\n"
                     f"（一）依法处理。\n（二）请各地报送处理情况。\n特此{kind}。\n附件：1.抽查产品目录\n2.不合格企业名单\n"
                     "（3）承检机构名单\n某某局\n2024年3月15日\n附件1\n抽查产品目录\n一、电子电器。内容。")
    top = [(c.anchor, c.text) for c in doc.clauses if c.parent is None and c.kind == "paragraph"]
    assert top == [("p1", f"现将有关事项{kind}如下："), ("p2", f"特此{kind}。"), ("p3", "附件：1.抽查产品目录"),
                   ("p4", "2.不合格企业名单"), ("p5", "（3）承检机构名单")]
    assert [c.anchor for c in doc.clauses if c.parent == "s2"] == ["s2-1", "s2-2"]
    assert not [c for c in doc.clauses if c.parent == "s2-2"]
    assert [c.text for c in doc.clauses if c.kind == "signature"] == ["某某局", "2024年3月15日"]
    assert not [w for w in doc.warnings if w.code != "empty-heading"]


def test_a_numbered_item_after_the_attachment_list_s_entries_is_not_one_of_them():
    doc = parse_text("一、总体要求\n内容。\n附件：1.甲名单\n2.乙名单\n二、工作安排\n内容。")
    assert [c.anchor for c in doc.clauses] == ["s1", "s1-p1", "p1", "p2", "s2", "s2-p1"]


# --- laws, regulations and 办法: 编/章/节/条, items inside articles, history, contents

MEASURES = """上海市某某管理办法
第一章　总　　则
第一条（目的和依据）
为了规范管理，根据有关法律，制定本办法。
第二条【适用范围】本办法适用于本市行政区域。
第 三 条 本办法所称产品包括：
（一）甲；
（二）乙，包括：
1.丙；
2.丁，具体为：
（1）戊；
（2）己。
有前款情形的，从其规定。
第二章 管理
第一节 一般规定
第四条 单位应当：
1.做好；
2.做到。
第二节 特别规定
第五条 其他事项另行规定。"""


def test_chapters_sections_and_articles_have_their_own_anchors():
    doc = parse_text(MEASURES)
    assert [c.anchor for c in doc.clauses] == [
        "title", "c1", "a1", "a1-p1", "a2", "a2-p1", "a3", "a3-p1", "a3-1", "a3-2", "a3-2-1", "a3-2-2", "a3-2-2-1",
        "a3-2-2-2", "a3-p2", "c2", "c2-s1", "a4", "a4-p1", "a4-1", "a4-2", "c2-s2", "a5", "a5-p1"]
    assert doc.warnings == []  # 第四条 → 1. is the article's own nesting, not a skipped level
    assert doc.clause("c1").title == "总则" and doc.clause("c1").text == "总\u3000\u3000则"
    assert doc.clause("c2-s1").parent == "c2" and doc.clause("a4").parent == "c2-s1"
    assert doc.clause("a3-p2").parent == "a3"  # a paragraph after the items is the article's next 款


def test_bracketed_article_titles_alone_or_run_in_are_the_clause_title():
    doc = parse_text(MEASURES)
    # the title is the bracket's words; the heading keeps them as printed
    assert (doc.clause("a1").title, doc.clause("a1-p1").text) == ("目的和依据", "为了规范管理，根据有关法律，制定本办法。")
    assert (doc.clause("a2").title, doc.clause("a2-p1").text) == ("适用范围", "本办法适用于本市行政区域。")
    assert (doc.clause("a1").text, doc.clause("a2").text) == ("（目的和依据）", "【适用范围】")
    views = {v.anchor: v for v in clause_views(doc)}
    assert views["a1"].toc_label == "第一条目的和依据" and views["a1"].label == "第一条（目的和依据）"
    records = {r["anchor"]: r for r in clause_records(doc, "/")}
    assert records["a2"]["citation"].endswith("第二条适用范围")
    assert records["a3-2-2-1"]["citation"].endswith("第 三 条（二）2.（1）戊")


@pytest.mark.parametrize("line, anchor", [("第一百零一条 附则。", "a101"), ("第一百一十条 附则。", "a110"),
                                          ("第 十 条　附则。", "a10"), ("第二十条附则。", "a20")])
def test_article_numbers_with_zero_and_spaces(line, anchor):
    doc = parse_text(f"第一条 总则。\n{line}")
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["a1", anchor]


def test_volumes_chapters_and_the_table_of_contents():
    doc = parse_ingested("中华人民共和国民法典\n目　　录\n第一编　总则\n第一章　基本规定\n第二章　自然人\n第二编　物权\n第一章　通则\n"
                         "第一编　总则\n第一章　基本规定\n第一条　为了保护民事主体的合法权益，制定本法。\n第二章　自然人\n"
                         "第二条　自然人的民事权利能力一律平等。\n第二编　物权\n第一章　通则\n第三条　本编调整物权关系。")
    assert doc.title == "中华人民共和国民法典" and doc.warnings == []
    # the 目录 is no structure: its lines are removed (and reported), the headings it lists are the text's
    assert [c.anchor for c in doc.clauses] == [
        "title", "b1", "b1-c1", "a1", "a1-p1", "b1-c2", "a2", "a2-p1", "b2", "b2-c1", "a3", "a3-p1"]
    assert [(r.lineno, r.reason) for r in doc.source.removed] == [(n, "contents") for n in range(2, 8)]


_PLAN_BODY = ("第一章　发展基础\n\n全省计量工作取得显著成效。\n\n第二章　主要任务\n\n一、加强计量标准建设\n\n"
              "新建社会公用计量标准。\n\n第三章　保障措施\n\n加强组织领导。")


@pytest.mark.parametrize("contents", [
    "目　录\n\n第一章　发展基础\n第二章　主要任务\n第三章　保障措施\n\n",  # a blank line after 目录 and after it
    "目录\n第一章　发展基础\n\n第二章　主要任务\n\n第三章　保障措施\n\n",  # a blank line between its entries
    "目录\n第一章 发展基础………………1\n第二章 主要任务…………3\n第三章 保障措施…………9\n",  # dot leaders, pages
    "目　录\n第一章　发展基础　1\n　一、取得的成效　2\n第二章　主要任务　4\n第三章　保障措施　9\n",  # sub-entries, pages
])
def test_a_plans_table_of_contents_is_no_structure_whatever_its_spacing(contents):
    text = "某省“十四五”计量发展规划\n\n某省市场监督管理局\n2022年3月18日\n\n" + contents + _PLAN_BODY
    doc = parse_ingested(text)
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["c1", "c2", "c2-1", "c3"]
    assert doc.warnings == []
    toc = [r.text for r in doc.source.removed if r.reason == "contents"]
    assert toc[0].replace("　", "") == "目录" and len(toc) == len([ln for ln in contents.split("\n") if ln.strip()])


def test_contents_without_a_repeat_end_at_the_blank_line():
    """No entry printed again (the text opens with a preface): the 目录 ends at its blank line."""
    doc = parse_ingested("某市质量发展规划\n目录\n一、发展基础\n二、主要任务\n\n为推动质量发展，制定本规划。\n"
                         "一、发展基础\n成效显著。\n二、主要任务\n加强计量。")
    assert [c.anchor for c in doc.clauses] == ["title", "p1", "s1", "s1-p1", "s2", "s2-p1"]
    assert [r.lineno for r in doc.source.removed] == [2, 3, 4]


def test_a_line_saying_mulu_before_prose_is_kept():
    doc = parse_ingested("某市质量发展规划\n目录\n本规划分为三部分。\n一、发展基础\n成效显著。")
    assert doc.source.removed == [] and "目录" in [c.text for c in doc.clauses]


def test_a_plans_outline_numbers_from_its_chapters():
    doc = parse_text("某省质量发展规划\n第一章 发展基础\n一、取得的成绩\n（一）质量水平提升。内容。\n第二章 总体要求\n"
                     "（一）指导思想。内容。\n1.细则。内容。\n第三章 主要任务\n第一节 夯实基础\n一、加强计量。内容。")
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == [
        "c1", "c1-1", "c1-1-1", "c2", "c2-1", "c2-1-1", "c3", "c3-s1", "c3-s1-1"]
    assert doc.warnings == []


def test_history_lines_are_metadata_not_title():
    doc = parse_text("中华人民共和国标准化法\n1988年12月29日 第七届全国人民代表大会常务委员会第五次会议通过\n"
                     "2017年11月4日 第十二届全国人民代表大会常务委员会第三十次会议修订\n第一章 总则\n第一条 为了加强标准化工作，制定本法。\n"
                     "第二条 本法所称标准，是指需要统一的技术要求。")
    assert doc.title == "中华人民共和国标准化法"
    assert [c.anchor for c in doc.clauses[:4]] == ["title", "history-1", "history-2", "c1"]
    assert [(e.date, e.action, e.by) for e in doc.history] == [
        ("1988-12-29", "adopted", "第七届全国人民代表大会常务委员会第五次会议"),
        ("2017-11-04", "revised", "第十二届全国人民代表大会常务委员会第三十次会议")]


def test_a_bracketed_history_line_holds_several_events():
    doc = parse_text("中华人民共和国产品质量法（2018年修正）\n（1993年2月22日第七届全国人民代表大会常务委员会第三十次会议通过　"
                     "根据2000年7月8日第九届全国人民代表大会常务委员会第十六次会议《关于修改〈中华人民共和国产品质量法〉的决定》"
                     "第一次修正）\n第一章　总　　则\n第一条　为了加强对产品质量的监督管理，制定本法。\n第二条　从事产品生产、销售活动，必须遵守本法。")
    assert doc.title == "中华人民共和国产品质量法"
    assert [(e.date, e.action) for e in doc.history] == [("1993-02-22", "adopted"), ("2000-07-08", "amended")]
    assert doc.history[1].text.endswith("的决定》第一次修正")  # 修改 inside the decision's title is no event


def test_a_heading_alone_on_its_line_is_never_joined_to_its_body():
    wrapped = ("一、持续完善质量基础设施体系建设工作\n加快构建统一高效的计量标准认证认可检验检\n测体系，推动质量基础设施互联互通和协同服\n"
               "务，提升质量基础设施对产业发展的支撑能力\n和服务水平，为质量强省建设提供有力保障。\n二、全面提升产品和工程服务质量水平\n"
               "推动产品质量提档升级，加强工程质量监管，\n提升服务质量水平，培育一批质量标杆企业和\n品牌，形成质量发展的良好态势和社会氛围。\n"
               "各地区各部门要加强组织领导，确保取得实\n效。\n2023年8月1日")
    doc = parse_text(wrapped)
    assert doc.clause("s1").title == "持续完善质量基础设施体系建设工作"
    assert doc.clause("s1-p1").text.startswith("加快构建") and doc.clause("s1-p1").text.endswith("有力保障。")
    assert doc.clause("s2").title == "全面提升产品和工程服务质量水平"
    # the last words of a sentence above the date are not a signature
    assert doc.clause("s2-p2").text == "各地区各部门要加强组织领导，确保取得实效。"


def test_a_title_printed_twice_is_one_title():
    doc = parse_text("关于开展质量月活动的通知\n关于开展质量月活动的通知\n各区市场监管局：\n现将有关事项通知如下。")
    assert doc.title == "关于开展质量月活动的通知" and doc.clause("title").title == doc.title
    doc = parse_text("关于开展质量月活动的通知\n沪市监质〔2023〕5号\n关于开展质量月活动的通知\n各区市场监管局：\n现将有关事项通知如下。")
    assert doc.title == "关于开展质量月活动的通知"
    assert [c.anchor for c in doc.clauses] == ["title", "docno", "title-dup2", "p1", "p2"]


def test_a_text_that_starts_mid_way_says_what_is_missing():
    doc = parse_text("（二）主要目标\n到2025年，目标。\n三、主要任务\n（三）任务。内容。")
    assert doc.completeness == "节选"
    assert doc.missing == "正文从“（二）主要目标”开始，此前的一、二、（一）不在本文中"
    doc = parse_text("第五条 本条例自公布之日起施行。\n第六条 其他。")
    assert (doc.completeness, doc.missing) == ("节选", "正文从“第五条”开始，此前的第一条至第四条不在本文中")
    assert parse_text("一、总体要求\n（一）目标。内容。").completeness == ""


def test_an_inserted_article_and_chapters_numbered_like_an_outline():
    doc = parse_text("某某市标准化管理办法\n一、总则\n第一条 为加强标准化管理，制定本办法。\n第二条 本办法适用于本市。\n二、管理\n"
                     "第三条 市场监管部门负责。\n第三条之一　新增条款。\n第三条之二（过渡）新增条款。\n第四条 其他。")
    headings = [c.anchor for c in doc.clauses if c.kind == "heading"]
    assert headings == ["c1", "a1", "a2", "c2", "a3", "a3z1", "a3z2", "a4"]
    assert doc.clause("a3z2").title == "过渡" and doc.clause("a3z1-p1").text == "新增条款。"
    assert doc.warnings == []


def test_a_box_belongs_to_the_section_it_is_printed_in():
    doc = parse_text("纲要\n第一篇　开启新征程\n第一章　发展环境\n第一节　发展基础\n专栏1　主要指标\n1.地区生产总值年均增长5%左右；")
    assert doc.clause("box-1").parent == "b1-c1-s1" and doc.clause("box-1-1").parent == "box-1"


def test_an_announcements_attachment_labelled_without_a_number():
    doc = parse_text("国家市场监督管理总局关于批准发布《XX》国家标准的公告\n2023年第5号\n批准发布以下国家标准，现予公告。\n"
                     "附件：国家标准目录\n市场监管总局\n2023年3月17日\n附件：\n国家标准目录\n一、强制性国家标准\n（一）产品安全标准。内容。")
    assert [c.anchor for c in doc.clauses] == ["title", "docno", "p1", "p2", "p3", "p4", "annex-1", "annex-1-title",
                                               "annex-1-s1", "annex-1-s1-1", "annex-1-s1-1-p1"]
    assert doc.clause("docno").text == "2023年第5号" and doc.clause("annex-1-title").title == "国家标准目录"


def test_a_short_item_among_long_ones_is_no_heading_without_body():
    doc = parse_text("某某条例\n第一条 有下列情形之一的，责令改正：\n（一）违反本条例第五条规定，未按照要求建立质量管理制度、未配备相应检验设备或者"
                     "检验人员不具备资格的，责令限期改正。逾期不改的，处以罚款。\n（二）违反本条例第六条规定，擅自改变产品标识、伪造产品产地或者"
                     "冒用他人厂名厂址的，没收违法所得。情节严重的，吊销许可证。\n（三）其他违法行为。\n第二条 本条例自公布之日起施行。")
    assert doc.warnings == [] and doc.completeness == ""


# --------------------------------------------------------------------------- the genre's heads and parts
def test_an_announcement_is_its_own_body_and_its_attachments_tables_are_rebuilt():
    """A 公告 that says "现将有关情况公告如下" transmits nothing: its 附件1, 附件2 after the date
    are its attachments, each with its table (header cells 产品类别, 企业名称, 抽查批次 …)."""
    doc = parse_ingested("某某局关于2023年产品质量监督抽查情况的公告\n2024年第3号\n为加强监管，组织开展了抽查。现将有关情况公告如下：\n"
                     "一、总体情况\n抽查产品共300批次。\n附件：1.抽查产品目录\n2.不合格企业名单\n某某局\n2024年3月15日\n"
                     "附件1\n抽查产品目录\n序号\n产品类别\n产品名称\n抽查批次\n1\n电子电器\n电动自行车\n452\n2\n轻工\n儿童用品\n986\n"
                     "附件2\n不合格企业名单\n序号\n企业名称\n产品名称\n不合格项目\n1\n某某电动车有限公司\n电动自行车\n整车质量\n")
    assert not [c for c in doc.clauses if c.anchor.startswith("notice")]
    assert [c.anchor for c in doc.clauses if c.kind in ("part", "table", "row")] == [
        "annex-1", "annex-1-t1", "annex-1-t1-r1", "annex-1-t1-r2", "annex-2", "annex-2-t1", "annex-2-t1-r1"]
    assert doc.clause("annex-1-t1-r2").cells == ("2", "轻工", "儿童用品", "986")
    assert doc.clause("annex-2-t1").title == "不合格企业名单"  # the caption, not glued to the header cells
    assert doc.clause("annex-2-t1-r1").title == "某某电动车有限公司"


def test_a_notice_that_only_addresses_someone_is_its_own_body():
    """"现将有关事项通知如下" is no transmittal: the 附件 after its date is its own attachment."""
    doc = parse_text("某某市市场监督管理局关于开展质量月活动的通知\n各区市场监管局：\n为做好质量月活动，现将有关事项通知如下：\n"
                     "一、活动主题\n质量强国，全民参与。\n某某市市场监督管理局\n2023年8月1日\n附件：\n活动安排表\n一、启动仪式\n内容。")
    assert [c.anchor for c in doc.clauses][:3] == ["title", "p1", "p2"]
    assert doc.clause("annex-1").kind == "part" and doc.clause("annex-1-title").title == "活动安排表"


@pytest.mark.parametrize("head, events", [
    # a cited title broken over two lines (an open 《 and 〈)
    ("2017年12月27日 第十二届全国人民代表大会常务委员会第三十一次会议《关于修改〈中华人民共和国招标投标法〉\n\n"
     "〈中华人民共和国计量法〉的决定》第四次修正\n2018年10月26日 第十三届全国人民代表大会常务委员会第六次会议修正",
     [("2017-12-27", "amended"), ("2018-10-26", "amended")]),
    # the meeting broken before its verb
    ("1985年9月6日 第六届全国人民代表大会常务委员会\n第十二次会议通过\n2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议"
     "《关于修改部分法律的决定》\n第一次修正", [("1985-09-06", "adopted"), ("2009-08-27", "amended")]),
    # the date alone on its line
    ("2018年10月26日\n第十三届全国人民代表大会常务委员会第六次会议修正", [("2018-10-26", "amended")]),
])
def test_a_history_broken_over_lines_keeps_every_event(head, events):
    doc = parse_text(f"中华人民共和国某某法\n{head}\n第一章 总则\n第一条 为了加强管理，制定本法。\n第二条 本法适用于境内。")
    assert [(e.date, e.action) for e in doc.history] == events
    assert doc.title == "中华人民共和国某某法" and [c.kind for c in doc.clauses][1:len(events) + 1] == ["history"] * len(events)
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["c1", "a1", "a2"]


def test_a_date_alone_before_a_title_is_no_history():
    """After a notice's date, the plan's title ("…实施方案") is no event, even though it holds 实施."""
    doc = parse_text("各区人民政府：\n现将《某某区质量提升实施方案》印发给你们。\n某某区人民政府办公室\n2024年4月8日\n"
                     "某某区质量提升实施方案\n一、工作目标\n内容。")
    assert doc.history == [] and doc.title == "某某区质量提升实施方案"


def test_the_masthead_is_no_title():
    """GB/T 9704's 版头 ("××文件") and the 文号 under it stand above the title."""
    doc = parse_text("中共某某省委办公厅 某某省人民政府办公厅文件\n某办发〔2023〕3号\n某某省质量奖管理办法\n"
                     "第一条（目的和依据）\n为了推动质量强省建设，制定本办法。\n第二条（适用范围）\n本办法适用于质量奖。")
    assert doc.title == "某某省质量奖管理办法"
    assert [(c.anchor, c.kind) for c in doc.clauses][:3] == [("masthead", "masthead"), ("docno", "docno"),
                                                            ("title", "title")]
    assert doc.clause("a1").title == "目的和依据"


def test_the_issuer_and_date_under_a_title_are_not_part_of_it():
    doc = parse_text("某某省“十四五”标准化发展规划\n某某省人民政府\n2021年12月20日\n标准是经济活动的技术支撑，制定本规划。\n"
                     "第一章 发展基础\n成效明显。")
    assert doc.title == "某某省“十四五”标准化发展规划"
    assert [c.text for c in doc.clauses[1:3]] == ["某某省人民政府", "2021年12月20日"]


def test_a_rules_bracketed_header_says_who_promulgated_it_and_from_when():
    """"（…令第71号公布　自2023年7月1日起施行）": 起 belongs to the formula, it is no one who acted."""
    doc = parse_text("计量器具检定管理办法\n（2023年5月10日国家市场监督管理总局令第71号公布　自2023年7月1日起施行）\n"
                     "第一条　为了规范检定活动，制定本办法。\n第二条　本办法适用于境内。\n本办法所称检定，是指查明的活动。")
    assert [(e.date, e.action, e.by) for e in doc.history] == [
        ("2023-05-10", "promulgated", "国家市场监督管理总局令第71号"), ("2023-07-01", "effective", "")]
    assert [c.anchor for c in doc.clauses if c.parent == "a2"] == ["a2-p1", "a2-p2"]


def test_a_list_with_a_place_column_is_a_table():
    doc = parse_ingested("某某局关于公布名牌产品名单的公告\n认定120个产品为名牌产品，现予公告。\n附件：名牌产品名单\n某某局\n2024年12月20日\n"
                         "附件：\n名牌产品名单\n序号\n企业名称\n产品名称\n所在地\n1\n东江电缆股份有限公司\n电线电缆\n东江市\n"
                         "2\n东江电器有限公司\n家用电冰箱\n北湖市")
    assert doc.clause("annex-1-t1").cells == ("序号", "企业名称", "产品名称", "所在地")
    assert [doc.clause(f"annex-1-t1-r{k}").cells for k in (1, 2)] == [
        ("1", "东江电缆股份有限公司", "电线电缆", "东江市"), ("2", "东江电器有限公司", "家用电冰箱", "北湖市")]


def test_a_regulation_in_volumes_with_items_four_deep():
    doc = parse_text("某某省质量促进条例\n（2019年9月27日某某省第十三届人民代表大会常务委员会第十四次会议通过）\n"
                     "第一编　总　　则\n第一条　为了提高质量水平，制定本条例。\n第二编　质量促进\n第一章　企业质量\n"
                     "第二条　企业应当符合下列要求：\n（一）设立质量负责人；\n（二）建立追溯制度，包括：\n1.进货查验；\n2.过程记录，其中：\n"
                     "（1）关键工序记录；\n（2）检验记录。\n企业违反前款规定的，责令改正。\n第三编　附　　则\n第三条　本条例自2020年1月1日起施行。")
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == [
        "b1", "a1", "b2", "b2-c1", "a2", "a2-1", "a2-2", "a2-2-1", "a2-2-2", "a2-2-2-1", "a2-2-2-2", "b3", "a3"]
    assert doc.clause("b1").title == "总则" and doc.clause("a2-p2").text == "企业违反前款规定的，责令改正。"
    assert doc.warnings == [] and [e.action for e in doc.history] == ["adopted"]


@pytest.mark.parametrize("long_item", [
    "（二）上一年度生产、充装、检验、检测的特种设备发生过事故并对事故负有责任，或者因特种设备生产、充装、检验、检测问题被行政处罚的；",
    "（二）违反本条例第十五条第三款规定，将禁止生产、销售的产品作为奖品、赠品的，责令改正，没收违法的奖品或者赠品。情节严重的，吊销许可证；",
    "（二）未按照规定建立质量管理制度，未配备相应检验设备，或者检验人员不具备相应资格，且逾期仍未改正的；",
])
def test_an_article_s_items_keep_their_words_as_their_text_however_long(long_item):
    doc = parse_text(f"某某办法\n第一条 有下列情形之一的，列入重点名录：\n（一）上一年度自我声明承诺换证的；\n{long_item}\n"
                     "（三）其他情形。\n第二条 本办法自公布之日起施行。")
    items = [c for c in doc.clauses if c.parent == "a1" and c.kind == "heading"]
    assert [c.number + c.text for c in items] == ["（一）上一年度自我声明承诺换证的；", long_item, "（三）其他情形。"]
    assert not [c for c in doc.clauses if c.parent in {c.anchor for c in items}]  # no paragraph under an item
    assert doc.warnings == []


@pytest.mark.parametrize("text, signature", [
    # a 公告 signed by two organs: each line of the 落款 and its date
    ("某某局关于某事的公告\n2024年第3号\n根据有关规定，现决定如下。\n特此公告。\n国家市场监督管理总局\n国家标准化管理委员会\n"
     "2024年9月12日\n", ["p3", "p4", "p5"]),
    # a 规划 signed under its title, with no preamble before its chapters
    ("西江省“十四五”标准化发展规划\n西江省人民政府\n2021年12月20日\n第一章 发展基础\n全省主导制定国际标准12项。\n"
     "第二章 总体要求\n坚持标准引领。\n", ["p1", "p2"]),
    # a transmittal notice's 落款 in Chinese numerals
    ("国务院关于印发某某方案的通知\n各省、自治区、直辖市人民政府：\n现将《某某方案》印发给你们，请认真贯彻执行。\n国务院\n"
     "二○一一年八月三十一日\n某某方案\n一、总体要求\n坚持节约优先。\n", ["notice-p3", "notice-p4"]),
])
def test_the_signature_lines_are_the_signature_not_body_paragraphs(text, signature):
    doc = parse_text(text)
    assert [c.anchor for c in doc.clauses if c.kind == "signature"] == signature
    records = {r["anchor"]: r for r in clause_records(doc, "/")}
    assert records[signature[-1]]["citation"].endswith("成文日期")
    assert records[signature[-1]]["formal_citation"].endswith("成文日期")  # a memo says where, too
    assert all(records[a]["citation"].endswith("落款") for a in signature[:-1])
    # no body paragraph is counted with them: "第N段" numbers the text's own paragraphs only
    assert not any("段" in records[a]["citation"] for a in signature)


def test_gb_t_1_1_list_items_nest_under_the_items_above_them():
    """A new numbering style is one row of patterns.NUMBERING: a）b）c） under （1）."""
    doc = parse_text("关于某事的意见\n一、总体要求\n（一）基本原则。\n1.坚持标准引领。\n（1）强化标准实施。\n"
                     "a）完善国家标准体系；\nb）推进团体标准建设。\n（2）加强监督。\n")
    items = {c.anchor: (c.number, c.style, c.parent) for c in doc.clauses if c.style == "latin"}
    assert items == {"s1-1-1-1-1": ("a）", "latin", "s1-1-1-1"), "s1-1-1-1-2": ("b）", "latin", "s1-1-1-1")}
    assert not [w for w in doc.warnings if w.code in ("level-skipped", "numbering-gap")]


@pytest.mark.parametrize("head", ["南湖区人民政府办公室文件\n\n南湖府办发〔2024〕9号\n\n", "南湖府办发〔2024〕9号\n\n", ""])
@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_a_notice_title_is_never_joined_to_its_addressee(head, gap):
    """GB/T 9704: 版头 → 文号 → title → addressee; the title (…的通知) ends its line, with or
    without the 版头 above it and whether or not a blank line follows it."""
    title = "南湖区人民政府办公室关于印发《南湖区标准化支撑产业高质量发展实施方案（2024—2026年）》的通知"
    doc = parse_text(f"{head}{title}{gap}各街道办事处、镇人民政府，区政府各部门、各直属机构：\n\n"
                     "《南湖区标准化支撑产业高质量发展实施方案（2024—2026年）》已经区政府同意，现印发给你们。\n\n"
                     "南湖区人民政府办公室\n2024年5月16日\n\n南湖区标准化支撑产业高质量发展实施方案（2024—2026年）\n\n"
                     "一、总体目标\n\n到2026年，新建地方标准15项以上。")
    assert doc.clause("notice-title").title == title
    assert doc.clause("notice-p1").text == "各街道办事处、镇人民政府，区政府各部门、各直属机构："
    assert doc.clause("notice-p2").text.startswith("《南湖区")
    assert doc.title == "南湖区标准化支撑产业高质量发展实施方案（2024—2026年）"


def test_a_title_line_followed_by_a_blank_line_ends_there():
    doc = parse_text("西江市市场监督管理局关于开展2025年电动自行车及其锂离子蓄电池产品质量安全专项整治行动的通告\n\n"
                     "为切实保障人民群众生命财产安全，市市场监督管理局决定开展专项整治。")
    assert doc.clause("title").title == "西江市市场监督管理局关于开展2025年电动自行车及其锂离子蓄电池产品质量安全专项整治行动的通告"
    assert doc.clause("p1").text.startswith("为切实保障")


def test_a_list_item_that_is_a_whole_sentence_is_a_provision_not_an_empty_heading():
    """工作要点: "8.做好标准化专家库建设。" says all it says; only a heading-shaped line (no
    sentence end) with nothing under it is missing its body."""
    doc = parse_text("一、强化标准供给\n1.加快地方标准制修订。全年制修订地方标准30项。\n2.培育团体标准。新增团体标准50项。\n"
                     "3.去年全市共发布地方标准28项，今年要在此基础上提质扩面。\n4.做好标准化专家库建设。\n"
                     "二、推进标准实施\n5.开展标准化试点示范。新建试点项目3个。\n6.加强标准实施监督。完成地方标准复审。")
    assert [w.code for w in doc.warnings] == []
    assert doc.completeness == ""
    assert doc.clause("s1-0-4").text == "做好标准化专家库建设。"
    assert doc.clause("s1-0-3").text == "去年全市共发布地方标准28项，今年要在此基础上提质扩面。"


def test_a_heading_shaped_item_with_nothing_under_it_is_still_missing_its_body():
    doc = parse_text("（一）加强组织领导\n成立领导小组，统筹推进。\n（二）强化资金保障\n（三）严格考核评估\n"
                     "将工作纳入考核。\n（四）加强宣传引导\n开展宣传活动。")
    assert [(w.code, w.line) for w in doc.warnings] == [("empty-heading", 3)]
    assert doc.completeness == "不完整"


def test_a_sentence_title_alone_among_titles_with_bodies_below_is_missing_its_body():
    """Where the peers print "（十七）title。" alone and their bodies below, a "（十八）title。" with
    nothing under it lost its body (corpus text 01)."""
    doc = parse_text("（一）加强组织领导。\n成立领导小组，统筹推进。\n（二）强化资金保障。\n（三）严格考核评估。\n"
                     "将工作纳入考核。\n（四）加强宣传引导。\n开展宣传活动。")
    assert [(w.code, w.line) for w in doc.warnings] == [("empty-heading", 3)]


def test_an_excerpt_s_missing_numbers_are_listed_apart():
    """"第一章至第四章、第一条至第四十九条", "第一条、第二条": each missing run its own."""
    doc = parse_text("第五章　监督管理\n第五十条 主管部门可以采取同行评议等方式进行监督。\n第五十一条 主管部门应当进行监督。")
    assert doc.missing == "正文从“第五章监督管理”开始，此前的第一章至第四章、第一条至第四十九条不在本文中"
    doc = parse_text("第三条 本办法由市场监管局负责解释。\n第四条 本办法自公布之日起施行。")
    assert doc.missing == "正文从“第三条”开始，此前的第一条、第二条不在本文中"


def test_a_wrapped_line_that_ends_in_a_kind_word_still_runs_on():
    """Inside an open 《 a line ending in 规划 is no title: the sentence runs on past the page break."""
    first = "各地各有关部门要结合本地区本部门工作实际认真组织学习贯彻落实国务院印发的《计量发展规划"
    doc = parse_text(f"（一）强化规划引领\n{first}\n\n（2021—2035年）》，制定具体措施。")
    assert doc.clause("s0-1-p1").text == f"{first}（2021—2035年）》，制定具体措施。"


def test_a_numbered_list_under_a_mulu_line_that_the_text_never_heads_is_kept():
    """An attachment's 目录 of standards is content: its entries are no headings printed again."""
    doc = parse_ingested("某某局关于发布标准的公告\n现予以公告。\n某某局\n2024年3月1日\n附件1\n目录\n1.质量管理体系要求\n"
                         "2.质量计划指南\n附件2\n说明\n以上标准自发布之日起实施。")
    assert doc.source.removed == []
    assert "1.质量管理体系要求" in "".join(c.number + c.text for c in doc.clauses)


# --- items restart inside each 款 (条 → 款 → 项 → 目)

TWO_LISTS = """某某市反不正当竞争条例
第一条 为了制止不正当竞争，制定本条例。
第二条 投标者之间不得采用下列手段串通投标：
（一）抬高标价；
（二）轮流中标，包括：
1.事先约定；
2.事后补偿。
投标者与招标者不得采用下列手段相互勾结，以排挤竞争对手的公平竞争：
（一）擅自开启标书；
（二）泄露标底。
违反前两款规定的，中标无效。
第三条 经营者有下列行为之一的，责令改正：
（一）甲；
（二）乙。
有前款第（一）项行为，情节严重的：
（一）罚款；
（二）吊销执照。"""


def test_a_later_kuan_that_opens_a_list_holds_its_own_items_numbered_from_one():
    doc = parse_text(TWO_LISTS)
    assert [c.anchor for c in doc.clauses] == [
        "title", "a1", "a1-p1", "a2", "a2-p1", "a2-1", "a2-2", "a2-2-1", "a2-2-2",
        "a2-p2", "a2-p2-1", "a2-p2-2", "a2-p3",
        "a3", "a3-p1", "a3-1", "a3-2", "a3-p2", "a3-p2-1", "a3-p2-2"]
    assert doc.warnings == []  # a list of its own: no numbering-order, no duplicate anchor
    assert doc.clause("a2-p2-1").parent == "a2-p2" and doc.clause("a2-p2-1").title == "擅自开启标书"
    assert doc.clause("a2-p3").parent == "a2"  # the 款 after the second list is the article's own
    records = {r["anchor"]: r for r in clause_records(doc, "/")}
    assert records["a2-p2-1"]["formal_citation"].endswith("第二条第二款第（一）项")
    assert records["a2-1"]["formal_citation"].endswith("第二条第（一）项")


def test_an_article_s_list_that_goes_on_after_a_paragraph_keeps_the_article_s_anchors():
    # only a list that starts again from （一） is a 款's own; one 款 with items keeps aN-M
    doc = parse_text("第一条 总则。\n第二条 下列单位应当：\n（一）甲；\n其中包括下列：\n（二）乙。\n"
                     "第三条 本条例所称经营者，是指：\n前款所称的：\n（一）丙；\n（二）丁。")
    assert [c.anchor for c in doc.clauses if c.kind == "heading"] == ["a1", "a2", "a2-1", "a2-2", "a3",
                                                                       "a3-1", "a3-2"]


def test_a_contact_line_after_the_last_item_is_the_whole_text_s():
    doc = parse_text("关于开展计量服务活动的通知\n各乡镇市场监管所：\n现将有关事项通知如下：\n一、活动内容\n开展计量体检。\n"
                     "二、工作要求\n（一）加强组织领导。各单位要明确专人负责。\n（二）强化信息报送。每季度报送进展。\n"
                     "联系人：周晓明，电话：0739-5821306\n柳塘县市场监督管理局\n2024年3月8日")
    contact = next(c for c in doc.clauses if c.text.startswith("联系人"))
    assert (contact.anchor, contact.parent) == ("p3", None)  # not s2-2-p1, the last item's paragraph
    assert doc.clause("p4").kind == "signature" and doc.clause("p4").text == "柳塘县市场监督管理局"
    # where items follow it, it is the item's own (报名方式: 联系人 …)
    doc = parse_text("关于举办培训班的通知\n一、报名方式\n联系人：张三，电话：12345678\n二、其他\n食宿自理。")
    assert next(c for c in doc.clauses if c.text.startswith("联系人")).parent == "s1"


def test_a_cover_s_issuer_line_is_never_joined_to_the_title_even_in_hard_wrapped_text():
    body = "\n".join("这是一行按固定宽度折行的正文文字，用来让全文看起来是折行的样子，" for _ in range(10))
    doc = parse_text(f"赤松省“十四五”计量发展规划\n赤松省市场监督管理局\n第一章 发展基础\n{body}")
    assert doc.title == "赤松省“十四五”计量发展规划"
    assert (doc.clause("p1").kind, doc.clause("p1").text) == ("signature", "赤松省市场监督管理局")
