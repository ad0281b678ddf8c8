"""Golden tests for the tables of tests/fixtures/20–22, written by reading the texts: every row
and its anchor, the cells a reader sees in each column, who leads each task."""
from __future__ import annotations

from builder.extract.responsibilities import AgencyDirectory, find_responsibilities
from builder.model import ROW, TABLE


def table_rows(doc, table):
    return [(c.anchor, c.cells) for c in doc.clauses if c.kind == ROW and c.parent == table]


def test_corpus_20_action_plan_indicator_table_and_task_table(corpus_docs):
    doc = corpus_docs["20"]
    assert [(c.anchor, c.parent, c.title) for c in doc.clauses if c.kind == TABLE] == [
        ("t1", "s1", "临湖区质量强区建设主要指标"),
        ("annex-1-t1", "annex-1", "临湖区质量强区建设重点任务分工表")]
    assert doc.clause("t1").cells == ("序号", "指标名称", "2024年", "2025年", "2026年", "牵头单位")
    indicators = table_rows(doc, "t1")
    assert [a for a, _ in indicators] == [f"t1-r{k}" for k in range(1, 7)]
    # the same yearly target in three consecutive cells, and "/" twice, are all there
    assert indicators[2][1][2:5] == ("稳定在98%以上",) * 3
    assert indicators[4][1] == ("5", "主导产业企业主导或参与制修订国际标准数（项）", "/", "/", "2", "区市场监管局")
    assert indicators[5][1][2:] == ("99", "99", "99", "区行政服务中心")
    tasks = table_rows(doc, "annex-1-t1")
    assert [a for a, _ in tasks] == ["annex-1-t1-g1", "annex-1-t1-r1", "annex-1-t1-r2", "annex-1-t1-r3",
                                     "annex-1-t1-g2", "annex-1-t1-r4", "annex-1-t1-r5", "annex-1-t1-r6"]
    assert tasks[0][1] == ("一、夯实质量基础",) and tasks[4][1] == ("二、提升重点领域质量",)
    assert tasks[6][1] == ("5", "开展农产品质量安全专项整治，发现问题15天内完成整改", "区农业农村委", "", "15天内完成")
    assert doc.clause("s2").title == "重点任务"  # the text after the first table goes on as before
    assert not [w for w in doc.warnings if w.code in ("table-row", "duplicate-line")]


def test_corpus_20_task_table_gives_each_row_its_units(corpus_docs, config):
    doc = corpus_docs["20"]
    directory = AgencyDirectory(config.agencies)
    found, _ = find_responsibilities(doc, directory)
    duties = {r.anchor: ([directory.by_slug[s].name for s in r.lead], [directory.by_slug[s].name for s in r.support])
              for r in found}
    assert duties == {
        **{f"t1-r{k}": ([lead], []) for k, lead in enumerate(
            ["区经济信息化委", "区市场监管局", "区市场监管局", "区市场监管局", "区市场监管局", "区行政服务中心"], 1)},
        "annex-1-t1-r1": (["区市场监管局"], ["区政府办公室", "区发展改革委"]),
        "annex-1-t1-r2": (["区市场监管局"], ["区经济信息化委", "区科委"]),
        "annex-1-t1-r3": (["区市场监管局"], ["区经济信息化委"]),
        "annex-1-t1-r4": (["区经济信息化委"], ["区市场监管局", "区商务委"]),
        "annex-1-t1-r5": (["区农业农村委"], []),
        "annex-1-t1-r6": (["区建设管理委"], ["区房管局"]),
    }


def test_corpus_21_plan_indicator_table_with_merged_category_cells(corpus_docs):
    doc = corpus_docs["21"]
    table = doc.clause("t1")
    assert (table.parent, table.title) == ("s2-2", "表1\u3000东海省“十四五”质量发展主要指标")
    assert table.cells == ("类别", "指标", "2020年", "2025年", "属性")
    assert table_rows(doc, "t1") == [
        ("t1-r1", ("质量基础", "国家和省级质量标准实验室数量（个）", "42", "60", "预期性")),
        ("t1-r2", ("质量基础", "主导或参与制修订国际标准数（项）", "65", "〔100〕", "预期性")),
        ("t1-r3", ("产品质量", "制造业产品质量合格率（%）", "93.6", "≥95", "约束性")),
        ("t1-r4", ("产品质量", "主要农产品质量安全例行监测合格率（%）", "98.2", "≥98", "约束性")),
        ("t1-r5", ("服务质量", "公共服务质量满意度（分）", "80.5", "≥83", "预期性")),
    ]
    # the note under the table is text again, and so is what follows
    assert doc.clause("s2-2-p3").text == "注：〔 〕内为五年累计数。"
    assert [doc.clause(a).title for a in ("s3", "s3-1", "s4")] == ["主要任务", "夯实质量基础设施", "保障措施"]


def test_corpus_22_announcement_list_of_standards(corpus_docs):
    doc = corpus_docs["22"]
    # (the 公告's own title and number are read by branch genre-structure: not asserted here)
    assert doc.clause("annex-1").kind == "part" and doc.clause("annex-1-t1").title == "6项推荐性国家标准目录"
    assert doc.clause("annex-1-t1").cells == ("序号", "标准编号", "标准名称", "代替标准号", "实施日期")
    rows = table_rows(doc, "annex-1-t1")
    assert [a for a, _ in rows] == [f"annex-1-t1-r{k}" for k in range(1, 7)]
    assert [cells[1:4] for _, cells in rows] == [
        ("GB/T 19015-2024", "质量管理 质量计划指南", "GB/T 19015-2021"),
        ("GB/T 19016-2024", "质量管理 项目质量管理指南", "GB/T 19016-2021"),
        ("GB/T 44561-2024", "质量管理 顾客满意 在线服务质量评价指南", ""),  # the blank line: no standard replaced
        ("GB/T 44562-2024", "检验检测机构 质量控制 通用要求", "—"),
        ("GB/T 19024-2024", "质量管理 实现财务和经济效益的指南", "GB/T 19024-2008"),
        ("GB/T 44563-2024", "产品质量安全风险监测 抽样规范", "—"),
    ]
    # 2025-03-01 alone on a line would be a crawler's timestamp anywhere else: here it is a cell
    assert {cells[4] for _, cells in rows} == {"2025-03-01"} and not doc.source.removed
    assert [c.anchor for c in doc.clauses if c.part == ""][-5:] == ["p1", "p2", "p3", "p4", "p5"]
