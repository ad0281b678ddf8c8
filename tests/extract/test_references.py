from builder.extract.references import (
    TitleCatalog, cited_title, cited_titles, find_references,
)
from builder.patterns import cn_to_int
from builder.model import (
    Facts,
    BOX, HEADING, ITEM, PARAGRAPH, REF_BOX, REF_CLAUSE, REF_DOCUMENT, REF_STANDARD,
    REF_UNRESOLVED,
)
from tests.xref_docs import clause, document

NATIONAL = document("national", [
    clause("s3", HEADING, "推动经济质量效益型发展", number="三、", title="推动经济质量效益型发展"),
    clause("s3-10", HEADING, "提高农产品食品药品质量安全水平。", number="(十)",
           title="提高农产品食品药品质量安全水平", parent="s3"),
    clause("box-2", BOX, "重点产品质量阶梯攀登工程", number="专栏2", title="重点产品质量阶梯攀登工程"),
], title="质量强国建设纲要", aliases=["中共中央、国务院关于印发〈质量强国建设纲要〉的通知", "纲要"])


def refs_in(text: str, extra_clauses=()):
    doc = document("citing", [clause("p1", PARAGRAPH, text), *extra_clauses])
    catalog = TitleCatalog([NATIONAL, doc])
    return doc, [(r.kind, text[r.start:r.end], r.title, r.target_doc, r.target_anchor)
                 for r in find_references(doc, catalog)]


def test_chinese_numbers():
    assert [cn_to_int(n) for n in ["一", "十", "十七", "二十一", "一百零二", "12", "３"]] == \
        [1, 10, 17, 21, 102, 12, 3]


def test_plain_and_wrapped_titles_resolve_to_the_same_document():
    _, refs = refs_in("全面落实《质量强国建设纲要》，落实《中共中央、国务院关于印发〈质量强国建设纲要〉的通知》部署要求")
    assert refs == [
        (REF_DOCUMENT, "《质量强国建设纲要》", "质量强国建设纲要", "national", ""),
        (REF_DOCUMENT, "《中共中央、国务院关于印发〈质量强国建设纲要〉的通知》", "质量强国建设纲要", "national", ""),
    ]


def test_wrapped_title_resolves_through_its_inner_title_without_an_alias():
    assert cited_title("国务院关于印发〈中国制造2025〉的通知") == "中国制造2025"
    _, refs = refs_in("按照《中共中央 国务院关于印发〈质量强国建设纲要〉的通知》要求")
    assert refs[0][0] == REF_DOCUMENT and refs[0][3] == "national"


def test_mention_naming_a_clause_links_to_the_clause():
    _, refs = refs_in("按照纲要（十）和《质量强国建设纲要》专栏2的要求")
    assert refs == [
        (REF_CLAUSE, "纲要（十）", "纲要", "national", "s3-10"),
        (REF_CLAUSE, "《质量强国建设纲要》专栏2", "质量强国建设纲要", "national", "box-2"),
    ]


def test_bare_alias_without_a_clause_number_is_an_ordinary_word():
    _, refs = refs_in("将纲要主要任务与国民经济和社会发展规划相衔接")
    assert refs == []


def test_box_mention_links_to_the_box_of_the_same_document():
    box = clause("box-1", BOX, "区域质量发展示范工程", number="专栏1")
    doc, refs = refs_in("实施区域质量发展示范工程（见专栏1），专栏9不存在", [box])
    assert refs == [(REF_BOX, "专栏1", "专栏1", "citing", "box-1")]


def test_standards_are_not_documents():
    _, refs = refs_in("水质达到《地表水环境质量标准》（GB3838-2002）Ⅲ类标准，公文格式执行GB/T 9704-2012，申请ISO22000认证，执行《生活饮用水卫生标准》")
    assert [(kind, span, title) for kind, span, title, _, _ in refs] == [
        (REF_STANDARD, "《地表水环境质量标准》（GB3838-2002）", "GB3838-2002 地表水环境质量标准"),
        (REF_STANDARD, "GB/T 9704-2012", "GB/T9704-2012"),
        (REF_STANDARD, "ISO22000", "ISO22000"),
        (REF_STANDARD, "《生活饮用水卫生标准》", "生活饮用水卫生标准"),
    ]


def test_a_document_naming_itself_is_not_a_link():
    doc = document("national-copy", [clause("title", PARAGRAPH, "中共中央 国务院印发《质量强国建设纲要》")],
                   title="质量强国建设纲要")
    assert find_references(doc, TitleCatalog([doc])) == []


def test_unresolved_titles_are_collected_with_count_and_place():
    a = document("a", [clause("s1-1", HEADING, "贯彻《海南省质量发展纲要（2013-2020年）》"),
                       clause("s1-2", ITEM, "按照《国务院关于印发〈中国制造2025〉的通知》（国发〔2015〕28号）"),
                       clause("s1-3", ITEM, "落实《海南省质量发展纲要（2013-2020年）》")])
    catalog = TitleCatalog([NATIONAL, a])
    found = Facts(references=find_references(a, catalog))
    assert {r.kind for r in found.references} == {REF_UNRESOLVED}
    cited = cited_titles([found])
    assert [(c.title, c.mentions) for c in cited] == [
        ("海南省质量发展纲要（2013-2020年）", (("a", "s1-1"), ("a", "s1-3"))),
        ("中国制造2025", (("a", "s1-2"),)),
    ]


def test_nested_double_brackets_are_one_title():
    _, refs = refs_in("《关于贯彻《质量强国建设纲要》的实施意见》")
    assert len(refs) == 1 and refs[0][0] == REF_UNRESOLVED


def test_the_catalog_digest_follows_numbers_and_names_not_texts():
    """References are kept between builds while the digest stays: it must change with what
    resolving reads (names, numbered clauses, boxes) and only with that."""
    def digest(clauses, title="质量强国建设纲要"):
        return TitleCatalog([document("national", clauses, title=title)]).digest

    base = [clause("s3", HEADING, "推动发展", number="三、", title="推动发展"),
            clause("s3-p1", PARAGRAPH, "加强质量基础设施建设。", parent="s3"),
            clause("box-2", BOX, "重点工程", number="专栏2", title="重点工程")]
    same = digest(base)
    assert digest([base[0], clause("s3-p1", PARAGRAPH, "改写的段落。", parent="s3"), base[2]]) == same
    assert digest([clause("s3", HEADING, "推动发展", number="四、", title="推动发展"), *base[1:]]) != same
    assert digest(base[:2]) != same  # the box is gone
    assert digest(base, title="质量发展纲要") != same
