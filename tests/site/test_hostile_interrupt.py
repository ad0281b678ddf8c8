"""Never a half-written site: a build killed at any moment leaves the previous site/ whole
(or the new one, if it was already swapped in), and the next build succeeds."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from ..conftest import CONFIG, ROOT, SEEDS

KILLS = 5
MARKER = "PREVIOUS-BUILD"  # planted in the old site: tells the old site from a new one


def build_command(work: Path) -> list[str]:
    return [sys.executable, "-m", "builder", "build", "--seeds", str(SEEDS), "--config", str(CONFIG),
            "--out", str(work / "site"), "--build-dir", str(work / "build"), "--mkdocs", str(ROOT / "mkdocs.yml")]


def run(work: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(build_command(work), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


# Pagefind names its index files by content hash, and its filter files differ from build to
# build (it orders pages by a hash map): compare those by count, and check the bundle is whole.
PAGEFIND_HASH = re.compile(r"(?<=_)[0-9a-f]{7,10}(?=\.pf_)")


def files(site: Path) -> Counter:
    found = Counter(PAGEFIND_HASH.sub("#", str(p.relative_to(site))) for p in site.rglob("*") if p.is_file())
    for entry in (site / "pagefind").glob("*/pagefind-entry.json"):  # each bundle whole
        for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values():
            assert (entry.parent / f"pagefind.{language['hash']}.pf_meta").is_file()
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A complete site built without interruption, and how long a build takes."""
    work = tmp_path_factory.mktemp("reference")
    started = time.monotonic()
    result = run(work)
    assert result.returncode == 0, result.stderr
    return files(work / "site"), time.monotonic() - started


def test_killed_build_leaves_a_whole_site_and_a_rerun_succeeds(tmp_path, reference):
    complete, seconds = reference
    first = run(tmp_path)
    assert first.returncode == 0, first.stderr
    site = tmp_path / "site"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for kill in range(KILLS):
        (site / MARKER).write_text("old", encoding="utf-8")
        # one kill in each fifth of the build, so start-up, parsing, rendering, mkdocs and
        # publishing all get hit over the runs
        delay = seconds * (kill + rng.random()) / KILLS
        process = subprocess.Popen(build_command(tmp_path), cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        where = f"(random seed {seed}, killed after {delay:.2f}s, exit {process.returncode})"
        assert site.is_dir(), f"site/ is gone {where}"
        present = files(site)
        if MARKER in present:
            assert present - Counter([MARKER]) == complete, f"previous site changed {where}"
        else:
            assert present == complete, f"new site incomplete {where}"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.build-")]
    assert not leftovers, f"temporary build folders left behind (random seed {seed})"
    rerun = run(tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert files(site) == complete
    # old sites go to trash folders emptied in the background; the rerun finished any a kill orphaned
    deadline = time.monotonic() + 120
    while (leftovers := [p.name for p in tmp_path.iterdir() if p.name.startswith(".site") and p.name != ".site.lock"]) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not leftovers, f"trash or temporary folders left behind (random seed {seed})"
