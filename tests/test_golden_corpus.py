"""Golden tests for the corpus texts in tests/fixtures/ (real laws, regulations and plans the
builder was not written from): anchors, titles and metadata, read off the texts by hand.
(Targets gold for these texts lives with the target tests.)"""
from __future__ import annotations

import pytest

from builder.extract.sections import sections
from builder.model import HEADING, HISTORY, ITEM, PARAGRAPH
from builder.render import clause_records, clause_views, document_record, environment, version_links
from builder.render_links import plain_links
from builder.versions import UNCHANGED, compare


def headings(doc, prefix):
    return [c for c in doc.clauses if c.kind == HEADING and c.anchor.startswith(prefix)]


def articles(doc):
    return [c.anchor for c in doc.clauses if c.kind == HEADING and c.number.strip().endswith("条")]


def history(doc):
    return [(e.date, e.action, e.by) for e in doc.meta.history]


def meta_of(doc):
    m = doc.meta
    return {"title": m.title, "issuer": m.issuer, "doc_number": m.doc_number, "date": m.date, "kind": m.kind,
            "status": m.status, "completeness": m.completeness, "jurisdiction": m.jurisdiction, "slug": m.slug}


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize("prefix, expected", [
    ("01", {"title": "计量发展规划（2013-2020年）", "issuer": "国务院", "doc_number": "国发〔2013〕10号",
            "date": "2013-03-02", "kind": "规划", "status": "", "completeness": "不完整", "jurisdiction": "国家",
            "slug": "guofa-2013-10"}),
    ("02", {"title": "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见", "issuer": "国务院",
            "doc_number": "国发〔2018〕42号", "date": "2018-12-21", "kind": "意见", "status": "", "completeness": "",
            "jurisdiction": "国家", "slug": "guofa-2018-42"}),
    ("06", {"title": "“十二五”节能减排综合性工作方案", "issuer": "国务院", "doc_number": "国发〔2011〕26号",
            "date": "2011-08-31", "kind": "方案", "status": "", "completeness": "", "jurisdiction": "国家",
            "slug": "guofa-2011-26"}),
    ("10", {"title": "中华人民共和国标准化法", "issuer": "全国人民代表大会常务委员会", "doc_number": "",
            "date": "2017-11-04", "kind": "法", "status": "", "completeness": "", "jurisdiction": "国家",
            "slug": "biaozhunhua-fa-2017"}),
    ("11", {"title": "中华人民共和国工业产品生产许可证管理条例", "issuer": "国务院", "doc_number": "",
            "date": "2005-07-09", "kind": "条例", "status": "", "completeness": "", "jurisdiction": "国家",
            "slug": "gongye-shengchan-xukezheng-tiaoli-2005"}),
    ("12", {"title": "中华人民共和国工业产品生产许可证管理条例", "issuer": "国务院", "doc_number": "",
            "date": "2023-07-20", "kind": "条例", "status": "", "completeness": "", "jurisdiction": "国家",
            "slug": "gongye-shengchan-xukezheng-tiaoli-2023"}),
    # the text names no issuer and no date: nothing is made up
    ("13", {"title": "上海市产品质量条例", "issuer": "", "doc_number": "", "date": "", "kind": "条例", "status": "",
            "completeness": "", "jurisdiction": "上海市", "slug": "shanghaishi-chanpin-zhiliang-tiaoli"}),
])
def test_metadata_read_from_the_text(corpus_docs, prefix, expected):
    assert meta_of(corpus_docs[prefix]) == expected


@pytest.mark.parametrize("prefix, events", [
    ("01", []), ("02", []), ("06", []), ("13", []),
    ("10", [("1988-12-29", "adopted", "第七届全国人民代表大会常务委员会第五次会议"),
            ("2017-11-04", "revised", "第十二届全国人民代表大会常务委员会第三十次会议")]),
    ("11", [("2005-06-29", "adopted", "国务院第97次常务会议"),
            ("2005-07-09", "promulgated", "中华人民共和国国务院令第440号"),
            ("2005-09-01", "effective", "")]),
    ("12", [("2005-07-09", "promulgated", "中华人民共和国国务院令第440号"),
            ("2023-07-20", "revised", "《国务院关于修改和废止部分行政法规的决定》")]),
])
def test_history_lines_are_metadata(corpus_docs, prefix, events):
    doc = corpus_docs[prefix]
    assert history(doc) == events
    assert [c.anchor for c in doc.clauses if c.kind == HISTORY] == [f"history-{k}" for k in range(1, len(events) + 1)]
    record = document_record(doc, "/")
    assert [(e["date"], e["action"], e["by"]) for e in record["history"]] == events


def test_the_title_is_the_name_not_its_history(corpus_docs):
    for prefix in ("10", "11", "12"):
        doc = corpus_docs[prefix]
        assert doc.title == doc.clause("title").title == doc.meta.title
        assert not any(ch.isdigit() for ch in doc.title)
    assert corpus_docs["12"].clause("history-2").text == "2023年7月20日 《国务院关于修改和废止部分行政法规的决定》修订）"


def test_a_regulations_two_texts_share_a_title_row(corpus_docs):
    """As versions, 2005 → 2023: the title no longer differs by its history lines."""
    rows = compare(corpus_docs["11"], corpus_docs["12"])
    title = next(r for r in rows if (r.old and r.old.anchor == "title") or (r.new and r.new.anchor == "title"))
    assert title.status == UNCHANGED and title.old.anchor == title.new.anchor == "title"


def test_the_page_shows_history_and_status(corpus_docs):
    doc = corpus_docs["10"]
    views = clause_views(doc)
    page = environment().get_template("document.md.j2").render(
        doc=doc, meta=doc.meta, views=views, links=plain_links(doc, views), relations=[], pinned="", versions=[])
    assert "| 沿革 | 1988年12月29日 第七届全国人民代表大会常务委员会第五次会议通过 |" in page
    assert "| 沿革 | 2017年11月4日 第十二届全国人民代表大会常务委员会第三十次会议修订 |" in page
    assert "| 状态 | 正式文本 |" in page and "# 中华人民共和国标准化法\n" in page


# --------------------------------------------------------------------------- structure
def test_10_standardisation_law(corpus_docs):
    doc = corpus_docs["10"]
    assert [(c.anchor, c.title) for c in headings(doc, "c")] == [
        ("c1", "总则"), ("c2", "标准的制定"), ("c3", "标准的实施"), ("c4", "监督管理"), ("c5", "法律责任"), ("c6", "附则")]
    assert articles(doc) == [f"a{n}" for n in range(1, 46)]
    # each chapter holds the articles printed under it
    first = {"c1": "a1", "c2": "a10", "c3": "a25", "c4": "a32", "c5": "a36", "c6": "a44"}
    for chapter, article in first.items():
        assert doc.clause(article).parent == chapter
    assert doc.clause("a9").parent == "c1" and doc.clause("a45").parent == "c6"
    # 第二条 has three paragraphs (款)
    assert [c.anchor for c in doc.clauses if c.parent == "a2"] == ["a2-p1", "a2-p2", "a2-p3"]
    assert doc.clause("a2-p3").text == "强制性标准必须执行。国家鼓励采用推荐性标准。"
    assert doc.clause("a45-p1").text == "本法自2018年1月1日起施行。"
    assert [w.code for w in doc.warnings] == ["no-metadata"]


@pytest.mark.parametrize("prefix", ["11", "12"])
def test_11_12_licence_regulation(corpus_docs, prefix):
    doc = corpus_docs[prefix]
    assert [(c.anchor, c.title) for c in headings(doc, "c")] == [
        ("c1", "总则"), ("c2", "申请与受理"), ("c3", "审查与决定"), ("c4", "证书和标志"), ("c5", "监督检查"),
        ("c6", "法律责任"), ("c7", "附则")]  # 2023 prints 总 则 and 附 则: the title has no space
    assert articles(doc) == [f"a{n}" for n in range(1, 71)]
    for chapter, article in {"c2": "a9", "c3": "a14", "c4": "a28", "c5": "a36", "c6": "a45", "c7": "a66"}.items():
        assert doc.clause(article).parent == chapter
    # 第二条: six items (（一） in 2023, (一) in 2005); 第九条: seven items, then its second 款
    assert [c.anchor for c in doc.clauses if c.parent == "a2"] == ["a2-p1"] + [f"a2-{k}" for k in range(1, 7)]
    assert doc.clause("a2-1").text == "乳制品、肉制品、饮料、米、面、食用油、酒类等直接关系人体健康的加工食品；"
    assert [c.anchor for c in doc.clauses if c.parent == "a9"] == ["a9-p1"] + [f"a9-{k}" for k in range(1, 8)] + [
        "a9-p2"]
    assert doc.clause("a9-p2").text == "法律、行政法规有其他规定的，还应当符合其规定。"
    assert doc.clause("a70-p1").text.startswith("本条例自2005年9月1日起施行。")
    assert [w.code for w in doc.warnings] == ["no-metadata"]


def test_13_shanghai_product_quality_regulation(corpus_docs):
    doc = corpus_docs["13"]
    assert [(c.anchor, c.number, c.title) for c in headings(doc, "c")] == [
        ("c1", "第一章\u3000", "总则"), ("c2", "第二章\u3000", "生产者、销售者的责任和义务"),
        ("c3", "第三章\u3000", "行政监督"), ("c4", "第四章\u3000", "社会监督"), ("c5", "第五章\u3000", "法律责任"),
        ("c6", "第六章\u3000", "附则")]
    assert articles(doc) == [f"a{n}" for n in range(1, 51)]
    for chapter, article in {"c2": "a7", "c3": "a22", "c4": "a34", "c5": "a40", "c6": "a50"}.items():
        assert doc.clause(article).parent == chapter
    # 第七条: 第一款, 第二款 introducing （一）–（三）, 第三款 ("本条第二款" is a7-p2)
    assert [c.anchor for c in doc.clauses if c.parent == "a7"] == ["a7-p1", "a7-p2", "a7-1", "a7-2", "a7-3", "a7-p3"]
    assert doc.clause("a7-p2").text == "产品质量应当符合下列要求："
    # 第十五条: the articles that cite its 第二款 and 第三款 (第四十二条) find them at a15-p2, a15-p3
    assert [c.anchor for c in doc.clauses if c.parent == "a15"] == ["a15-p1"] + [f"a15-{k}" for k in range(1, 7)] + [
        "a15-p2", "a15-p3"]
    assert doc.clause("a15-p2").text.startswith("服务业经营者在经营性服务过程中")
    assert doc.clause("a42-6-p1").text.startswith("违反本条例第十五条第三款规定")
    assert [w.code for w in doc.warnings] == ["no-metadata"]


def test_articles_are_cited_by_their_numbers(corpus_docs):
    records = {r["anchor"]: r for r in clause_records(corpus_docs["13"], "/")}
    # articles are numbered through the text: no chapter in the citation; a paragraph is a 款
    assert records["a15-2"]["citation"].startswith("《上海市产品质量条例》第十五条（二）不符合")
    assert records["a15-p2"]["citation"] == "《上海市产品质量条例》第十五条第二款"
    assert records["c2"]["citation"] == "《上海市产品质量条例》第二章生产者、销售者的责任和义务"
    views = {v.anchor: v for v in clause_views(corpus_docs["13"])}
    assert views["c2"].toc_label == "第二章\u3000生产者、销售者的责任和义务"


def test_01_plan_with_its_notice(corpus_docs):
    doc = corpus_docs["01"]
    assert [c.anchor for c in doc.clauses[:7]] == [
        "notice", "notice-title", "notice-docno", "notice-p1", "notice-p2", "notice-p3", "notice-p4"]
    assert doc.clause("title").text == "计 量 发 展 规 划（2013-2020年）"
    assert [c.anchor for c in headings(doc, "s") if c.level == 1] == [f"s{k}" for k in range(1, 7)]
    assert doc.clause("s6-30").number == "（三十）"
    assert doc.meta.missing == "“（十八）增强国防建设服务保障能力”下没有正文"


def test_02_opinion(corpus_docs):
    doc = corpus_docs["02"]
    assert [c.anchor for c in doc.clauses[:3]] == ["title", "docno", "p1"]
    assert [(c.anchor, c.title) for c in headings(doc, "s") if c.level == 1][:2] == [("s1", "总体要求"),
                                                                                  ("s2", "加快推动农机装备产业高质量发展")]
    assert doc.clause("s2-3").title == "完善农机装备创新体系"
    assert doc.clause("s8-20").title == "促进政府与市场良性互动"


def test_06_notice_then_plan(corpus_docs):
    doc = corpus_docs["06"]
    assert doc.clause("notice-title").title == "国务院关于印发“十二五”节能减排综合性工作方案的通知"
    assert doc.clause("notice-docno").text == "国发〔2011〕26号"
    assert doc.clause("s12-50").number == "（五十）"
    assert not [c for c in doc.clauses if c.kind == ITEM and c.anchor.startswith("notice")]
    assert doc.clause("notice-p4").kind == PARAGRAPH


def test_each_version_says_which_revision_made_it(corpus_docs):
    old, new = corpus_docs["11"], corpus_docs["12"]
    links = version_links([old, new])
    assert [v["made_by"] for v in links] == ["2005年7月9日 中华人民共和国国务院令第440号公布",
                                             "2023年7月20日 《国务院关于修改和废止部分行政法规的决定》修订"]
    table = environment().get_template("partials/versions.md.j2").render(versions=links, meta=new.meta, pinned="")
    assert "| 2023-07-20 | 正式文本 | 2023年7月20日 《国务院关于修改和废止部分行政法规的决定》修订 |" in table


def test_history_lines_frame_the_law_and_are_no_section_of_it(corpus_docs):
    found = sections(corpus_docs["10"])
    assert found[0].anchor == "c1" and not [s for s in found if s.anchor.startswith("history")]
