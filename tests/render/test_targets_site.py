"""Acceptance on the built site: targets.json/csv, the 目标 sections and the 目标对照 page."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from builder.model import Facts, Milestone, Target
from builder.render import environment
from builder.render_targets import (CHART_WIDTH, LABEL_GAP, Summary, fit_label, target_data, target_records,
                                     targets_csv, text_px)

from ..extract.test_targets_rules import make_doc


def site_targets(built_site):
    site, _ = built_site
    return json.loads((site / "data" / "targets.json").read_text(encoding="utf-8"))


def by_source(records, built_site, source_prefix):
    _, result = built_site
    [doc] = [d for d in result.documents if d.source.name.startswith(source_prefix)]
    return [r for r in records if r["doc"] == doc.slug]


def test_acceptance_values(built_site):
    records = site_targets(built_site)
    national = by_source(records, built_site, "002")
    assert any(r["canonical"] == "制造业质量竞争力指数" and r["value"] == 86 and r["year"] == 2025 for r in national)
    shared = [r for r in national if r["value"] == 98 and r["text"].endswith("均达到98%以上")]
    assert sorted(r["canonical"] for r in shared) == ["农产品质量安全例行监测合格率", "食品抽检合格率"]

    guangdong = {(r["canonical"], r["value"]) for r in by_source(records, built_site, "004")}
    assert {("制造业质量竞争力指数", 92), ("食品抽检合格率", 98.5)} <= guangdong

    hainan = {(r["indicator"], r["value"], r["unit"], r["year"]) for r in by_source(records, built_site, "001")}
    assert ("食品质量安全抽检合格率", 97.5, "%", 2017) in hainan
    assert ("新认定高新技术企业", 60, "家", 2017) in hainan


def test_every_anchor_exists_on_its_page(built_site):
    site, _ = built_site
    records = site_targets(built_site)
    records += json.loads((site / "data" / "milestones.json").read_text(encoding="utf-8"))
    assert records
    pages = {}
    for r in records:
        if r["doc"] not in pages:
            pages[r["doc"]] = (site / r["doc"] / "index.html").read_text(encoding="utf-8")
        assert f'id="{r["anchor"]}"' in pages[r["doc"]], r
        assert r["url"].endswith(f'/{r["doc"]}/#{r["anchor"]}')


def test_csv_has_a_bom_and_one_row_per_target(built_site):
    site, _ = built_site
    raw = (site / "data" / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(site_targets(built_site))
    assert {"indicator", "canonical", "comparator", "value", "unit", "year", "text", "url"} <= set(rows[0])


def test_csv_cells_excel_would_run_as_formulas_are_text_and_json_is_exact():
    formulas = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)",
                "\t=1+2", "\r=1+2"]
    doc = make_doc(formulas[0], [])
    doc.meta.jurisdiction = formulas[3]
    targets = [Target(doc="doc", anchor="s1-p1", indicator=text, canonical="", comparator="下降", value=-5,
                      value_max=None, unit="%", year=2025, text=text) for text in formulas]
    summary = Summary(doc.slug, doc.meta, targets, [])
    url = lambda slug, anchor: f"https://example.org/{slug}/#{anchor}"  # noqa: E731
    records = target_records([summary], url)
    rows = list(csv.DictReader(io.StringIO(targets_csv(records), newline="")))
    assert [row["indicator"] for row in rows] == [f"'{text}" for text in formulas]
    assert [row["text"] for row in rows] == [f"'{text}" for text in formulas]
    assert {row["doc_title"] for row in rows} == {f"'{formulas[0]}"}
    assert {row["jurisdiction"] for row in rows} == {f"'{formulas[3]}"}
    assert {row["value"] for row in rows} == {"-5"}  # a number stays a number
    assert {row["comparator"] for row in rows} == {"下降"}
    exported = target_data([summary], url)["data/targets.json"]
    assert [r["indicator"] for r in exported] == formulas and exported[0]["doc_title"] == formulas[0]


def test_comparison_page_and_charts(built_site):
    site, _ = built_site
    page = (site / "targets" / "index.html").read_text(encoding="utf-8")
    assert "制造业质量竞争力指数" in page and "仅见于一份文件的指标" in page
    charts = sorted((site / "targets" / "charts").glob("*.svg"))
    assert len(charts) == 4  # the four indicators national and 广东 share
    for chart in charts:
        assert f'src="charts/{chart.name}"' in page
        root = ET.parse(chart).getroot()  # well-formed, static: no script
        assert root.tag.endswith("svg") and not root.findall(".//{http://www.w3.org/2000/svg}script")
    # the 2017 food measure was kept apart on purpose and says why
    assert "未与“食品抽检合格率”合并" in page


def test_document_page_has_targets_section(built_site):
    site, _ = built_site
    _, result = built_site
    [doc] = [d for d in result.documents if d.source.name.startswith("004")]
    page = (site / doc.slug / "index.html").read_text(encoding="utf-8")
    assert 'id="targets"' in page and 'id="milestones"' in page
    assert 'href="#s1-2-p1"' in page


def test_source_text_in_target_tables_is_escaped():
    doc = make_doc("示例", [])
    facts = Facts(targets=[Target(doc="doc", anchor="s1-p1", indicator="<b>A|B</b>*率", canonical="", comparator="达到",
                                  value=1, value_max=None, unit="%", year=2025, text="")],
                  milestones=[Milestone(doc="doc", anchor="s1-p1", year=2030, statement="[x](y) <i>z</i>")])
    # the clause is named as cited: its label is source text too
    out = environment().get_template("partials/document_targets.md.j2").render(
        doc=doc, facts=facts, places={"s1-p1": "一、<b>标题|题</b>"})
    rows = [line for line in out.splitlines() if "s1-p1" in line]
    assert not re.search(r"<[bi]>|\*|\[x\]", "".join(rows))
    # no extra cell from the source's "|": 4 columns for targets, 3 for milestones
    assert [line.count("|") for line in rows] == [5, 4]


@pytest.mark.parametrize("label, value", [
    ("江西省人民政府关于深入推进质量强省建设的实施意见（2025）", "稳定在98%以上"),
    ("Provincial Quality Development Plan for the Years Ahead（2025）", "≥ 1,234,567 家"),
])
def test_a_long_bar_label_is_cut_before_it_reaches_the_value(label, value):
    """A document without a short title names its bar with its whole title: cut with "…", whole in the tooltip."""
    shown = fit_label(label, value)
    assert shown.endswith("…") and label.startswith(shown[:-1])
    assert text_px(shown) + LABEL_GAP + text_px(value) <= CHART_WIDTH - 4
    assert fit_label("广东省（2025）", value) == "广东省（2025）"
