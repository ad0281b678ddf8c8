"""The 目标对照 page in a large library: past render_targets.COLUMNS_MAX documents the shared
indicators are compared by jurisdiction (a row and a bar each), so the page and its charts stop
growing with the number of documents; a small library keeps a column per document."""
from __future__ import annotations

from builder.config_targets import Indicator
from builder.model import DocumentMeta, Target
from builder.render import environment
from builder.render_targets import COLUMNS_MAX, Summary, comparison

FOOD = Indicator("食品抽检合格率", "%", (), (), "")


def summary(k: int, jurisdiction: str, value: float, year: int) -> Summary:
    meta = DocumentMeta(slug=f"{jurisdiction}-{k}", source=f"{jurisdiction}-{k}.txt", title=f"{jurisdiction}文件{k}",
                        date=f"{2000 + k % 25}-01-01", jurisdiction=jurisdiction)
    target = Target(meta.slug, "s1", "食品抽检合格率", "食品抽检合格率", "达到", value, None, "%", year,
                    f"食品抽检合格率达到{value}%", "以上")
    return Summary(meta.slug, meta, [target], [])


def library(national: int, provincial: int) -> list[Summary]:
    return ([summary(k, "国家", 90 + k % 9, 2030) for k in range(national)]
            + [summary(k, "广东省", 95, 2025) for k in range(provincial)])


def page(docs: list[Summary]) -> str:
    return environment().get_template("targets.md.j2").render(view=comparison(docs, [FOOD], ["国家", "广东省"]))


def test_a_small_library_has_a_column_per_document():
    view = comparison(library(COLUMNS_MAX - 2, 2), [FOOD], ["国家", "广东省"])
    assert len(view.columns) == COLUMNS_MAX and not view.shared[0].regions
    assert len(view.shared[0].chart.bars) == COLUMNS_MAX


def test_a_large_library_compares_jurisdictions_newest_target_and_span():
    docs = library(COLUMNS_MAX * 3, 2)
    view = comparison(docs, [FOOD], ["广东省", "国家"])
    [food] = view.shared
    assert view.columns == [] and [r.jurisdiction for r in food.regions] == ["广东省", "国家"]  # the site's order
    guangdong, national = food.regions
    assert (national.documents, national.span) == (COLUMNS_MAX * 3, "90–98%")
    newest = max((d for d in docs if d.meta.jurisdiction == "国家"), key=lambda d: (d.meta.date, d.slug))
    assert national.newest.doc is newest and national.targets == newest.targets
    assert (guangdong.documents, guangdong.span) == (2, "95%")
    assert [bar.label for bar in food.chart.bars] == ["广东省（2025）", "国家（2030）"]
    assert food.chart.caption == "各地区最新目标值"


def test_a_jurisdiction_has_one_bar_the_target_of_its_newest_documents_last_year():
    """A newest document setting 2025 and 2030 targets: the chart shows 2030's, the table both."""
    docs = library(COLUMNS_MAX * 2, 2)
    newest = max((d for d in docs if d.meta.jurisdiction == "国家"), key=lambda d: (d.meta.date, d.slug))
    earlier = Target(newest.slug, "s1", "食品抽检合格率", "食品抽检合格率", "达到", 91, None, "%", 2025, "", "以上")
    newest.targets.insert(0, earlier)
    [food] = comparison(docs, [FOOD], ["国家", "广东省"]).shared
    assert [bar.label for bar in food.chart.bars] == ["国家（2030）", "广东省（2025）"]
    assert food.regions[0].targets == newest.targets and len(newest.targets) == 2


def test_the_large_page_does_not_grow_with_the_documents():
    sizes = [len(page(library(n, 2))) for n in (COLUMNS_MAX + 1, COLUMNS_MAX * 10)]
    assert abs(sizes[1] - sizes[0]) < 200  # the newest titles differ, nothing else
    text = page(library(COLUMNS_MAX * 10, 2))
    assert "| 国家 | 300 | [国家文件" in text and "| 广东省 | 2 | [广东省文件" in text
    assert "](charts/indicator-1.svg)" in text


def test_an_indicator_several_documents_set_without_a_canonical_name_is_listed_not_dropped():
    """Only canonical indicators are compared; the others shared by several documents are listed
    (most documents first), so the page does not look complete without them."""
    docs = library(3, 2)
    for k, doc in enumerate(docs[:4]):
        doc.targets.append(Target(doc.slug, "s2", "中国质量奖获奖企业数", "", "达到", 10 + k, None, "家", 2025,
                                  f"中国质量奖获奖企业数达到{10 + k}家", ""))
    docs[0].targets.append(Target(docs[0].slug, "s3", "独有指标", "", "达到", 1, None, "项", 2025, "", ""))
    view = comparison(docs, [FOOD], ["国家", "广东省"])
    [award] = view.unnamed
    assert (award.name, award.documents, view.unnamed_more) == ("中国质量奖获奖企业数", 4, 0)
    newest = max(docs[:4], key=lambda d: (d.meta.date, d.slug))
    assert award.newest.doc is newest and [t.value for t in award.targets] == [10 + docs.index(newest)]
    text = environment().get_template("targets.md.j2").render(view=view)
    assert "## 尚未归并的指标" in text and "| 中国质量奖获奖企业数 | 4 | [" in text
    assert [name for _, own in view.single for name in (i.name for i in own)] == ["独有指标"]
