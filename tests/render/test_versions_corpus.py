"""Golden test of a real revision: 工业产品生产许可证管理条例 as published in 2005 (fixture 11) and
as revised in 2023 (fixture 12), configured as `versions` of one document in a library built in
a temporary folder. What changed was found by reading both texts: the 2023 text drops the
工商行政管理部门 from 第二十四条 and 第六十五条, the second paragraph of 第三十七条, the fine of
第五十三条 and the first sentence of 第六十五条's second paragraph; every other article stays,
reprinted with full-width brackets ((一) -> （一）, (以下简称目录) -> （以下简称目录）), which
is no revision."""
from __future__ import annotations

import re
import shutil

import pytest

from builder.pipeline import load_documents
from builder.config import load_config
from builder.render import render_changes
from builder.versions import ADDED, CHANGED, REMOVED, UNCHANGED, compare

from ..conftest import CONFIG, FIXTURES

OLD, NEW = "11_gongye_chanpin_shengchan_xukezheng_tiaoli_2005.txt", "12_gongye_chanpin_shengchan_xukezheng_tiaoli_2023.txt"
SLUG = "gongye-chanpin-shengchan-xukezheng-tiaoli"
ENTRY = f"""documents:
  - slug: {SLUG}
    versions:
      - {{source: {OLD}, date: 2005-07-09}}
      - {{source: {NEW}, date: 2023-07-20}}
    title: 中华人民共和国工业产品生产许可证管理条例
    issuer: 国务院
    jurisdiction: 国家
"""


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regulation")
    (folder / "seeds").mkdir()
    for name in (OLD, NEW):
        shutil.copy(FIXTURES / name, folder / "seeds" / name)
    shutil.copytree(CONFIG, folder / "site_config")
    (folder / "site_config" / "documents.yml").write_text(
        "jurisdictions: [国家]\n" + ENTRY, encoding="utf-8")
    config = load_config(folder / "site_config", folder / "seeds")
    old, new = load_documents(folder / "seeds", config, log=lambda *_: None).history[SLUG]
    return old, new, compare(old, new)


ARTICLE = re.compile(r"a\d+(?:z\d+)?")  # 第N条 (README's anchor table)


def article(doc, clause):
    """The article (第N条) a clause stands in."""
    while not ARTICLE.fullmatch(clause.anchor) and clause.parent:
        clause = doc.clause(clause.parent)
    return clause.number.strip()


def body(rows):
    """The rows below the title (the last test checks the title row)."""
    return [r for r in rows if (r.old or r.new).kind != "title"]


def test_what_the_2023_revision_changed(revision):
    old, new, rows = revision
    changed = [(article(old, r.old), article(new, r.new)) for r in body(rows) if r.status == CHANGED]
    assert changed == [("第二十四条", "第二十四条"), ("第五十三条", "第五十三条"), ("第六十五条", "第六十五条"),
                       ("第六十五条", "第六十五条")]
    removed = [r.old for r in body(rows) if r.status == REMOVED]
    assert [article(old, c) for c in removed] == ["第三十七条"]
    assert removed[0].text == "县级以上工商行政管理部门依法对涉嫌违反本条例规定的行为进行查处时，也可以行使前款规定的职权。"
    assert not [r for r in rows if r.status == ADDED or r.moved]
    # what exactly went, word by word; nothing was added
    lost = ["".join(t for op, t in r.old_segments if op == "delete") for r in body(rows) if r.status == CHANGED]
    assert lost == ["、国务院工商行政管理部门", "；逾期未改正的，处5000元以下的罚款", "、工商行政管理部门",
                    "本条例第四十六条至第五十一条规定的行政处罚由工业产品生产许可证主管部门或者工商行政管理部门"
                    "依照国务院规定的职权范围决定。"]
    assert not [t for r in body(rows) for op, t in r.new_segments if op == "insert"]


def test_width_is_no_revision(revision):
    old, new, rows = revision
    unchanged = [r for r in body(rows) if r.status == UNCHANGED]
    # every article of the old text but 第二十四条 第三十七条 第五十三条 第六十五条 is there unchanged
    changed_articles = {"第二十四条", "第三十七条", "第五十三条", "第六十五条"}
    kept = {article(old, r.old) for r in unchanged if ARTICLE.match(r.old.anchor)}
    assert {c.number.strip() for c in old.clauses if c.kind == "heading" and ARTICLE.fullmatch(c.anchor)} - kept \
        <= changed_articles
    assert not [r for r in rows if r.renumbered]  # (一) and （一） are one number
    width = [r for r in unchanged if r.width_only]
    items = [r for r in width if r.old.number.startswith("(")]
    assert len(items) == 27 and all(r.new.number.startswith("（") for r in items)  # 第二、九、三十七、六十、六十二条
    assert {article(old, r.old) for r in width if r not in items and ARTICLE.match(r.old.anchor)} == {
        "第三条", "第二十四条", "第四十六条"}  # a bracketed aside reprinted （…）
    assert sorted(r.new.full_text for r in width if r.old.number.startswith("第") and "章" in r.old.number) == [
        "第一章 总 则", "第七章 附 则"]  # a space inside the chapter's name
    assert len(width) == 32
    third = next(r for r in width if r.old.anchor == "a3-p1")
    assert "(以下简称目录)" in third.old.text and "（以下简称目录）" in third.new.text


def test_the_changes_page_leads_with_what_changed(revision):
    old, new, _ = revision
    page = render_changes(old, new)
    summary = page[page.index("## 修订要点"):page.index("## 逐条对照")]
    items = [line for line in summary.splitlines() if line.startswith("- ")]
    assert len(items) == 5  # four changed paragraphs, one removed
    assert any("第五十三条" in line and "<del>" in line for line in items)
    assert "| 0 | 1 | 4 | 0 | 0 | 194 | 32 |" in page  # the title row is equal: history lines are metadata; a long item is one clause (its words its text)  # 新增 删除 修改 移动 编号变化 未变 其中仅全半角、空格不同


def test_the_title_row_is_unchanged_as_history_lines_are_metadata(revision):
    _, _, rows = revision
    title = next(r for r in rows if (r.old or r.new).kind == "title")
    assert title.status == UNCHANGED
