"""Where a build may write, and how the finished site replaces the old one.

The build writes only into two folders it owns: the build folder (generated Markdown, the
cache, scratch files) and the output folder (the published site). Both are checked before
anything is written: neither may be, hold or lie inside an input, and an existing one must
carry the marker this tool leaves in what it makes, so a mistyped `--out .` or `--out seeds`
is refused instead of replaced. A lock per folder keeps two builds apart.

The new site is built in a scratch folder beside the output (same file system) and swapped in
with one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`): a reader sees the old site or the
new one, never none. Where the exchange is not available, two renames with interrupts held in
between do the same, with a moment in which the output folder is missing.

Deleting the old site takes longer than the swap, so the maintainer does not wait for it: the
scratch folder holding it is renamed into a trash folder beside the output and emptied by a
detached process that holds a lock on the folder's marker while it works. The next build
finishes a trash folder nobody holds (its remover died) and leaves a held one alone.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .model import BuildError
from .site_names import TEMPLATES

SITE_MARKER = ".policy-site"  # in the root of every site this tool publishes
BUILD_MARKER = ".policy-build"  # in the root of every build folder this tool made
SCRATCH_MARKER = ".policy-scratch"  # in a scratch folder beside the output while a build runs
LOCK_NAME = ".lock"  # inside the build folder

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C or SIGTERM once the new site was published (while the old one was being discarded)."""


class BuildBusy(BuildError):
    """Another build holds the lock of a folder this build needs."""


@dataclass(frozen=True)
class Inputs:
    """What a build reads: never written, never inside or around an output."""

    seeds: Path
    config: Path
    mkdocs: Path
    extra: tuple[Path, ...] = ()

    def named(self) -> list[tuple[str, Path]]:
        return [("the seeds folder", self.seeds), ("the config folder", self.config),
                ("the settings file", self.mkdocs), ("the templates folder", TEMPLATES),
                ("the builder package", PACKAGE_DIR), *(("an input", p) for p in self.extra)]


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _refuse(folder: Path, what: str, why: str, hint: str) -> BuildError:
    return BuildError(str(folder), None, f"refusing to use {folder} as {what}: {why}", hint)


def _check_placement(folder: Path, what: str, inputs: Inputs, other: tuple[str, Path]) -> None:
    """folder must not be, hold or lie inside an input or the other output folder, nor be the
    project (or a folder around it), nor hold or be a git repository, and the folders it would
    be made in must be folders."""
    real = _real(folder)
    if ".git" in real.parts:
        raise _refuse(folder, what, "it is or lies inside a git repository's .git folder",
                      f"choose a folder of its own for {what}, such as the default")
    ancestor = real.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise _refuse(folder, what, f"{ancestor} is a file, not a folder", "name a folder that can be made there")
    for name, path in [*inputs.named(), other]:
        target = _real(path)
        relation = ("it is" if real == target else "it holds" if _within(target, real)
                    else "it lies inside" if _within(real, target) else None)
        if relation:
            raise _refuse(folder, what, f"{relation} {name} ({path})",
                          f"choose a folder of its own for {what}, such as the default")
    if _within(PROJECT_ROOT, real) or _within(Path.cwd().resolve(), real):
        raise _refuse(folder, what, "it holds the project or the current folder",
                      f"pass a new or empty folder for {what}")
    if (real / ".git").exists():
        raise _refuse(folder, what, "it holds a git repository (.git)",
                      "publish to a folder of its own and copy the site from there")


def _check_owned(folder: Path, what: str, marker: str) -> None:
    """An existing folder is used only when it is empty or this tool made it."""
    if folder.is_symlink():
        raise _refuse(folder, what, "it is a symbolic link", "pass the folder the link points to")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise _refuse(folder, what, "it is a file, not a folder",
                      "name a folder; a missing one is created")
    if any(folder.iterdir()) and not (folder / marker).is_file():
        raise _refuse(folder, what, f"it is not empty and this tool did not make it (no {marker} file in it)",
                      f"pass a new or empty folder for {what}, or move its content away (a folder an "
                      "earlier version of this tool made holds only generated files: delete it once)")


def check_job_folder(folder: Path, what: str, inputs: Inputs, marker: str, build_dir: Path) -> None:
    """A search job's own output (its bundles folder, the site it assembles into): placed as an
    output folder, and used only when empty or made by this tool (marker)."""
    _check_placement(folder, what, inputs, ("the build folder", build_dir))
    _check_owned(folder, what, marker)


def check_folders(out: Path, build_dir: Path, inputs: Inputs) -> None:
    """Raise BuildError (before anything is written) unless the inputs are there and `out` and
    `build_dir` are safe to write: see the module's docstring."""
    for name, path, is_there in (("seeds folder", inputs.seeds, Path.is_dir), ("config folder", inputs.config, Path.is_dir),
                                 ("settings file", inputs.mkdocs, Path.is_file)):
        if not is_there(path):
            raise BuildError(str(path), None, f"the {name} is not there", f"pass the {name} (see --help)")
    _check_placement(out, "the output folder", inputs, ("the build folder", build_dir))
    _check_placement(build_dir, "the build folder", inputs, ("the output folder", out))
    if out.name in ("", ".", ".."):
        raise _refuse(out, "the output folder", "it has no name of its own", "name a folder, such as site")
    _check_owned(build_dir, "the build folder", BUILD_MARKER)
    _check_owned(out, "the output folder", SITE_MARKER)
    if build_dir.is_dir():  # the build deletes and writes inside its folders: never through a link
        for entry in build_dir.iterdir():
            if entry.is_symlink():
                raise _refuse(entry, "a folder of the build folder", "it is a symbolic link (the build deletes inside it)",
                              "remove the link (the build makes the folder again); to build on another disk, "
                              "pass --build-dir there")


def _lock_file(path: Path) -> int:
    """An open descriptor of path holding an exclusive lock, or BuildBusy naming the holder."""
    import fcntl

    try:  # never through a link, never waiting on a pipe
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise _refuse(path, "a lock file", "it is a symbolic link", f"remove {path}: the build makes its own") from None
    info = os.fstat(fd)
    held = os.pread(fd, 32, 0).strip() if stat.S_ISREG(info.st_mode) and info.st_size <= 32 else b"-"
    if held and not held.isdigit():  # a lock file holds the pid of the build that last took it, or nothing
        os.close(fd)
        raise _refuse(path, "a lock file", "a file of that name is there and this tool did not write it",
                      f"move {path} away, or build into a folder of another name")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = ""
        for _ in range(50):  # the holder writes its pid right after taking the lock
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            if holder:
                break
            time.sleep(0.01)
        os.close(fd)
        holder = holder or "?"
        raise BuildBusy(str(path), None, f"another build (pid {holder}) is running",
                        "wait for it to finish, or stop it, then build again") from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


def _unlock(fd: int) -> None:
    os.close(fd)  # closing the descriptor releases the lock; the file stays for the next build


def output_lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def locked(out: Path, build_dir: Path) -> Iterator[None]:
    """Hold the build folder's lock and the output's for the block; creates the build folder
    (with its marker). The output's lock is a file beside it, as the output itself is swapped."""
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / BUILD_MARKER).touch()
    with ExitStack() as stack:
        if sys.platform != "win32":
            stack.callback(_unlock, _lock_file(build_dir / LOCK_NAME))
            out.parent.mkdir(parents=True, exist_ok=True)
            stack.callback(_unlock, _lock_file(output_lock_path(out)))
        yield


def scratch_prefix(out: Path) -> str:
    return f".{out.name}.build-"


def trash_prefix(out: Path) -> str:
    return f".{out.name}.trash-"


_SUFFIX = re.compile(r"[a-z0-9_]+")  # what tempfile.mkdtemp puts after the prefix


def _marked(entry: Path, prefix: str) -> bool:
    """A folder this tool made: its name is prefix and a mkdtemp suffix (so another output's
    folders, .site.trash-x.build-…, are not this one's) and it holds the scratch marker (or
    nothing at all: made and not yet marked, or emptied and not yet removed)."""
    if (not entry.name.startswith(prefix) or not _SUFFIX.fullmatch(entry.name[len(prefix):])
            or entry.is_symlink() or not entry.is_dir()):
        return False
    return (entry / SCRATCH_MARKER).is_file() or not any(entry.iterdir())


def _held(marker: Path) -> bool:
    """True while a remover holds the lock on a trash folder's marker."""
    if sys.platform == "win32":
        return False
    import fcntl

    try:
        fd = os.open(marker, os.O_RDONLY)
    except FileNotFoundError:  # an emptied folder: nothing left to wait for
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _skip_missing(function, path, info) -> None:
    """rmtree's error handler: what another remover took away already is not an error."""
    if not isinstance(info[1], FileNotFoundError):
        raise info[1]


def empty_trash(folder: Path) -> None:
    """Remove a trash folder, its marker last, so that a remover that dies part way leaves a
    folder the next build still knows as this tool's. Tolerates another remover at work.
    Everything goes through a descriptor of the folder, opened without following a link and
    holding the marker: a folder swapped for a link, or for one that is not this tool's, while
    the remover works is never emptied."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # gone, or not a folder any more (a link): nothing of ours to remove
        return
    try:
        try:
            if not stat.S_ISREG(os.stat(SCRATCH_MARKER, dir_fd=fd, follow_symlinks=False).st_mode):
                return
        except FileNotFoundError:
            if os.listdir(fd):
                return  # not marked and not empty: not this tool's
        for name in os.listdir(fd):
            if name == SCRATCH_MARKER:
                continue
            try:
                if stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                    shutil.rmtree(name, dir_fd=fd, onerror=_skip_missing)  # never follows links
                else:
                    os.unlink(name, dir_fd=fd)
            except FileNotFoundError:
                pass
        try:
            os.unlink(SCRATCH_MARKER, dir_fd=fd)
        except FileNotFoundError:
            pass
    finally:
        os.close(fd)
    try:
        folder.rmdir()  # only an empty folder, never a link
    except OSError:
        pass


def remove_leftovers(out: Path) -> list[Path]:
    """Scratch folders of builds that were killed, and trash folders whose remover died. Call
    with the output's lock held: then no live build owns any scratch folder. A site a killed
    publish left in one is put back when the output folder is missing."""
    removed = []
    if not out.parent.is_dir():
        return removed
    for entry in sorted(out.parent.iterdir()):
        if _marked(entry, scratch_prefix(out)):
            old = entry / "old"
            if not out.exists() and (old / SITE_MARKER).is_file():
                old.rename(out)
            shutil.rmtree(entry)
            removed.append(entry)
        elif _marked(entry, trash_prefix(out)) and not _held(entry / SCRATCH_MARKER):
            empty_trash(entry)
            removed.append(entry)
    return removed


_REMOVER = "import sys, pathlib, builder.publish as p; p.empty_trash(pathlib.Path(sys.argv[1]))"


def discard(scratch: Path, out: Path) -> None:
    """Remove a scratch folder (after publishing it holds the old site) without waiting: it is
    renamed into a trash folder and emptied by a detached process holding its marker's lock."""
    if sys.platform == "win32":
        shutil.rmtree(scratch)
        return
    import fcntl

    trash = scratch.with_name(trash_prefix(out) + scratch.name.removeprefix(scratch_prefix(out)))
    scratch.rename(trash)
    fd = os.open(trash / SCRATCH_MARKER, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # passed on to the remover: the lock lives as long as it
        subprocess.Popen([sys.executable, "-c", _REMOVER, str(trash)], cwd=PROJECT_ROOT, pass_fds=(fd,),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:  # no process to be had: removed while the maintainer waits, as it was before
        empty_trash(trash)
    finally:
        os.close(fd)


def new_scratch(out: Path) -> Path:
    """A scratch folder beside the output, marked as this tool's; the new site goes in its `site`."""
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix(out), dir=out.parent))
    (scratch / SCRATCH_MARKER).write_text(str(os.getpid()), encoding="ascii")
    return scratch


@contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """An operating-system error that names no file (a write that found the disk full) is
    about the folder being written."""
    try:
        yield
    except OSError as error:
        if not error.filename:
            error.filename = str(folder)
        raise


def link_tree(source: Path, target: Path) -> None:
    """target: a new folder holding every file of source as a hard link (no data copied), or
    as a copy where the two are on different file systems. Whoever writes into source
    afterwards must replace files, never write into them."""
    target.mkdir(parents=True)
    link = os.link
    for root, dirs, names in os.walk(source):
        folder = target / os.path.relpath(root, source)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                link(os.path.join(root, name), folder / name)
            except OSError as error:
                if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                    raise
                link = shutil.copy2  # no hard links here (another file system): copies, from now on
                link(os.path.join(root, name), folder / name)


def mark_site(site: Path) -> None:
    (site / SITE_MARKER).write_text(json.dumps({"made_by": "python -m builder build"}) + "\n", encoding="utf-8")


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, so an interrupt cannot land between two
    steps that must happen together; a held signal is raised again right after.

    Python runs signal handlers in the main thread only, so handlers that just record the
    signal hold it whatever other threads exist (a thread's signal mask would not: the kernel
    hands a process's signal to any thread that does not block it)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    held: list[int] = []
    previous = {number: signal.signal(number, lambda received, _: held.append(received))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in held:
            signal.raise_signal(number)


_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot (then nothing moved)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(new_site: Path, site: Path) -> None:
    """Put new_site (inside a scratch folder) in place of site; the old site ends up in the
    scratch folder, which the caller removes.

    With an existing site, one atomic exchange; where that is missing, two renames with
    interrupts held off between them (if the second fails the old site is put back)."""
    if not site.exists():
        new_site.rename(site)
        return
    if exchange(new_site, site):
        return
    old = new_site.parent / "old"
    with signals_deferred():
        site.rename(old)
        try:
            new_site.rename(site)
        except OSError:
            old.rename(site)
            raise
