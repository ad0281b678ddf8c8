"""Flattened tables: recognised by their header, rebuilt as rows anchored tK-rN, read by column."""
from __future__ import annotations

import re

import pytest

from builder.config import load_agencies, load_config
from builder.extract.responsibilities import AgencyDirectory, find_responsibilities
from builder.extract.targets import extract_targets
from builder.ingest import ingest_text
from builder.model import ROW, TABLE, DocumentMeta
from builder.parse import parse
from builder.render import clause_records, clause_views, environment

from ..conftest import CONFIG, SEEDS

TASKS = """关于印发重点任务分工的通知
一、工作任务
各单位按下表分工落实。
重点任务分工表
序号
重点任务
牵头单位
配合单位
完成时限
一、夯实质量基础
1
建立质量工作领导小组
区市场监管局
区政府办公室、区发展改革委
2024年6月底前
2
开展质量问题整治，发现问题15天内完成整改
区市场监管局

15天内完成
二、提升产品质量
3
新增质量标杆企业10家
区经济信息化委
区市场监管局
2025年底前
二、保障措施
各单位要加强组织领导。
"""

YEARS = """主要指标
序号
指标名称
2024年
2025年
2026年
1
食品安全评价性抽检合格率（%）
稳定在98%以上
稳定在98%以上
稳定在98%以上
2
参与制定国际标准数（项）
/
/
2
"""

PLAN = """某省“十四五”质量发展规划
一、发展目标
至2025年，质量强省建设取得显著成效。
类别
指标
2020年
2025年
属性
质量基础
质量标准实验室数量（个）
42
60
预期性
制定国际标准数（项）
65
〔100〕
预期性
产品质量
制造业产品质量合格率（%）
93.6
≥95
约束性
二、主要任务
（一）夯实基础。加快建设实验室。
"""


@pytest.fixture(scope="module")
def config():
    return load_config(CONFIG, SEEDS)


def read(text: str, config=None, title: str = "t"):
    source = ingest_text(text, "t.txt", "utf-8", "0", config.chrome if config else [])
    return parse(source, DocumentMeta(slug="t", source="t.txt", title=title))


def rows(doc):
    return [(c.anchor, c.cells) for c in doc.clauses if c.kind == ROW]


def test_a_task_table_is_rebuilt_with_row_anchors_label_rows_and_an_empty_cell():
    doc = read(TASKS)
    table = doc.clause("t1")
    assert table.kind == TABLE and table.parent == "s1" and table.title == "重点任务分工表"
    assert table.cells == ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
    assert rows(doc) == [
        ("t1-g1", ("一、夯实质量基础",)),
        ("t1-r1", ("1", "建立质量工作领导小组", "区市场监管局", "区政府办公室、区发展改革委", "2024年6月底前")),
        # the blank line is the empty 配合单位 cell
        ("t1-r2", ("2", "开展质量问题整治，发现问题15天内完成整改", "区市场监管局", "", "15天内完成")),
        ("t1-g2", ("二、提升产品质量",)),
        ("t1-r3", ("3", "新增质量标杆企业10家", "区经济信息化委", "区市场监管局", "2025年底前")),
    ]
    assert doc.clause("t1-r3").title == "新增质量标杆企业10家"  # its 重点任务 cell names it
    # the text goes on after the table, and a cell is never glued to the next line
    assert doc.clause("s2").title == "保障措施" and doc.clause("s2-p1").text == "各单位要加强组织领导。"
    assert not doc.warnings


def test_identical_cells_in_consecutive_columns_are_kept():
    doc = read(YEARS)
    assert rows(doc) == [("t1-r1", ("1", "食品安全评价性抽检合格率（%）") + ("稳定在98%以上",) * 3),
                         ("t1-r2", ("2", "参与制定国际标准数（项）", "/", "/", "2"))]
    assert not doc.source.removed


def test_a_merged_category_cell_is_taken_from_the_row_above(config):
    doc = read(PLAN)
    assert rows(doc) == [
        ("t1-r1", ("质量基础", "质量标准实验室数量（个）", "42", "60", "预期性")),
        ("t1-r2", ("质量基础", "制定国际标准数（项）", "65", "〔100〕", "预期性")),
        ("t1-r3", ("产品质量", "制造业产品质量合格率（%）", "93.6", "≥95", "约束性")),
    ]
    assert doc.clause("t1-r2").text == "制定国际标准数（项） 65 〔100〕 预期性"  # only its own lines
    assert doc.clause("s2").title == "主要任务"


def test_cells_separated_by_blank_lines_and_a_wider_gap_for_an_empty_cell():
    text = "\n\n".join(["序号", "标准编号", "标准名称", "代替标准号", "1", "GB/T 19015-2024", "质量计划指南",
                        "GB/T 19015-2021", "2", "GB/T 44561-2024", "在线服务质量评价指南", "", "3",
                        "GB/T 44562-2024", "质量控制 通用要求", "—"]) + "\n"
    assert [cells for _, cells in rows(read(text))] == [
        ("1", "GB/T 19015-2024", "质量计划指南", "GB/T 19015-2021"),
        ("2", "GB/T 44561-2024", "在线服务质量评价指南", ""),
        ("3", "GB/T 44562-2024", "质量控制 通用要求", "—")]


def test_a_cell_spanning_the_year_columns_is_not_a_column():
    doc = read("序号\n指标\n目标值\n2025年\n2027年\n1\n检验检测机构数量（家）\n120\n150\n")
    assert doc.clause("t1").cells == ("序号", "指标", "2025年", "2027年")
    assert rows(doc) == [("t1-r1", ("1", "检验检测机构数量（家）", "120", "150"))]


def test_a_row_that_does_not_match_the_columns_keeps_its_lines_in_order_and_is_reported(config):
    text = TASKS.replace("新增质量标杆企业10家\n", "新增质量标杆企业10家，\n其中制造业企业不少于6家\n")
    doc = read(text)
    assert doc.clause("t1-r3").cells == ("3", "新增质量标杆企业10家，", "其中制造业企业不少于6家", "区经济信息化委",
                                         "区市场监管局", "2025年底前")
    warning = next(w for w in doc.warnings if w.code == "table-row")
    assert warning.line == 22 and "第5行有6个单元格，表头有5列" in warning.message  # in Chinese, with the line
    # its columns are unknown: nothing is read from it as a target
    assert not any(t.anchor == "t1-r3" for t in extract_targets(doc, config.targets)[0])


@pytest.mark.parametrize("text", [
    # no index column and no column whose cells can be checked: rows cannot be told apart
    "重点任务\n牵头单位\n配合单位\n建立领导小组\n区市场监管局\n区发展改革委\n",
    # a header with nothing after it that fits
    "序号\n重点任务\n牵头单位\n各单位要加强组织领导，确保各项任务落到实处。\n",
])
def test_where_the_header_cannot_be_read_every_line_stays_in_order(text):
    doc = read(text)
    assert not any(c.kind in (TABLE, ROW) for c in doc.clauses)
    assert "".join(c.number + c.text for c in doc.clauses) == text.replace("\n", "")


def test_the_page_break_rule_and_chrome_rules_leave_cells_alone(config):
    doc = read("附件\n序号\n标准编号\n标准名称\n实施日期\n1\nGB/T 19015-2024\n质量计划指南\n2025-03-01\n"
               "2\nGB/T 19016-2024\n项目质量管理指南\n2025-03-01\n", config)
    assert not doc.source.removed  # 2025-03-01 alone on a line is a crawler's timestamp outside a table
    assert [cells[-1] for _, cells in rows(doc)] == ["2025-03-01", "2025-03-01"]


def test_lead_and_support_columns_are_the_rows_responsibilities():
    doc = read(TASKS)
    directory = AgencyDirectory(load_agencies(CONFIG / "agencies.yml"))
    found, warnings = find_responsibilities(doc, directory)
    by_anchor = {r.anchor: r for r in found}
    assert list(by_anchor) == ["t1-r1", "t1-r2", "t1-r3"]
    names = {a: ([directory.by_slug[s].name for s in r.lead], [directory.by_slug[s].name for s in r.support])
             for a, r in by_anchor.items()}
    assert names["t1-r1"] == (["区市场监管局"], ["区政府办公室", "区发展改革委"])
    assert names["t1-r2"] == (["区市场监管局"], [])
    assert by_anchor["t1-r3"].note == "牵头单位：区经济信息化委；配合单位：区市场监管局"
    assert warnings and all("不在" in w.message for w in warnings)  # unknown units, said in Chinese


def test_a_marked_unit_leads_in_a_single_responsibility_column():
    doc = read("序号\n工作任务\n责任单位\n完成时限\n1\n建立领导小组\n区市场监管局（牵头）、区商务委\n2024年底前\n")
    directory = AgencyDirectory([])
    (duty,), _ = find_responsibilities(doc, directory)
    assert [directory.by_slug[s].name for s in duty.lead] == ["区市场监管局"]
    assert [directory.by_slug[s].name for s in duty.support] == ["区商务委"]


def test_targets_come_from_year_columns_with_their_years(config):
    found, _ = extract_targets(read(YEARS, title="x"), config.targets)
    assert [(t.anchor, t.indicator, t.comparator, t.value, t.unit, t.qualifier, t.year) for t in found] == [
        ("t1-r1", "食品安全评价性抽检合格率", "稳定在", 98, "%", "以上", year) for year in (2024, 2025, 2026)
    ] + [("t1-r2", "参与制定国际标准数", "", 2, "项", "", 2026)]
    assert all(t.text in ("稳定在98%以上", "2") for t in found)


def test_a_base_year_column_gives_no_targets_and_bracketed_totals_are_values(config):
    doc = read(PLAN)
    found, _ = extract_targets(doc, config.targets)
    assert [(t.anchor, t.indicator, t.comparator, t.value, t.unit, t.relation, t.year) for t in found
            if t.anchor.startswith("t1")] == [
        ("t1-r1", "质量标准实验室数量", "", 60, "个", "level", 2025),
        ("t1-r2", "制定国际标准数", "", 100, "项", "level", 2025),
        ("t1-r3", "制造业产品质量合格率", "≥", 95, "%", "at_least", 2025),
    ]


def test_a_task_row_is_read_from_its_task_with_the_year_of_its_deadline(config):
    found, _ = extract_targets(read(TASKS), config.targets)
    # "15天内完成" in the 完成时限 column is a deadline, not a target
    assert [(t.anchor, t.indicator, t.comparator, t.value, t.unit, t.year) for t in found] == [
        ("t1-r3", "质量标杆企业", "新增", 10, "家", 2025)]


def test_rendered_table_escapes_every_cell_and_anchors_every_row():
    hostile = TASKS.replace("建立质量工作领导小组", '<script>alert(1)</script>" onclick="x')
    doc = read(hostile)
    views = clause_views(doc)
    template = environment().from_string('{% for v in views if v.table %}{% include "partials/table.md.j2" %}'
                                         '{% endfor %}')
    html = template.render(views=views)
    assert "<script>" not in html and 'onclick="x' not in html and "&lt;script&gt;" in html
    assert re.findall(r'<tr id="([^"]+)"', html) == ["t1-g1", "t1-r1", "t1-r2", "t1-g2", "t1-r3"]
    assert '<td colspan="5">一、夯实质量基础</td>' in html
    assert "\n\n" not in html.strip()  # no blank line: Markdown keeps the block as it is


def test_a_row_is_cited_by_its_table_and_number():
    doc = read(TASKS)
    doc.meta.title = "某区行动计划"
    records = {r["anchor"]: r["citation"] for r in clause_records(doc, "https://x.org/")}
    assert records["t1-r2"] == "《某区行动计划》一、工作任务 重点任务分工表第2行"
    assert records["t1-g2"] == "《某区行动计划》一、工作任务 重点任务分工表 二、提升产品质量"
    assert records["t1"] == "《某区行动计划》一、工作任务 重点任务分工表"



def test_a_blank_line_that_moves_a_cell_makes_extraction_run_again():
    from builder.runner import clause_digest

    head = "序号\n指标\n2024年\n2025年\n1\n质量标杆企业数量（家）\n"
    first, second = read(head + "5\n\n"), read(head + "\n5\n")  # the same lines: 5 is for 2024, or for 2025
    assert [c.text for c in first.clauses] == [c.text for c in second.clauses]
    assert [t.year for t in extract_targets(second, load_config(CONFIG, SEEDS).targets)[0]] == [2025]
    assert clause_digest(first) != clause_digest(second)


def test_header_cells_are_looked_at_a_bounded_number_of_times(monkeypatch):
    """A text of nothing but header-like lines (or of many tables) costs linear time: each line
    is matched against the column names a few times, not once per header before it."""
    from builder import tables

    calls = []
    real = tables.column
    monkeypatch.setattr(tables, "column", lambda cell: calls.append(cell) or real(cell))
    for text in ("序号\n指标\n2025年\n" * 2000, "序号\n指标\n2025年\n1\n合格率\n95%\n" * 1000):
        calls.clear()
        read(text)
        assert len(calls) <= 30 * text.count("\n")


@pytest.mark.parametrize("header", [
    ["序号", "实验室名称", "所在地", "注销原因"],  # a cell of words no pattern knows, last
    ["序号", "证书编号", "单位名称", "有效期", "处理结果"],  # such cells first: only two known ones
    ["序号", "地址", "企业名称"],  # only 序号 and one known cell
])
def test_a_numbered_list_is_read_by_its_header_whatever_its_words(header):
    cells = {"实验室名称": "甲检测中心", "单位名称": "乙公司", "企业名称": "丙公司", "所在地": "辽宁省沈阳市",
             "注销原因": "主动申请退出", "证书编号": "CNAS L0001", "有效期": "2026年12月31日", "处理结果": "撤销",
             "地址": "南岭市东区"}
    want = [tuple([str(k)] + [cells[h] + ("" if k == 1 else "二") for h in header[1:]]) for k in (1, 2)]
    text = "\n".join(["附件", "名单", *header, *[c for row in want for c in row], "特此公告。"]) + "\n"
    doc = read(text)
    assert doc.clause("t1").cells == tuple(header)
    assert [cells for _, cells in rows(doc)] == want  # each cell in its own row, the last one too
    assert doc.clause("p2").text == "特此公告。" and not doc.warnings


def test_a_numbered_list_whose_rows_do_not_confirm_its_header_stays_in_order_and_is_reported():
    lines = ["序号", "实验室名称", "所在地", "注销原因", "1", "甲检测中心", "辽宁省沈阳市", "主动申请退出",
             "2", "乙检验站", "湖北省武汉市",  # its 注销原因 is missing
             "3", "丙检测公司", "广东省东莞市", "能力验证不合格"]
    doc = read("\n".join(lines) + "\n")
    assert not any(c.kind in (TABLE, ROW) for c in doc.clauses)
    assert "".join(c.number + c.text for c in doc.clauses) == "".join(lines)  # no cell moved to another row
    warning = next(w for w in doc.warnings if w.code == "table-header")
    assert warning.line == 1 and "表头“序号、实验室名称、所在地、注销原因”" in warning.message


def test_a_label_row_before_row_1_is_not_a_header_cell():
    text = "序号\n重点任务\n牵头单位\n完成时限\n质量基础\n1\n建立领导小组\n区市场监管局\n2024年6月底前\n" \
           "2\n开展质量整治\n区市场监管局\n2024年12月底前\n产品质量\n3\n培育标杆企业\n区经济信息化委\n2025年底前\n"
    doc = read(text)
    assert doc.clause("t1").cells == ("序号", "重点任务", "牵头单位", "完成时限")
    assert [a for a, _ in rows(doc)] == ["t1-g1", "t1-r1", "t1-r2", "t1-g2", "t1-r3"]


def test_a_caption_s_wide_gap_is_one_space_in_its_title_and_citations():
    doc = read("表1  “十四五”主要指标\n序号\n指标\n2025年\n1\n合格率（%）\n95\n")
    assert doc.clause("t1").title == "表1 “十四五”主要指标"
    records = {r["anchor"]: r for r in clause_records(doc, "/")}
    assert records["t1-r1"]["citation"].endswith("表1 “十四五”主要指标第1行")


GONGGAO = ("市场监管总局关于某产品质量国家监督抽查情况的公告\n2024年第31号\n现将有关情况公告如下：\n一、抽查基本情况\n"
           "本次共抽查240批次产品。\n特此公告。\n市场监管总局\n2024年8月15日\n附件2\n\n"
           "某产品质量国家监督抽查承检机构名单\n\n{}\n")


@pytest.mark.parametrize("header, table", [
    # header words no column role knows; a number in every row of one column
    (["承检机构名称", "承检省份", "批次数"],
     [["国家某某质量检验检测中心", "天津、河北、山东", "96"], ["江苏省产品质量监督检验研究院", "江苏、安徽", "72"],
      ["浙江省产品质量安全科学研究院", "浙江、福建", "72"]]),
    # the first cells of each row are as short as header cells
    (["机构", "地区", "覆盖领域", "人数"], [["甲中心", "东区", "电子电器", "12"], ["乙站", "西区", "食品", "8"]]),
])
def test_a_table_is_read_by_its_header_whatever_its_words_and_its_caption_stays_apart(header, table):
    doc = read(GONGGAO.format("\n".join(header + [c for row in table for c in row])))
    t = doc.clause("annex-2-t1")
    assert t.title == "某产品质量国家监督抽查承检机构名单" and t.cells == tuple(header)
    assert [cells for _, cells in rows(doc)] == [tuple(row) for row in table]  # every cell, in its row
    assert not any(c.anchor == "annex-2-title" for c in doc.clauses) and not doc.warnings


@pytest.mark.parametrize("lines", [
    ["机构", "地区", "领域", "甲中心", "东区", "12", "乙站", "西区"],  # the cells do not fill whole rows
    ["机构", "地区", "领域", "甲中心", "东区", "电子", "乙站", "西区", "食品"],  # no column of numbers
    ["机构", "地区", "领域", "甲中心", "东区", "12"],  # one row: a list of short lines, not a table
])
def test_short_lines_that_do_not_make_rows_stay_as_printed(lines):
    doc = read("\n".join(lines) + "\n")
    assert not any(c.kind in (TABLE, ROW) for c in doc.clauses)
    assert "".join(c.text for c in doc.clauses) == "".join(lines)


def test_an_indicator_table_without_an_index_keeps_every_cell_unit_included():
    text = ("某市质量发展规划\n一、发展目标\n到2025年，质量水平显著提升。\n表1　主要指标\n指标名称\n单位\n2020年\n2025年\n属性\n"
            "规上工业企业占比\n%\n62\n80\n预期性\n质量竞争力指数\n—\n84\n86\n预期性\n品牌企业\n家\n1,200\n1,500\n预期性\n")
    doc = read(text)
    assert doc.clause("t1").title == "表1　主要指标"
    assert [cells for _, cells in rows(doc)] == [("规上工业企业占比", "%", "62", "80", "预期性"),
                                                ("质量竞争力指数", "—", "84", "86", "预期性"),
                                                ("品牌企业", "家", "1,200", "1,500", "预期性")]


def test_a_unit_cell_holding_digits_is_still_a_unit():
    """吨CO2/万元, μg/m3: a unit may hold a digit; only a number is no unit. The row keeps every cell."""
    doc = read("某市绿色发展规划\n一、发展目标\n到2025年，绿色水平显著提升。\n表1　主要指标\n指标名称\n单位\n2020年\n2025年\n属性\n"
               "单位产值二氧化碳排放\n吨CO2/万元\n0.8\n0.6\n约束性\nPM2.5年均浓度\nμg/m3\n35\n30\n约束性\n")
    assert [cells for _, cells in rows(doc)] == [("单位产值二氧化碳排放", "吨CO2/万元", "0.8", "0.6", "约束性"),
                                                ("PM2.5年均浓度", "μg/m3", "35", "30", "约束性")]
    assert not doc.warnings
