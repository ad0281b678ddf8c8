"""python -m builder check: config and seeds validated without building; exit 0 / 1 / 2."""
from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from builder.check import CLEAN, ERRORS, WARNINGS, check
from builder.report import format_disappeared

from ..conftest import CONFIG, SEEDS
from ..maint_helpers import run_builder


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(CONFIG, tmp_path / "site_config")
    return tmp_path


def run_check(folder, strict=False, previous=None):
    out, err = io.StringIO(), io.StringIO()
    code = check(folder / "seeds", folder / "site_config", strict, previous, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_warnings_fail_only_when_strict(workspace):
    code, out, err = run_check(workspace)
    assert code == CLEAN and "5 documents, 0 errors, 1 warning" in out
    assert "warning: 002_22d854842f783777.txt:7: 这一级编号从 (二) 开始，三、 一级也不从头编号" in err
    assert run_check(workspace, strict=True)[0] == WARNINGS


def test_clean_seeds_pass_strict(workspace):
    for name in ("002_22d854842f783777.txt",):
        (workspace / "seeds" / name).unlink()
    documents = workspace / "site_config" / "documents.yml"
    text = documents.read_text(encoding="utf-8")
    start = text.index("  - slug: cn-quality-outline-2023")
    end = text.index("  - slug: gd-quality-outline-2023")
    text = text[:start] + text[end:]
    documents.write_text(text.replace("implements: [cn-quality-outline-2023]", "implements: []"), encoding="utf-8")
    assert run_check(workspace, strict=True)[0] == CLEAN


@pytest.mark.parametrize("old, new, message", [
    ("    kind: 纲要\n", "    kind: [纲要\n", "invalid YAML"),
    ("    short_title: 质量强国纲要", "    short_titel: 质量强国纲要", "did you mean 'short_title'"),
    ("slug: gd-quality-outline-2023", "slug: GD_outline", "not a valid slug"),
    ("slug: gd-quality-outline-2023", "slug: report", "'report' is reserved: the site's own /report/"),
    ("implements: [cn-quality-outline-2023]", "implements: [cn-quality-outline]", "unknown document 'cn-quality-outline'"),
    ("source: 004_99d0127d3b1adaf7.txt", "source: 004.txt", "not found"),
])
def test_config_errors_exit_2_with_file_and_line(workspace, old, new, message):
    documents = workspace / "site_config" / "documents.yml"
    text = documents.read_text(encoding="utf-8")
    documents.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    code, _, err = run_check(workspace)
    assert code == ERRORS and message in err
    assert re.search(rf"documents\.yml:({line}|{line + 1}): ", err)  # YAML errors may point at the next line


def test_unusable_seed_is_an_error(workspace):
    (workspace / "seeds" / "broken.txt").write_bytes("质量".encode("utf-8") + b"\xff\xfe\x00abc")
    code, _, err = run_check(workspace)
    assert code == ERRORS and "error: broken.txt" in err


def test_gbk_seed_is_a_warning(workspace):
    (workspace / "seeds" / "gbk.txt").write_bytes("关于质量工作的通知\n一、总体要求\n（一）目标。提高质量。\n".encode("gb18030"))
    code, _, err = run_check(workspace, strict=True)
    assert code == WARNINGS and "gbk.txt: decoded as gb18030" in err and "gbk.txt: documents.yml 中没有此文件的条目" in err


def test_previous_anchors_that_disappear(workspace):
    previous = workspace / "anchors.json"
    previous.write_text(json.dumps({"pages": {"gd-quality-outline-2023/": ["s1", "s4-10", "s99"],
                                              "gone-doc/": ["p1"]}}), encoding="utf-8")
    code, out, err = run_check(workspace, previous=previous)
    assert code == CLEAN and "2 disappeared anchors" in out
    assert "/gd-quality-outline-2023/ (004_99d0127d3b1adaf7.txt): 1 anchors of the previous build disappeared: s99 — " in err
    assert "/gone-doc/: 1 anchors" in err
    assert run_check(workspace, strict=True, previous=previous)[0] == WARNINGS
    previous.write_text("[]", encoding="utf-8")
    assert run_check(workspace, previous=previous)[0] == ERRORS


def test_check_through_the_command_line(workspace):
    proc = run_builder(workspace, "check", "--strict")
    assert proc.returncode == 1 and "check: 5 documents" in proc.stdout
    (workspace / "site_config" / "chrome.yml").write_text("rules:\n  - name: x\n    pattern: '('\n", encoding="utf-8")
    proc = run_builder(workspace, "check")
    assert proc.returncode == 2 and "chrome.yml:3: rules[1]: bad regular expression" in proc.stderr


def test_a_page_that_lost_many_anchors_is_one_short_line_with_what_to_do():
    line = format_disappeared("old-doc/", [f"s{k}" for k in range(40)], "old.txt")
    assert line.startswith("/old-doc/ (old.txt): 40 anchors of the previous build disappeared: s0 s1 ")
    assert "s11 … (28 more) — " in line and "s12" not in line and "keep the old text as a version" in line
