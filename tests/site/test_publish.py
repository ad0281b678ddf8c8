"""Publishing never touches what the tool did not make: refused output and build folders,
locks, leftovers of killed builds, the one-step swap, operating-system errors."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import builder.build as build_module
from builder.__main__ import main
from builder.cli import BUSY, INPUT_ERROR, SKIPPED, SYSTEM_ERROR
import builder.publish as publish_module
from builder.publish import BUILD_MARKER, SCRATCH_MARKER, SITE_MARKER, exchange, publish

from ..conftest import ROOT


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def run(*args: str) -> int:
    return main(["build", *args])


@pytest.mark.parametrize("out", [".", "..", "seeds", "seeds/site", "site_config", "mkdocs.yml", "build",
                                 "build/site", str(ROOT), str(ROOT / "builder"), str(ROOT / "docs_templates" / "x")])
def test_an_output_folder_around_or_inside_an_input_is_refused(project, capsys, out):
    before = snapshot(project)
    assert run("--out", out) == INPUT_ERROR
    assert snapshot(project) == before  # refused before anything was written
    err = capsys.readouterr().err
    assert "refusing to use" in err and "output folder" in err and "Traceback" not in err


@pytest.mark.parametrize("build_dir", [".", "seeds", "site_config", "site", "site/build", str(ROOT)])
def test_a_build_folder_around_or_inside_an_input_is_refused(project, capsys, build_dir):
    before = snapshot(project)
    assert run("--build-dir", build_dir) == INPUT_ERROR
    assert snapshot(project) == before
    assert "refusing to use" in capsys.readouterr().err


def test_folders_the_tool_did_not_make_are_refused(project, capsys):
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "a.md").write_text("mine", encoding="utf-8")
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "repo" / SITE_MARKER).write_text("{}", encoding="utf-8")
    os.symlink(project / "docs", project / "link")
    before = snapshot(project)
    for args in (["--out", "notes.txt"], ["--out", "docs"], ["--out", "repo"], ["--out", "link"],
                 ["--build-dir", "docs"], ["--build-dir", "notes.txt"]):
        assert run(*args) == INPUT_ERROR, args
        assert snapshot(project) == before, args
    err = capsys.readouterr().err
    assert "it is a file" in err and f"no {SITE_MARKER}" in err and ".git" in err and "symbolic link" in err


def test_an_empty_folder_and_an_earlier_site_are_taken(project, no_mkdocs):
    (project / "site").mkdir()
    assert run() == 0
    assert (project / "site" / SITE_MARKER).is_file() and (project / "build" / BUILD_MARKER).is_file()
    assert run() == 0  # the site it published, the build folder it made


def test_what_a_person_made_beside_the_site_is_never_removed(project, no_mkdocs):
    (project / "site.old").mkdir()
    (project / "site.old" / "keep.txt").write_text("mine", encoding="utf-8")
    (project / ".site.notes").mkdir()  # looks like a scratch name, but has no scratch marker
    (project / ".site.notes" / "keep.txt").write_text("mine", encoding="utf-8")
    for _ in range(2):
        assert run() == 0
    assert (project / "site.old" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (project / ".site.notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_scratch_folders_of_killed_builds_are_removed(project, no_mkdocs):
    killed = project / ".site.build-abc123"
    (killed / "site").mkdir(parents=True)
    (killed / SCRATCH_MARKER).write_text("999999", encoding="ascii")
    (project / ".site.build-empty").mkdir()  # killed right after making it
    assert run() == 0
    assert not killed.exists() and not (project / ".site.build-empty").exists()


def test_a_site_a_killed_swap_left_in_scratch_is_put_back(project, no_mkdocs, monkeypatch):
    assert run() == 0
    scratch = project / ".site.build-xyz"
    scratch.mkdir()
    (scratch / SCRATCH_MARKER).write_text("1", encoding="ascii")
    (project / "site").rename(scratch / "old")  # the two-rename fallback, killed between its renames

    def check_restored(config_file, site_dir, incremental=False):
        site_dir.mkdir(parents=True, exist_ok=True)
        assert (project / "site" / SITE_MARKER).is_file()  # back before the new site is built
        (site_dir / "index.html").write_text("built", encoding="utf-8")
    monkeypatch.setattr(build_module, "run_mkdocs", check_restored)
    assert run() == 0
    assert not scratch.exists()


def _trash(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.name.startswith(".site.trash-")]


def test_the_old_site_is_removed_by_a_detached_process_not_by_the_build(project, no_mkdocs, monkeypatch):
    assert run() == 0
    (project / "site" / "old.txt").write_text("old", encoding="utf-8")
    started = []
    monkeypatch.setattr(publish_module.subprocess, "Popen", lambda args, **options: started.append((args, options)))
    assert run() == 0
    assert (project / "site" / "index.html").is_file() and not (project / "site" / "old.txt").exists()
    [(args, options)] = started
    trash = Path(args[-1])
    assert trash in _trash(project) and options["start_new_session"] and options["stdout"] == subprocess.DEVNULL
    assert (trash / "site" / "old.txt").is_file() and (trash / SCRATCH_MARKER).is_file()  # left to the remover
    monkeypatch.undo()
    subprocess.run(args, cwd=options["cwd"], check=True)
    assert not trash.exists()


def test_the_old_site_is_gone_eventually(project, no_mkdocs):
    for _ in range(3):
        assert run() == 0
    deadline = time.monotonic() + 60
    while _trash(project) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _trash(project)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_a_running_remover_is_left_alone_and_a_dead_ones_trash_is_finished(project, no_mkdocs):
    import fcntl

    assert run() == 0
    trash = project / ".site.trash-abc123"
    (trash / "site" / "deep").mkdir(parents=True)
    (trash / "site" / "deep" / "page.html").write_text("old", encoding="utf-8")
    (trash / SCRATCH_MARKER).write_text("1", encoding="ascii")
    mine = project / ".site.trash-notes"  # the trash's name, but no marker: a person's
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    remover = os.open(trash / SCRATCH_MARKER, os.O_RDONLY)
    fcntl.flock(remover, fcntl.LOCK_EX)  # a remover at work
    try:
        assert run() == 0  # a second build while it runs
        assert (trash / "site" / "deep" / "page.html").is_file()
    finally:
        os.close(remover)  # the remover died
    assert run() == 0
    assert not trash.exists()
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another process holding a build's lock on path, as a running build does."""
    code = ("import sys, time; from pathlib import Path; from builder.publish import _lock_file; "
            "_lock_file(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.skipif(sys.platform == "win32", reason="locks are POSIX file locks")
@pytest.mark.parametrize("lock", ["build/.lock", ".site.lock"])
def test_a_second_build_at_once_is_told_who_runs(project, no_mkdocs, capsys, lock):
    assert run() == 0
    holder = _hold_lock(project / lock)
    try:
        before = snapshot(project / "site")
        assert run() == BUSY
        err = capsys.readouterr().err
        assert f"another build (pid {holder.pid}) is running" in err and "Traceback" not in err
        assert snapshot(project / "site") == before
    finally:
        holder.kill()
        holder.wait()
    assert run() == 0  # the lock goes with the process that held it


@pytest.mark.skipif(sys.platform == "win32", reason="locks are POSIX file locks")
@pytest.mark.parametrize("planted", ["file", "link"])
def test_a_file_in_the_lock_file_s_place_is_never_written(project, no_mkdocs, capsys, planted):
    """A file of the user's named .site.lock, or a link there to one elsewhere: refused, left as it was."""
    precious = project / "precious.txt"
    precious.write_text("precious", encoding="utf-8")
    lock = project / ".site.lock"
    lock.write_text("precious", encoding="utf-8") if planted == "file" else lock.symlink_to(precious)
    assert run() == 2
    assert "refusing to use" in capsys.readouterr().err
    assert precious.read_text(encoding="utf-8") == "precious" and lock.read_text(encoding="utf-8") == "precious"
    assert not (project / "site").exists()


def test_a_reader_always_finds_a_whole_site(tmp_path):
    """The swap is one step: a reader polling the site never finds it missing or mixed."""
    if not exchange(tmp_path, tmp_path):  # exchanging a folder with itself: a no-op where supported
        pytest.skip("no atomic exchange on this system")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0", encoding="utf-8")
    seen, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append((site / "index.html").read_text(encoding="utf-8"))
            except FileNotFoundError:
                seen.append(None)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for k in range(1, 200):
            scratch = tmp_path / f".site.build-{k}"
            (scratch / "site").mkdir(parents=True)
            (scratch / "site" / "index.html").write_text(str(k), encoding="utf-8")
            publish(scratch / "site", site)
            assert (scratch / "site" / "index.html").read_text(encoding="utf-8") == str(k - 1)  # the old one
            shutil.rmtree(scratch)
    finally:
        stop.set()
        reader.join()
    assert None not in seen
    assert (site / "index.html").read_text(encoding="utf-8") == "199"


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().split(") ")[1].split()[1] == str(pid):
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def _descendants_of(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        children = _children_of(pending.pop())
        found += children
        pending += children
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_during_indexing_leaves_no_process_and_no_folder(project):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    build = subprocess.Popen([sys.executable, "-m", "builder", "build"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        pagefind = None
        while pagefind is None and build.poll() is None and time.monotonic() < deadline:
            workers = _descendants_of(build.pid)  # Pagefind runs in the process indexing beside MkDocs
            pagefind = next((p for p in workers if "pagefind" in _cmdline(p)), None)
            time.sleep(0.02)
        assert pagefind is not None, "the build never started Pagefind"
        build.send_signal(signal.SIGKILL)
        build.wait()
        alive = {p: _cmdline(p) for p in workers}
        deadline = time.monotonic() + 10
        while any(alive.values()) and time.monotonic() < deadline:
            time.sleep(0.05)
            alive = {p: command for p, command in alive.items() if command and _cmdline(p) == command}
        assert not any(alive.values()), f"outlived the build: {alive}"
    finally:
        build.kill()
        build.wait()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.build-")]  # left by the kill
    assert main(["build"]) == 0
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.build-")]


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def mounted(tmp_path):
    """Mount points for real full and read-only file systems (needs root, as CI has)."""
    points = []

    def mount(name: str, *args: str) -> Path:
        point = tmp_path / name
        point.mkdir(exist_ok=True)
        if not _mount(*args, str(point)):
            pytest.skip("mounting needs root")
        points.append(point)
        return point

    yield mount
    for point in reversed(points):
        subprocess.run(["umount", str(point)], capture_output=True)


def _system_error(capsys, path_part: str) -> None:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    line = next(line for line in err.splitlines() if line.startswith("error:"))
    assert path_part in line, line


def test_a_full_disk_is_one_line_and_its_own_exit_code(project, mounted, capsys):
    full = mounted("full", "-t", "tmpfs", "-o", "size=300k", "tmpfs")
    assert run("--out", str(full / "site")) == SYSTEM_ERROR
    _system_error(capsys, str(full))
    assert sorted(p.name for p in full.iterdir()) == [".site.lock"]  # no half-written scratch


def test_read_only_output_parent_and_build_folder(project, mounted, capsys):
    assert run() == 0
    capsys.readouterr()
    readonly = mounted("ro", "--bind", "-o", "ro", str(project / "ro"))  # the folder itself, read-only
    assert run("--out", str(readonly / "site")) == SYSTEM_ERROR
    _system_error(capsys, str(readonly))
    build_dir = project / "build"
    subprocess.run(["mount", "--bind", "-o", "ro", str(build_dir), str(build_dir)], check=True)
    try:
        (project / "seeds" / "003_3815e00a1d0da897.txt").open("a", encoding="utf-8").write("\n新增一段。\n")
        before = snapshot(project / "site")
        assert run() == SYSTEM_ERROR
        _system_error(capsys, "build/")
        assert snapshot(project / "site") == before
    finally:
        subprocess.run(["umount", str(build_dir)], capture_output=True)


def test_help_lists_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for code in ("0", "1", "2", "3", "4", "130"):
        assert f"\n  {code} " in out


# --------------------------------------------------------------------------- found by a hostile operator
def test_a_tampered_state_file_never_deletes_outside_the_build_folder(project, tmp_path):
    assert run() == 0
    victim = tmp_path / "victim" / "keep.txt"
    victim.parent.mkdir()
    victim.write_text("mine", encoding="utf-8")
    state_path = project / "build" / "site-pages.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state["outputs"] += [str(victim), os.path.relpath(victim, project / "build" / "site")]
    state_path.write_text(json.dumps(state), encoding="utf-8")
    assert run() == 0
    assert victim.read_text(encoding="utf-8") == "mine"
    for damaged in ("[]", "null", '{"version": 2, "outputs": 5}'):
        state_path.write_text(damaged, encoding="utf-8")
        assert run() == 0, damaged  # a state it cannot use: every page made again


def test_a_tampered_state_file_never_deletes_through_a_link_in_the_build_folder(project, tmp_path):
    assert run() == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "f1.txt").write_text("mine", encoding="utf-8")
    (project / "build" / "site" / "lnk").symlink_to(victim)
    state_path = project / "build" / "site-pages.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state["outputs"] += ["lnk/f1.txt"]
    state_path.write_text(json.dumps(state), encoding="utf-8")
    assert run() == 0
    assert (victim / "f1.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("name", ["search-shards", "site"])
def test_a_folder_of_the_build_folder_replaced_by_a_link_is_refused(project, tmp_path, capsys, name):
    """Pointing build/search-shards at a bigger disk must not let the build delete there."""
    assert run() == 0
    victim = tmp_path / "victim"
    (victim / "0123456789abcdef").mkdir(parents=True)
    (victim / "0123456789abcdef" / "precious.txt").write_text("mine", encoding="utf-8")
    shutil.rmtree(project / "build" / name)
    (project / "build" / name).symlink_to(victim)
    assert run() == INPUT_ERROR
    assert "symbolic link" in capsys.readouterr().err
    assert (victim / "0123456789abcdef" / "precious.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")
def test_a_search_index_process_that_dies_is_one_line_and_the_system_s_exit_code(project, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "index_search", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    monkeypatch.setattr("builder.parallel.cores", lambda: 2)
    before = snapshot(project / "site") if (project / "site").exists() else None
    assert run() == SYSTEM_ERROR
    err = capsys.readouterr().err
    assert "the search index was not made" in err and "killed by signal 9" in err and "Traceback" not in err
    assert (snapshot(project / "site") if (project / "site").exists() else None) == before


def test_an_interrupt_once_the_site_is_published_says_it_is(project, monkeypatch, capsys):
    from builder.cli import INTERRUPTED, interruptible

    assert run() == 0
    capsys.readouterr()
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "discard", interrupted)  # Ctrl-C while the old site is set aside
    assert interruptible(run) == INTERRUPTED
    assert "already published" in capsys.readouterr().err
    assert any("新增一段" in p.read_text(encoding="utf-8") for p in (project / "site").rglob("index.html"))


def test_a_library_with_no_document_to_build_says_so(project, capsys):
    for seed in (project / "seeds").iterdir():
        seed.unlink()
    (project / "seeds" / "empty.txt").write_bytes(b"")
    (project / "site_config" / "documents.yml").write_text("documents: []\n", encoding="utf-8")
    assert run() == INPUT_ERROR
    err = capsys.readouterr().err
    assert "no document could be built" in err and "empty.txt" in err and "pagefind" not in err


def test_a_trash_folder_swapped_for_a_link_empties_nothing(tmp_path):
    victim = tmp_path / "victim"
    (victim / "docs").mkdir(parents=True)
    (victim / "docs" / "f1.txt").write_text("mine", encoding="utf-8")
    (victim / SCRATCH_MARKER).write_text("1", encoding="ascii")  # even one that carries the marker
    trash = tmp_path / ".site.trash-abc123"
    trash.symlink_to(victim)  # swapped in while the remover was about to start
    publish_module.empty_trash(trash)
    assert (victim / "docs" / "f1.txt").read_text(encoding="utf-8") == "mine" and trash.is_symlink()


def test_another_outputs_folders_are_not_this_ones_leftovers(tmp_path):
    """site and site.trash-x side by side: .site.trash-x.build-… is the second output's scratch
    folder, not a trash folder of the first."""
    other = tmp_path / ".site.trash-x.build-abc123"
    other.mkdir()
    (other / SCRATCH_MARKER).write_text("1", encoding="ascii")
    (other / "site").mkdir()
    assert publish_module.remove_leftovers(tmp_path / "site") == [] and (other / "site").is_dir()


def test_folders_that_only_look_like_the_tools_are_refused(project, capsys):
    (project / "proj" / "docs").mkdir(parents=True)
    (project / "proj" / "mkdocs.yml").write_text("# Generated by mkdocs new, edited by me\n", encoding="utf-8")
    (project / "proj" / "docs" / "index.md").write_text("# my notes\n", encoding="utf-8")
    (project / "web" / "data").mkdir(parents=True)
    for name in ("anchors.json", "build-report.json"):
        (project / "web" / "data" / name).write_text("{}", encoding="utf-8")
    (project / "web" / "CNAME").write_text("my.domain", encoding="utf-8")
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "plain.txt").write_text("x", encoding="utf-8")
    before = snapshot(project)
    for args in (["--build-dir", "proj"], ["--out", "web"], ["--out", "repo/.git"], ["--out", "repo/.git/site"],
                 ["--build-dir", "plain.txt/build"], ["--mkdocs", "missing.yml"], ["--seeds", "missing"]):
        assert run(*args) == INPUT_ERROR, args
    assert snapshot(project) == before
    assert "Traceback" not in capsys.readouterr().err


def test_damaged_previous_anchors_are_a_warning_or_an_input_error(project, capsys):
    assert run() == 0
    (project / "site" / "data" / "anchors.json").write_text('{"pages": {"index.md": [{"a": 1}]}}', encoding="utf-8")
    assert run() == 0  # the site being replaced is only a default to compare with
    numbers = project / "numbers.json"
    numbers.write_text('{"pages": {"gone/": [1, 2]}}', encoding="utf-8")
    assert run("--previous", str(numbers)) == INPUT_ERROR  # asked for explicitly, it must be readable
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_seed_that_is_no_regular_file_is_skipped_and_named(project, no_mkdocs, capsys):
    os.mkfifo(project / "seeds" / "pipe.txt")  # reading it would wait for ever
    (project / "seeds" / "folder.txt").mkdir()
    os.symlink(project / "nowhere", project / "seeds" / "broken.txt")
    (project / "seeds" / "bell\x07name.txt").write_text("关于测试的通知\n一、总则\n内容。\n", encoding="utf-8")
    (project / "seeds" / "x\nerror: fake.txt").write_text("关于测试的通知\n一、总则\n内容。\n", encoding="utf-8")
    assert run() == SKIPPED
    err = capsys.readouterr().err
    for name in ("pipe.txt", "folder.txt", "broken.txt"):
        assert f"skipped: {name}: 不是普通文件" in err
    assert "\x07" not in err and "bell\\x07name.txt" in err  # a control character is shown, not sent
    assert "\nerror: fake" not in err and "x\\x0aerror: fake.txt" in err  # no line of its own


@pytest.mark.parametrize("setting", [
    'repo_url: "https://x.example/\\"><script>alert(1)</script>"',
    "extra:\n  homepage: \"javascript:alert('home')\"",
    "extra:\n  social:\n    - {icon: fontawesome/brands/github, link: \"javascript:alert('s')\"}",
    "extra_javascript:\n  - https://cdn.example.com/x.js",
])
def test_settings_that_could_run_script_or_reach_out_are_refused(project, capsys, setting):
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("\n" + setting + "\n")
    assert run() == INPUT_ERROR
    err = capsys.readouterr().err
    assert "error: mkdocs.yml:" in err and "Traceback" not in err


@pytest.mark.parametrize("content", ["- a\n- b\n", "site_name: [unclosed\n", "extra: 5\n"])
def test_the_offline_copy_reports_a_bad_settings_file(project, capsys, content):
    from builder.offline import main as offline_main
    (project / "mkdocs.yml").write_text(content, encoding="utf-8")
    assert offline_main([]) == INPUT_ERROR
    assert "Traceback" not in capsys.readouterr().err


def test_a_seed_linked_to_a_file_outside_the_seeds_folder_is_skipped_not_published(project, no_mkdocs, capsys, tmp_path):
    """A seeds folder from an archive or a repository may hold links: one leading out of it
    (/etc/passwd, a key) is named and skipped; one to a file inside it is read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("关于密钥的通知\n一、密钥是 hunter2。\n", encoding="utf-8")
    (project / "seeds" / "passwd.txt").symlink_to(secret)
    own = sorted((project / "seeds").glob("0*.txt"))[0]
    (project / "seeds" / "alias.txt").symlink_to(own.name)
    run()
    err = capsys.readouterr().err
    assert "passwd.txt" in err and "是指向 seeds/ 以外的链接" in err
    assert not any("hunter2" in p.read_text(encoding="utf-8", errors="replace")
                   for p in (project / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".txt"))
    assert "alias.txt: 是指向" not in err  # a link inside the folder is read as its file
