"""A warm builder pass (files of build/docs kept from the previous build when what they are made
from is unchanged) writes exactly what a cold pass writes, for every kind of edit, and makes
again only the files the edit reaches."""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from builder import render
from builder.build import prepare
from builder.model import BuildResult

from ..maint_helpers import ROOT, make_workspace

GD = "004_99d0127d3b1adaf7.txt"
GD_SLUG = "gd-quality-outline-2023"
DROPPED_IN = "02_nongjihua_zhidao_yijian_2018.txt"  # no entry in documents.yml: /guofa-2018-42/


def builder_pass(workspace: Path, build_dir: Path) -> BuildResult:
    return prepare(workspace / "seeds", workspace / "site_config", workspace / "site", build_dir,
                   ROOT / "mkdocs.yml", log=lambda *_: None).result


def tree(build_dir: Path) -> dict[str, bytes]:
    """build/docs and build/mkdocs.yml (which names its own folder), by relative path."""
    docs = build_dir / "docs"
    files = {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    files["../mkdocs.yml"] = (build_dir / "mkdocs.yml").read_bytes().replace(str(build_dir.resolve()).encode(), b"BUILD")
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workspace (with a revised document and a dropped-in text) and its first, cold, build."""
    folder = tmp_path_factory.mktemp("warm")
    workspace = make_workspace(folder / "workspace")
    first = builder_pass(workspace, folder / "build")
    assert not first.reused and first.rendered
    return workspace, folder / "build"


def edit_and_compare(built, tmp_path: Path, edit) -> BuildResult:
    """Copy the built workspace, edit it, rebuild warm; the result equals a cold build's."""
    workspace, build_dir = tmp_path / "workspace", tmp_path / "build"
    shutil.copytree(built[0], workspace)
    shutil.copytree(built[1], build_dir)  # copy2 keeps mtimes: the files stay known
    edit(workspace)
    warm = builder_pass(workspace, build_dir)
    builder_pass(workspace, tmp_path / "cold")
    assert tree(build_dir) == tree(tmp_path / "cold")
    assert sorted(warm.rendered + warm.reused) == sorted(tree(build_dir).keys() - {"../mkdocs.yml"})
    return warm


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuild_keeps_every_file(built, tmp_path):
    warm = edit_and_compare(built, tmp_path, lambda workspace: None)
    assert warm.rendered == [] and warm.reused


def test_clause_text_edit(built, tmp_path):
    def edit(workspace):
        seed = workspace / "seeds" / GD
        seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + "\n各地区各部门要结合实际抓好落实。\n",
                        encoding="utf-8")

    warm = edit_and_compare(built, tmp_path, edit)
    assert {f"{GD_SLUG}/index.md", f"{GD_SLUG}/{GD_SLUG}.txt", f"data/docs/{GD_SLUG}.json",
            "data/clauses.json"} <= set(warm.rendered)
    others = [name for name in warm.reused if name.endswith(".txt") or name.startswith("data/docs/")]
    assert len(others) == 2 * 7 - 2  # 6 latest texts and 2 pinned versions: all but the edited one's
    assert "hi-quality-opinion-draft-2023/2023-06/index.md" in warm.reused  # pinned pages: no cross-links


def test_title_edit_reaches_pages_linking_to_it(built, tmp_path):
    def edit(workspace):
        replace(workspace / "site_config" / "documents.yml", "short_title: 质量强国纲要", "short_title: 质量强国建设纲要2023")

    linking = {doc_dir for doc_dir in ("gd-quality-outline-2023", "hi-quality-opinion-draft-2023")
               if "质量强国纲要 " in (built[1] / "docs" / doc_dir / "index.md").read_text(encoding="utf-8")}
    assert linking, "the fixture should have related clauses citing the national outline"
    warm = edit_and_compare(built, tmp_path, edit)
    assert {f"{slug}/index.md" for slug in linking} <= set(warm.rendered)


def test_heading_edit_reaches_pages_naming_the_clause(built, tmp_path):
    """Pages linking to a clause show its label (another document's related panel, a topic page,
    an agency page, the cited titles' page): they are keyed by what they show of the document,
    so a new heading reaches them. The headings keep their words (the related sections stay)
    and are far from the tags' snippets."""
    naming = {"cn-quality-outline-2023/index.md": "（四）树立质量发展绿色导向](../gd-quality-outline-2023/index.md#s2-4)",
              "topics/brands.md": "（十二）推动工业品质量迈向中高端](../gd-quality-outline-2023/index.md#s4-12)",
              "agencies/cai-zheng-bu.md": "（七）加快补齐全程机械化生产短板](../guofa-2018-42/index.md#s3-7)",
              "references/index.md": "（十九）强化地方政府责任](../guofa-2018-42/index.md#s8-19-p1)"}
    assert all(link in (built[1] / "docs" / page).read_text(encoding="utf-8") for page, link in naming.items())

    def edit(workspace):
        for seed, old, new in ((GD, "（四）树立质量发展绿色导向", "（四）树立绿色质量发展导向"),
                               (GD, "（十二）推动工业品质量迈向中高端", "（十二）推动工业品迈向质量中高端"),
                               (DROPPED_IN, "（七）加快补齐全程机械化生产短板", "（七）加快补齐生产全程机械化短板"),
                               (DROPPED_IN, "（十九）强化地方政府责任", "（十九）强化政府地方责任")):
            replace(workspace / "seeds" / seed, old, new)

    warm = edit_and_compare(built, tmp_path, edit)
    assert set(naming) <= set(warm.rendered)


def test_target_edit_reaches_the_targets_page(built, tmp_path):
    """The targets page and data are made from every document's targets (and kept unread in
    the cache): a changed value reaches them."""
    warm = edit_and_compare(built, tmp_path, lambda workspace: replace(
        workspace / "seeds" / GD, "制造业产品质量合格率达到95%", "制造业产品质量合格率达到96%"))
    assert {"targets/index.md", "data/targets.csv", "data/targets.json", f"{GD_SLUG}/index.md"} <= set(warm.rendered)


def test_removed_seed(built, tmp_path):
    warm = edit_and_compare(built, tmp_path, lambda workspace: (workspace / "seeds" / DROPPED_IN).unlink())
    assert not any("guofa-2018-42" in name for name in warm.rendered + warm.reused)
    assert not (tmp_path / "build" / "docs" / "guofa-2018-42").exists()


def test_topic_config_edit(built, tmp_path):
    warm = edit_and_compare(built, tmp_path,
                            lambda workspace: replace(workspace / "site_config" / "topics.yml", "name: 计量", "name: 计量测试"))
    assert {"topics/metrology.md", "topics/index.md", "data/topics.json"} <= set(warm.rendered)


def test_template_edit(built, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    monkeypatch.setattr(render, "TEMPLATES", templates)

    def edit(workspace):
        with (templates / "partials" / "document_meta.md.j2").open("a", encoding="utf-8") as out:
            out.write("\n*本页由文库生成*\n")

    warm = edit_and_compare(built, tmp_path, edit)
    assert f"{GD_SLUG}/index.md" in warm.rendered and "hi-quality-opinion-draft-2023/2023-06/index.md" in warm.rendered
    assert f"{GD_SLUG}/{GD_SLUG}.txt" in warm.reused


def test_a_file_changed_by_hand_is_written_again(built, tmp_path):
    def edit(workspace):
        page = tmp_path / "build" / "docs" / GD_SLUG / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "tampered\n", encoding="utf-8")
        (tmp_path / "build" / "docs" / "stray.md").write_text("not from this build\n", encoding="utf-8")

    warm = edit_and_compare(built, tmp_path, edit)
    assert warm.rendered == [f"{GD_SLUG}/index.md"]


def test_templates_compiled_once_are_kept_by_builds_that_render_nothing(built, tmp_path, monkeypatch):
    workspace, build_dir = tmp_path / "workspace", tmp_path / "build"
    shutil.copytree(built[0], workspace)
    shutil.copytree(built[1], build_dir)
    prepared = prepare(workspace / "seeds", workspace / "site_config", workspace / "site", build_dir,
                       ROOT / "mkdocs.yml", log=lambda *_: None)
    assert prepared.result.rendered == []
    prepared.layer.prune()  # as build() does: entries this build did not use are dropped
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or compile_template(self, *a, **k))
    seed = workspace / "seeds" / GD
    seed.write_text(seed.read_text(encoding="utf-8") + "\n各地区各部门要结合实际抓好落实。\n", encoding="utf-8")
    assert builder_pass(workspace, build_dir).rendered  # pages rendered, from templates compiled before
    assert compiled == []
