from pathlib import Path

from builder.extract.responsibilities import AgencyDirectory, find_responsibilities, parse_note
from builder.config import load_agencies
from builder.model import HEADING, PARAGRAPH
from tests.xref_docs import clause, document

ROOT = Path(__file__).resolve().parents[2]
DIRECTORY_AGENCIES = load_agencies(ROOT / "site_config" / "agencies.yml")


def directory():
    return AgencyDirectory(DIRECTORY_AGENCIES)


def names(d, slugs):
    return [d.by_slug[s].name for s in slugs]


def test_provincial_note_with_lead_and_support_units_and_aliases():
    d = directory()
    doc = document("plan", [
        clause("s3-1", HEADING, "抓好质量工作考核。", number="2.", title="抓好质量工作考核"),
        clause("s3-1-p1", PARAGRAPH, "完善考核评分细则。（责任单位：省质量强省领导小组办公室。配合单位：省政府直属各相关部门，"
               "各市县政府、洋浦经济开发区管委会。）", parent="s3-1"),
        clause("s3-2", HEADING, "抓好商务服务质量提升行动。引导商业企业。（责任单位：省商务厅。配合单位：省邮政管理局、省工商局，"
               "各市县政府、洋浦经济开发区管委会）", number="13."),
    ])
    found, warnings = find_responsibilities(doc, d)
    assert warnings == []
    first, second = found
    assert first.anchor == "s3-1"  # the task, not its body paragraph
    assert names(d, first.lead) == ["省质量强省工作领导小组办公室"]  # alias normalised
    assert names(d, first.support) == ["省政府直属各相关部门", "各市县政府", "洋浦经济开发区管委会"]
    assert names(d, second.lead) == ["省商务厅"]
    assert names(d, second.support) == ["省邮政管理局", "省工商局", "各市县政府", "洋浦经济开发区管委会"]
    assert second.note.startswith("（责任单位") and second.note.endswith("管委会）")


def test_state_council_first_listed_rule_applies_from_its_note_on():
    d = directory()
    doc = document("sc", [
        clause("s2-3", PARAGRAPH, "加强顶层设计。（工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）"),
        clause("s2-4", PARAGRAPH, "推进协同。（农业农村部、财政部等负责）"),
        clause("s6-18", PARAGRAPH, "健全机制。（农业农村部、工业和信息化部牵头负责）"),
        clause("s6-19", PARAGRAPH, "强化责任。（各省级人民政府负责）"),
    ])
    found, warnings = find_responsibilities(doc, d)
    assert warnings == []
    assert [(names(d, r.lead), names(d, r.support)) for r in found] == [
        (["工业和信息化部"], ["国家发展改革委", "科技部", "农业农村部"]),
        (["农业农村部"], ["财政部"]),
        (["农业农村部", "工业和信息化部"], []),
        (["各省级人民政府"], []),
    ]


def test_without_the_rule_all_listed_units_lead_together():
    assert parse_note("农业农村部、财政部等负责", first_listed_leads=False) == (["农业农村部", "财政部"], [], False)


def test_ordinary_brackets_are_not_notes():
    for inside in ["PM10", "县", "含2017年", "由企业自行负责，政府给予适当补助，具体办法由各地制定并负责实施"]:
        assert parse_note(inside, first_listed_leads=True) is None


def test_unknown_agency_gets_a_pinyin_page_and_a_warning_at_its_line():
    d = directory()
    doc = document("plan", [clause("s1", PARAGRAPH, "任务。（责任单位：省大数据局。）", line=42)])
    found, warnings = find_responsibilities(doc, d)
    assert found[0].lead == ("sheng-da-shu-ju-ju",)
    assert [(w.line, w.code) for w in warnings] == [(42, "unknown-agency")]
    assert "sheng-da-shu-ju-ju" in d.unlisted


def test_corpus_02_state_council_notes():
    text = (ROOT / "tests" / "fixtures" / "02_nongjihua_zhidao_yijian_2018.txt").read_text(encoding="utf-8")
    doc = document("corpus02", [clause(f"p{i}", PARAGRAPH, line, line=i)
                                for i, line in enumerate(text.splitlines(), 1) if line.strip()])
    found, warnings = find_responsibilities(doc, directory())
    assert warnings == []
    assert len(found) == 18
    assert all(len(r.lead) >= 1 for r in found)
    assert found[0].lead == ("gong-ye-he-xin-xi-hua-bu",)


def test_an_unknown_agency_is_reported_by_each_document_that_names_it():
    """What a document's report says does not depend on which documents the same process read
    before it (one process, or a worker, or the cache): each warns where it first names the unit."""
    d = directory()
    for slug in ("plan-a", "plan-b"):
        doc = document(slug, [clause("s1", PARAGRAPH, "任务。（责任单位：区市场监管局。）", line=7),
                              clause("s2", PARAGRAPH, "任务。（责任单位：区市场监管局。）", line=9)])
        _, warnings = find_responsibilities(doc, d)
        assert [(w.line, w.code) for w in warnings] == [(7, "unknown-agency")]


def test_a_unit_named_index_never_takes_the_agency_index_pages_slug():
    """A 责任单位 note naming a unit "index" made agencies/index.md its page, in place of the
    list of every unit (an attack on the build found it)."""
    unit = AgencyDirectory([]).resolve("index")
    assert unit.slug != "index" and unit.name == "index"
