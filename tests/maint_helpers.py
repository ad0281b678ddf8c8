"""A workspace a maintainer would have: seeds, site_config and a revised seed, in a temp folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "000_d096d3cf19f2bb3f.txt"
REVISED = "005_revised.txt"
ADDED_CLAUSE = "（二十一）加强宣传培训。组织开展质量强省建设专题培训，提升各级领导干部质量意识和质量管理能力。"


def revise(text: str) -> str:
    """The adopted text of the seed-000 draft: （十九） deleted, so （二十）（二十一） renumbered,
    （五） edited, a new （二十一） added, and no longer a 征求意见稿."""
    out = []
    for line in text.split("\n"):
        if line.startswith("（十九）强化工作协同") or line.strip() == "（第二次征求意见稿）":
            continue
        line = line.replace("（二十）狠抓督查考核", "（十九）狠抓督查考核").replace("（二十一）营造良好氛围", "（二十）营造良好氛围")
        if line.startswith("（五）建设现代化计量保障体系"):
            line = line.replace("建设适应三大未来产业", "加快建设适应三大未来产业", 1).replace("重点实验室", "国家重点实验室", 1)
        out.append(line)
        if line.startswith("（二十）营造良好氛围"):
            out.append(ADDED_CLAUSE)
    return "\n".join(out)


VERSIONED_ENTRY_OLD = """    source: 000_d096d3cf19f2bb3f.txt
    title: 关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见
    short_title: 海南质量强省意见（征求意见稿）
    issuer: 中共海南省委 海南省人民政府
    date: 2023
    status: 第二次征求意见稿
"""
VERSIONED_ENTRY_NEW = """    versions:
      - {source: 000_d096d3cf19f2bb3f.txt, date: 2023-06, status: 第二次征求意见稿}
      - {source: 005_revised.txt, date: 2024-01-25}
    title: 关于推进质量强省建设强基突破跨越助力海南自由贸易港高质量发展的意见
    short_title: 海南质量强省意见
    issuer: 中共海南省委 海南省人民政府
"""


def make_workspace(folder: Path, versions: bool = True, drop_in: bool = True) -> Path:
    """seeds/ (the five seeds, the revised draft, one corpus text with no entry) and site_config/."""
    seeds, config = folder / "seeds", folder / "site_config"
    shutil.copytree(ROOT / "seeds", seeds)
    shutil.copytree(ROOT / "site_config", config)
    if versions:
        (seeds / REVISED).write_text(revise((seeds / DRAFT).read_text(encoding="utf-8")), encoding="utf-8")
        documents = config / "documents.yml"
        text = documents.read_text(encoding="utf-8")
        assert VERSIONED_ENTRY_OLD in text
        documents.write_text(text.replace(VERSIONED_ENTRY_OLD, VERSIONED_ENTRY_NEW), encoding="utf-8")
    if drop_in:
        shutil.copy(ROOT / "tests" / "fixtures" / "02_nongjihua_zhidao_yijian_2018.txt", seeds)
    return folder


def run_builder(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """python -m builder <args> inside folder, as a maintainer runs it."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=folder, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def build_args(out: str = "site", build_dir: str = "build") -> list[str]:
    return ["build", "--verbose", "--out", out, "--build-dir", build_dir, "--mkdocs", str(ROOT / "mkdocs.yml")]
