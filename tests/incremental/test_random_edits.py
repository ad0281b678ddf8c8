"""Random sequences of the edits a maintainer makes (clause text, numbers, lines removed, seeds
renamed, removed and added, topic keywords, a documents.yml title) leave a warm builder pass
equal to a cold one after every step: the incremental layer never serves a stale value."""
from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from ..maint_helpers import ROOT, make_workspace
from .test_warm_render import builder_pass, tree

FIXTURES = ROOT / "tests" / "fixtures"
ADDABLE = ("13_shanghai_chanpin_zhiliang_tiaoli_2012.txt", "20_linhu_zhiliang_qiangqu_xingdong_jihua_2024_2026.txt")


def seeds(workspace: Path) -> list[Path]:
    return sorted((workspace / "seeds").glob("*.txt"))


def pick(items: list, choice: int):
    return items[choice % len(items)]


def edit_line(workspace: Path, choice: int, change) -> None:
    seed = pick(seeds(workspace), choice)
    lines = seed.read_text(encoding="utf-8").split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 20]
    if body:
        i = pick(body, choice // 7)
        lines[i:i + 1] = change(lines[i])
        seed.write_text("\n".join(lines), encoding="utf-8")


def append_sentence(workspace: Path, choice: int) -> None:
    edit_line(workspace, choice, lambda line: [line + "各地要结合实际抓好落实。"])


def change_number(workspace: Path, choice: int) -> None:
    edit_line(workspace, choice, lambda line: [re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), line, 1)])


def remove_line(workspace: Path, choice: int) -> None:
    edit_line(workspace, choice, lambda line: [])


def unlisted(workspace: Path) -> list[Path]:
    """The seeds documents.yml does not name (renaming or removing a listed one is a config
    error, reported as such: tests/site/test_config_errors.py)."""
    listed = (workspace / "site_config" / "documents.yml").read_text(encoding="utf-8")
    return [seed for seed in seeds(workspace) if seed.name not in listed]


def rename_seed(workspace: Path, choice: int) -> None:
    if unlisted(workspace):
        seed = pick(unlisted(workspace), choice)
        seed.rename(seed.with_name(f"renamed-{uuid.uuid4().hex[:6]}.txt"))


def remove_seed(workspace: Path, choice: int) -> None:
    if unlisted(workspace):
        pick(unlisted(workspace), choice).unlink()


def add_seed(workspace: Path, choice: int) -> None:
    name = pick(list(ADDABLE), choice)
    shutil.copy(FIXTURES / name, workspace / "seeds" / f"added-{uuid.uuid4().hex[:6]}-{name}")


def topic_keyword(workspace: Path, choice: int) -> None:
    """A keyword the seeds use, added to the first topic: sections gain its tag."""
    topics = workspace / "site_config" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    words = [w for w in ("高质量发展", "营商环境", "质量强省", "质量发展") if w not in text]
    if words:
        topics.write_text(text.replace("keywords: [", f"keywords: [{pick(words, choice)}, ", 1), encoding="utf-8")


def retitle(workspace: Path, choice: int) -> None:
    documents = workspace / "site_config" / "documents.yml"
    text = documents.read_text(encoding="utf-8")
    titles = re.findall(r"^    short_title: (.+)$", text, re.M)
    old = pick(titles, choice)
    documents.write_text(text.replace(f"short_title: {old}", f"short_title: {old}（修订{choice % 5}）", 1),
                         encoding="utf-8")


EDITS = [append_sentence, change_number, remove_line, rename_seed, remove_seed, add_seed, topic_keyword, retitle]


# no shrinking: each step is a build; the failing sequence is named in the assertion
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000)), min_size=3, max_size=4))
# a renamed seed kept the warnings that named its old file
@example(steps=[(topic_keyword, 787), (add_seed, 5761), (rename_seed, 341)])
def test_warm_equals_cold_after_every_edit(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("edits")
    workspace, warm = make_workspace(folder / "workspace"), folder / "warm"
    builder_pass(workspace, warm)
    for number, (edit, choice) in enumerate(steps):
        edit(workspace, choice)
        builder_pass(workspace, warm)
        cold = folder / f"cold-{number}"
        builder_pass(workspace, cold)
        assert tree(warm) == tree(cold), f"after {[e.__name__ for e, _ in steps[:number + 1]]}"
        shutil.rmtree(cold)
