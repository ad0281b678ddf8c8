"""A maintainer's week, end to end through `python -m builder`: build with a revised document
and a dropped-in text, rebuild (cache, determinism), edit a seed, lose an anchor, break the config."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ..maint_helpers import build_args, make_workspace, run_builder

SLUG = "hi-quality-opinion-draft-2023"
GD = "004_99d0127d3b1adaf7.txt"


def snapshot(folder: Path, *parts: str) -> dict[str, bytes]:
    """Every generated Markdown and data file under folder/parts, by relative path."""
    root = folder.joinpath(*parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".md", ".json")}


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    folder = make_workspace(tmp_path_factory.mktemp("maintainer"))
    first = run_builder(folder, *build_args())
    return folder, first


def test_first_build(week):
    folder, proc = week
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert f"  000_d096d3cf19f2bb3f.txt -> /{SLUG}/2023-06/  50 clauses" in proc.stderr  # --verbose
    assert any(line.startswith("  02_nongjihua_zhidao_yijian_2018.txt -> /guofa-2018-42/")
               for line in proc.stderr.splitlines())
    assert re.search(r"^Built 6 documents \(0 skipped\), \d+ clauses, \d+ targets, \d+ warnings, "
                     r"7 parsed and 0 from cache in [\d.]+s", lines[-1], re.M)
    assert "02_nongjihua_zhidao_yijian_2018.txt: documents.yml 中没有此文件的条目；已按正文读出的信息发布为 /guofa-2018-42/" in proc.stderr
    site = folder / "site"
    for page in (f"{SLUG}/", f"{SLUG}/2023-06/", f"{SLUG}/2024-01-25/", f"{SLUG}/2024-01-25/changes/",
                 "guofa-2018-42/", "report/"):
        assert (site / page / "index.html").is_file(), page
    changes = (site / SLUG / "2024-01-25" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<ins>加快</ins>" in changes and "<del>（十九）强化工作协同。</del>" in changes
    assert "维护报告" in (site / "index.html").read_text(encoding="utf-8")  # in the nav


def test_build_report(week):
    folder, _ = week
    report = json.loads((folder / "site" / "data" / "build-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["documents"] == 6 and report["summary"]["versions"] == 2
    pages = {row["page"]: row for row in report["documents"]}
    assert pages["guofa-2018-42/"]["derived"] and pages[f"{SLUG}/2023-06/"]["version"] == "2023-06"
    assert {"file": "002_22d854842f783777.txt", "line": 5, "reason": "chrome:newspaper-jump",
            "why": "网页杂项（site_config/chrome.yml 规则 newspaper-jump）", "text": "上接01版"} in report["removed"]
    assert any(w["code"] == "numbering-start" and w["location"] == "002_22d854842f783777.txt:7"
               for w in report["warnings"])
    page = (folder / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert "上接01版" in page and "这一级编号从" in page
    anchors = json.loads((folder / "site" / "data" / "anchors.json").read_text(encoding="utf-8"))["pages"]
    assert "s5-21" in anchors[f"{SLUG}/"] and "s5-21" in anchors[f"{SLUG}/2023-06/"]


def test_rebuild_is_cached_and_byte_identical(week, tmp_path):
    folder, _ = week
    before = snapshot(folder, "build", "docs") | snapshot(folder, "site", "data")
    proc = run_builder(folder, *build_args())
    assert proc.returncode == 0 and "0 parsed and 7 from cache" in proc.stdout
    assert snapshot(folder, "build", "docs") | snapshot(folder, "site", "data") == before
    cold = run_builder(folder, *build_args(out=str(tmp_path / "site"), build_dir=str(tmp_path / "build")))
    assert cold.returncode == 0 and "7 parsed and 0 from cache" in cold.stdout
    assert snapshot(tmp_path, "build", "docs") == snapshot(folder, "build", "docs")


def test_edit_one_seed_reparses_only_it(week):
    folder, _ = week
    seed = folder / "seeds" / GD
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.rstrip("\n") + "\n各地区各部门要结合实际抓好落实。\n", encoding="utf-8")
    proc = run_builder(folder, *build_args())
    assert proc.returncode == 0 and "1 parsed and 6 from cache" in proc.stdout
    assert f"{GD} -> /gd-quality-outline-2023/" in proc.stderr


def test_lost_anchors_are_listed(week):
    folder, _ = week
    anchors_before = (folder / "site" / "data" / "anchors.json").read_bytes()
    seed = folder / "seeds" / GD
    text = seed.read_text(encoding="utf-8")
    last = next(line for line in text.splitlines() if line.strip().startswith("（三十一）"))
    seed.write_text(text.replace(last + "\n", ""), encoding="utf-8")
    proc = run_builder(folder, "check", "--strict", "--previous", "site")
    assert proc.returncode == 1 and f"/gd-quality-outline-2023/ ({GD}): " in proc.stderr and "s10-31" in proc.stderr
    shutil.copy(folder / "site" / "data" / "anchors.json", folder / "previous-anchors.json")
    proc = run_builder(folder, *build_args())
    assert proc.returncode == 0 and "anchors of the previous build disappeared" in proc.stderr
    report = json.loads((folder / "site" / "data" / "build-report.json").read_text(encoding="utf-8"))
    assert "s10-31" in report["disappeared_anchors"]["gd-quality-outline-2023/"]
    assert (folder / "site" / "data" / "anchors.json").read_bytes() != anchors_before


def test_broken_config_leaves_the_site(week):
    folder, _ = week
    before = snapshot(folder, "site")
    documents = folder / "site_config" / "documents.yml"
    documents.write_text(documents.read_text(encoding="utf-8").replace("    kind: 纲要\n", "    kind: [纲要\n", 1),
                         encoding="utf-8")
    proc = run_builder(folder, *build_args())
    assert proc.returncode == 2 and "documents.yml:" in proc.stderr and "invalid YAML" in proc.stderr
    assert snapshot(folder, "site") == before and (folder / "site" / "index.html").is_file()
