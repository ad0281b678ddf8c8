"""Golden tests: the anchors, titles and structure the issue promises for each seed."""
from __future__ import annotations

from builder.model import BOX, HEADING, ITEM, PARAGRAPH, PART


def anchors(doc, kind=None, level=None):
    return [c.anchor for c in doc.clauses
            if (kind is None or c.kind == kind) and (level is None or c.level == level)]


def test_seed_000_draft_opinion(seed_docs):
    doc = seed_docs["000"]
    assert doc.title == "关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见"
    assert doc.status == "第二次征求意见稿"
    assert anchors(doc, HEADING, 1) == ["s1", "s2", "s3", "s4", "s5"]
    clauses = anchors(doc, HEADING, 2)
    assert len(clauses) == 21 and clauses[0] == "s1-1" and clauses[-1] == "s5-21"
    assert doc.clause("s1-3").title == "总体目标"
    assert doc.clause("s1-3-p1").text.startswith("到2025年")
    assert doc.clause("p1").text.startswith("为深入贯彻党的二十大精神")
    assert not doc.warnings


def test_seed_001_action_plan_with_notice(seed_docs):
    doc = seed_docs["001"]
    assert doc.title == "海南省贯彻落实质量发展纲要2017年行动计划"
    notice = [c for c in doc.clauses if c.part == "notice"]
    assert notice[0].anchor == "notice" and notice[0].kind == PART
    assert [c.text for c in notice[1:]] == [
        "各市、县、自治县人民政府，省政府直属各单位：",
        "《海南省贯彻落实质量发展纲要2017年行动计划》已经省政府同意。现印发给你们，请认真贯彻实施。",
        "海南省人民政府办公厅", "2017年2月24日"]
    assert [c.anchor for c in notice[1:]] == ["notice-p1", "notice-p2", "notice-p3", "notice-p4"]
    assert anchors(doc, HEADING, 1) == ["s1", "s2", "s3", "s4"]
    assert len(anchors(doc, HEADING, 2)) == 13
    assert len(anchors(doc, HEADING, 3)) == 32
    assert doc.clause("s3-2-5").title == "抓好市场商品质量提升行动"
    assert doc.clause("s3-1-1").title == "抓好全省质量工作会议精神和《海南省质量发展纲要（2013-2020年）》的贯彻落实"
    assert doc.clause("s3-1").title == "完善质量工作机制，强化部门联动、省市（县）互动的质量共治效应"
    assert not doc.warnings


def test_seed_002_national_outline_starts_midway(seed_docs):
    doc = seed_docs["002"]
    assert anchors(doc, HEADING, 1) == [f"s{i}" for i in range(3, 10)]
    clauses = anchors(doc, HEADING, 2)
    assert len(clauses) == 23 and clauses[0] == "s0-2" and clauses[-1] == "s9-24"
    assert doc.clause("s0-2").title == "主要目标"
    assert anchors(doc, BOX) == [f"box-{i}" for i in range(1, 7)]
    assert anchors(doc, ITEM)[:6] == [f"s0-2-d{i}" for i in range(1, 7)]
    assert doc.clause("box-2-1").title == "关键基础材料"
    assert doc.clause("s0-2-p2").text.startswith("到2035年")
    # "…推动东部地区发挥…质" / blank line / "量升级…": one paragraph across the page break
    assert "质量升级,培育形成质量发展比较优势" in doc.clause("s4-9-p1").text
    assert "推动企员、全要素" in doc.clause("s8-20-p1").text  # the source itself lost 业全 at the break
    # one cause (the excerpt starts at (二)), one warning naming both levels (genre4 round, defect 7)
    assert [w.code for w in doc.warnings] == ["numbering-start"]
    assert [r.text for r in doc.source.removed] == ["上接01版"]


def test_seed_003_news_article(seed_docs):
    doc = seed_docs["003"]
    removed = {r.text for r in doc.source.removed}
    for chrome in ("资讯中心", "来源:仪表网", "全部评论", "相关新闻", "热门视频", "相关产品", "写评论..."):
        assert chrome in removed
    assert any(t.startswith("上一篇") for t in removed) and any(t.startswith("下一篇") for t in removed)
    texts = " ".join(c.text for c in doc.clauses)
    for chrome in ("资讯中心", "全部评论", "上一篇", "写评论", "27305"):
        assert chrome not in texts
    paragraphs = [c for c in doc.clauses if c.kind == PARAGRAPH]
    assert [c.anchor for c in paragraphs] == [f"p{i}" for i in range(1, 8)]
    assert [c.title for c in paragraphs if c.title] == [
        "建设现代化计量保障体系", "建设检测认证支撑服务体系", "健全质量人才队伍体系",
        "强化质量发展对国家重大战略服务保障的支撑力", "以数据赋能质量发展推动智慧化跨越"]


def test_seed_004_guangdong_outline(seed_docs):
    doc = seed_docs["004"]
    assert doc.title == "广东省质量强省建设纲要"
    assert anchors(doc, HEADING, 1) == [f"s{i}" for i in range(1, 11)]
    assert len(anchors(doc, HEADING, 2)) == 31
    assert doc.clause("s4-10").title == "提高农产品食品药品质量安全水平"
    assert doc.clause("s10-31").number == "（三十一）"
    assert not doc.warnings


def test_corpus_01_plan_with_notice_boxes_and_footnotes(corpus_docs):
    doc = corpus_docs["01"]
    assert doc.title == "计量发展规划（2013-2020年）"
    assert doc.clause("notice-title").title == "国务院关于印发计量发展规划（2013-2020年）的通知"
    assert doc.clause("notice-docno").text == "国发〔2013〕10号"
    assert anchors(doc, BOX) == [f"box-{i}" for i in range(1, 7)]
    assert doc.clause("box-1-2").title == "国家计量基标准、标准物质和量传溯源体系覆盖率达到95%以上"
    assert [c.anchor for c in doc.clauses if c.kind == "footnote"] == ["fn-1", "fn-2", "fn-3"]
    # hard-wrapped lines are joined back into one paragraph
    assert doc.clause("p1").text.endswith("特制定本规划。")
    assert doc.clause("s4-18").title == "增强国防建设服务保障能力"
    assert "empty-heading" in {w.code for w in doc.warnings}
    assert sum(w.code == "duplicate-line" for w in doc.warnings) == 3


def test_corpus_02_signature_is_document_level(corpus_docs):
    doc = corpus_docs["02"]
    assert doc.title == "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见"
    assert doc.clause("docno").text == "国发〔2018〕42号"
    assert [doc.clause(a).text for a in ("p3", "p4", "p5")] == ["国务院", "2018年12月21日", "（此件公开发布）"]
    assert doc.clause("s8-20-p1").text.endswith("（农业农村部、工业和信息化部等负责）")
    assert not any(c.part == "notice" for c in doc.clauses)


def test_corpus_06_notice_with_own_outline(corpus_docs):
    doc = corpus_docs["06"]
    assert doc.title == "“十二五”节能减排综合性工作方案"
    assert anchors(doc, HEADING, 2)[:4] == ["notice-s1", "notice-s2", "notice-s3", "notice-s4"]
    assert doc.clause("notice-p4").text == "二○一一年八月三十一日"
    assert anchors(doc, HEADING, 1)[0] == "s1" and anchors(doc, HEADING, 1)[-1] == "s12"
    assert doc.clause("s12-50").title == "政府机关带头节能减排"
    assert doc.clause("s1-2-p1").text.endswith("下降10%。")
