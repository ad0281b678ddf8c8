"""Versions: the schema in documents.yml, and clause alignment for the 修订对照."""
from __future__ import annotations

import pytest

from builder.pipeline import load_documents
from builder.config import load_config
from builder.model import BuildError
from builder.versions import ADDED, CHANGED, REMOVED, UNCHANGED, compare, word_diff

from ..maint_helpers import ADDED_CLAUSE, DRAFT, REVISED, make_workspace

SLUG = "hi-quality-opinion-draft-2023"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("versions"), drop_in=False)


@pytest.fixture(scope="module")
def revision(workspace):
    config = load_config(workspace / "site_config", workspace / "seeds")
    result = load_documents(workspace / "seeds", config, log=lambda *_: None)
    return result


def test_versions_in_documents_yml(workspace):
    config = load_config(workspace / "site_config", workspace / "seeds")
    draft, adopted = config.by_source[DRAFT], config.by_source[REVISED]
    assert (draft.slug, draft.date, draft.status) == (SLUG, "2023-06", "第二次征求意见稿")
    assert (adopted.slug, adopted.date, adopted.status) == (SLUG, "2024-01-25", "")
    assert [v.source for v in adopted.versions] == [DRAFT, REVISED]


def test_latest_version_is_the_document(revision):
    latest = next(d for d in revision.documents if d.slug == SLUG)
    assert latest.source.name == REVISED and latest.meta.status == ""
    assert [d.meta.date for d in revision.history[SLUG]] == ["2023-06", "2024-01-25"]
    assert sum(d.slug == SLUG for d in revision.documents) == 1


def test_what_changed_is_found_by_text_not_number(revision):
    old, new = revision.history[SLUG]
    rows = compare(old, new)
    by_status = {status: [r for r in rows if r.status == status] for status in (ADDED, REMOVED, CHANGED)}
    removed = [r.old.text for r in by_status[REMOVED]]
    assert removed[:2] == ["（第二次征求意见稿）", "强化工作协同。"] and removed[2].startswith("各部门要加强协作")
    assert len(removed) == 3  # the status line, the heading and its run-in body
    assert "".join(r.new.full_text for r in by_status[ADDED]) == ADDED_CLAUSE
    [changed] = by_status[CHANGED]
    assert changed.old.anchor == changed.new.anchor == "s2-5-p1"
    assert ("insert", "加快") in changed.new_segments and ("insert", "国家") in changed.new_segments
    assert not [op for op, _ in changed.old_segments if op == "delete"]
    renumbered = [(r.old.anchor, r.new.anchor) for r in rows if r.renumbered]
    assert renumbered == [("s5-20", "s5-19"), ("s5-21", "s5-20")]
    assert all(r.status == UNCHANGED for r in rows if r.renumbered) and not any(r.moved for r in rows)
    assert sum(r.status == UNCHANGED for r in rows) == len(new.clauses) - 3  # all but added 2 and changed 1
    # the removed clause stands where it stood: between （十八） and the old （二十）
    anchors = [(r.old.anchor if r.old else None) for r in rows]
    assert anchors.index("s5-19") == anchors.index("s5-18-p1") + 1


def test_a_clause_moved_elsewhere(tmp_path, revision, config):
    """（十三） printed before （十二）: same texts, one of them out of order."""
    old = revision.history[SLUG][0]
    lines = old.source.lines
    twelve = next(ln.text for ln in lines if ln.text.startswith("（十二）"))
    thirteen = next(ln.text for ln in lines if ln.text.startswith("（十三）"))
    raw = "\n".join(ln.text for ln in lines).replace(twelve, "@@").replace(thirteen, twelve).replace("@@", thirteen)
    path = tmp_path / "swapped.txt"
    path.write_text(raw, encoding="utf-8")
    swapped = load_documents(tmp_path, config, log=lambda *_: None).documents[0]
    rows = compare(old, swapped)
    moved = [r for r in rows if r.moved]
    assert len(moved) == 2 and {r.status for r in moved} == {UNCHANGED}  # one clause: heading + body
    assert not [r for r in rows if r.status != UNCHANGED]


def test_word_diff_over_jieba_tokens():
    old, new = word_diff("加强计量科技研发", "加强计量技术研发")
    assert ("delete", "科技") in old and ("insert", "技术") in new
    assert "".join(t for _, t in old) == "加强计量科技研发" and "".join(t for _, t in new) == "加强计量技术研发"


@pytest.mark.parametrize("entry, message", [
    ("source: a.txt\n    versions: [{source: b.txt, date: 2024}]", "give either 'source' or 'versions'"),
    ("versions: [{source: a.txt, date: 2024}, {source: b.txt, date: 2023}]", "is not after the previous version"),
    ("versions: [{source: a.txt}]", "missing required key 'date'"),
    ("versions: [{source: a.txt, date: 2024, state: x}]", "unknown key 'state'"),
    ("versions: [{source: a.txt, date: 2024}]\n    status: 草案", "'status' cannot stand next to 'versions'"),
    ("versions: []", "'versions' is empty"),
    ("versions: [{source: a.txt, date: 2024}, {source: a.txt, date: 2025}]", "listed twice"),
])
def test_versions_schema_errors_name_the_line(tmp_path, entry, message):
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "chrome.yml").write_text("rules: []\n", encoding="utf-8")
    (tmp_path / "site_config" / "documents.yml").write_text(
        f"documents:\n  - slug: doc\n    title: 文件\n    jurisdiction: 国家\n    {entry}\n", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        load_config(tmp_path / "site_config")
    assert message in error.value.message
    assert error.value.file.endswith("documents.yml") and error.value.line in (2, 5, 6)


def test_width_and_spacing_are_no_change():
    old, new = word_diff("工业产品目录(以下简称目录)由主管部门制定", "工业产品目录（以下简称目录）由主管部门制定")
    assert {op for op, _ in old} == {"equal"} and {op for op, _ in new} == {"equal"}
    assert "".join(t for _, t in new) == "工业产品目录（以下简称目录）由主管部门制定"  # shown as printed


def test_an_item_reprinted_in_full_width_is_neither_changed_nor_renumbered():
    from builder.model import DocumentMeta, SourceLine, SourceText
    from builder.parse import parse

    def doc(text):
        lines = [SourceLine(i, s) for i, s in enumerate(text.split("\n"), 1) if s]
        return parse(SourceText("t.txt", "utf-8", "0", lines), DocumentMeta(slug="t", source="t.txt", title="t"))

    old = doc("第一条 企业应当符合下列条件：\n(一)有营业执照；\n(二)有检验手段。\n第二条 目录(以下简称目录)由主管部门制定。")
    new = doc("第一条 企业应当符合下列条件：\n（一）有营业执照；\n（二）有检验手段。\n第二条 目录（以下简称目录）由主管部门制定。")
    rows = compare(old, new)
    assert {r.status for r in rows} == {UNCHANGED} and not any(r.renumbered for r in rows)
    assert [r.new.anchor for r in rows if r.width_only] == ["a1-1", "a1-2", "a2-p1"]
