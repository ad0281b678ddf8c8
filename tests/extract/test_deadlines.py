"""完成时限: the deadlines a clause sets (builder/extract/deadlines.py), found and shown on its page."""
from __future__ import annotations

from builder.extract.deadlines import Deadline, deadlines_in, find_deadlines
from builder.model import Facts
from builder.render import environment
from tests.xref_docs import clause, document


def found(text: str) -> list[tuple[str, str]]:
    return [(d.text, d.due) for d in deadlines_in("x", "s1", text)]


def test_a_date_with_before_or_year_end_is_a_deadline():
    assert found("2025年底前完成改造") == [("2025年底前", "2025-12")]
    assert found("于2024年6月底前报送") == [("于2024年6月底前", "2024-06")]
    assert found("争取2017年年内通过农业部考核") == [("2017年年内", "2017-12")]
    assert found("２０２４年６月底前完成") == [("２０２４年６月底前", "2024-06")]
    assert found("2026年上半年前建成") == [("2026年上半年前", "2026-06")]


def test_a_year_alone_is_no_deadline():
    assert found("到2030年，质量变革创新支撑作用更加显著") == []
    assert found("开展2017年高新技术企业的认定工作") == []
    assert found("报送2017年上半年工作总结") == []  # the period a report covers


def test_a_second_date_of_the_same_year_takes_its_year():
    assert found("并于2017年6月30日和12月5日前分别将2017年上半年工作总结报送") == [
        ("于2017年6月30日", "2017-06-30"), ("12月5日前", "2017-12-05")]


def test_the_action_plan_seed_has_its_deadlines(seed_docs):
    plan = seed_docs["001"]  # 海南省贯彻落实质量发展纲要2017年行动计划
    dues = [d.due for d in find_deadlines(plan)]
    assert dues == ["2017-12", "2017-06-30", "2017-12-05"]


def test_the_page_lists_them_escaped_and_linked_to_their_clause():
    template = environment().get_template("partials/document_deadlines.md.j2")
    page = template.render(facts=Facts(deadlines=[Deadline("d", "s1-2", "2025年底前", "2025-12")]),
                           places={"s1-2": "一、（二）<b>|任务"})
    row = next(line for line in page.splitlines() if "s1-2" in line)
    assert "## 完成时限 {: #deadlines }" in page and "(#s1-2)" in row and "2025-12" in row
    assert "<b>" not in row and row.count("|") == 4
    assert template.render(facts=Facts(deadlines=[]), places={}).strip() == ""


def test_a_document_without_deadlines_has_no_table():
    doc = document("d", [clause("s1", "item", "到2030年，质量强国建设取得更大进展。")])
    assert find_deadlines(doc) == []


def test_the_built_page_shows_them(built_site):
    page = (built_site[0] / "hi-quality-action-plan-2017" / "index.html").read_text(encoding="utf-8")
    assert 'id="deadlines"' in page and "2017-12-05" in page


def test_a_month_and_day_without_a_year_take_the_documents_year_and_a_horizon_is_none():
    """Fifth out-of-sample round: "12月10日前报送全年工作总结" was missed; "到2030年底" (a goal's
    horizon, no 前) was listed as a deadline."""
    assert [(d.text, d.due) for d in deadlines_in("x", "s1", "请于12月10日前报送全年工作总结", 2024)] == [
        ("12月10日前", "2024-12-10")]
    assert deadlines_in("x", "s1", "请于12月10日前报送", None) == []  # no year to give it
    assert deadlines_in("x", "s1", "到2030年底，质量强县建设取得显著成效", 2024) == []
    assert [d.text for d in deadlines_in("x", "s1", "2030年底前建成", 2024)] == ["2030年底前"]


def test_a_task_tables_deadline_column_gives_each_rows_deadline():
    table = clause("s2-t1", "table", "", title="重点任务分工表")
    table.cells = ("序号", "重点任务", "牵头单位", "完成时限")
    rows = []
    for k, (task, due) in enumerate((("建设计量检定中心", "2025年12月"), ("开展质量提升行动", "2024年6月底前"),
                                     ("加强标准化工作", "长期坚持")), 1):
        row = clause(f"s2-t1-r{k}", "row", f"{k} {task} 县市场监管局 {due}", parent="s2-t1")
        row.cells = (str(k), task, "县市场监管局", due)
        rows.append(row)
    doc = document("plan", [table, *rows])
    assert [(d.anchor, d.text, d.due) for d in find_deadlines(doc)] == [
        ("s2-t1-r1", "2025年12月", "2025-12"), ("s2-t1-r2", "2024年6月底前", "2024-06")]
