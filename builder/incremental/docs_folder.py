"""build/docs kept between builds: a file is made again only when what it is made from changed.

Each file is written under a key, a digest of everything it is made from: the function that
makes it and that function's arguments (model.Page), and the templates.
When render finishes, the keys of the files it wrote are stored in the cache with each
file's size and mtime; the next build keeps a file whose key is the same and that nobody
touched since, and renders and writes the others. Files a build does not produce are
removed, so the folder always equals what a build from nothing writes. Keeping files
(rather than cached texts) saves deleting and rewriting the whole folder, which in a large
library takes longer than rendering a changed page.

The list is taken out of the cache when render starts: a render that stops half-way
leaves none, and the next build starts from an empty folder.
"""
from __future__ import annotations

import inspect
import os
import shutil
from pathlib import Path
from stat import S_ISREG

from .. import progress
from ..parallel import map_forked
from ..model import Page
from .digest import Digests
from .store import Store

FILES = "docs-files"  # the entry that lists the folder's files
# Starting workers costs more than rendering a few pages: fewer pages than this (what an edit
# reaches, in a warm build) render sooner in the build's own process.
FORK_MIN_PAGES = 100


def _stamp(path: str) -> tuple[int, int] | None:
    """A regular file's size and modification time; None for anything else (gone, a link)."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns) if S_ISREG(stat.st_mode) else None


def _maker(page: Page) -> str:
    """The name of page.make: a module-level function, whose only inputs are its arguments. A
    lambda, a nested function, a bound method or a callable object would read values the key
    does not hold (captured ones, its object's)."""
    make = page.make
    if not inspect.isfunction(make) or make.__closure__ or "<" in make.__qualname__:
        raise TypeError(f"{page.path}: Page.make must be a module-level function (its arguments are all it may "
                        f"read), not {make!r}")
    return f"{make.__module__}.{make.__qualname__}"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class DocsFolder:
    def __init__(self, folder: Path, store: Store, code: str):
        """code: a digest of what makes pages besides the builder's code (the templates)."""
        self.folder = folder
        self.store = store
        self.code = code
        self.digests = Digests()
        self.previous: dict[str, tuple[str, int, int]] = store.discard(store.key(FILES, ())) or {}  # name -> key, size, mtime
        if not self.previous and folder.exists():
            shutil.rmtree(folder)
        self.files: dict[str, tuple[str, int, int]] = {}
        self.written: list[str] = []  # names, in the order written
        self.kept: list[str] = []

    def write_pages(self, pages: list[Page]) -> None:
        """Write each page, unless the previous build wrote it from arguments with the same
        digest; the pages to make again are made on every core when there are many (a cold
        build renders a page per document). Pages that read others are made after them."""
        self._write([page for page in pages if not page.reads])
        self._write([page for page in pages if page.reads])

    def _write(self, pages: list[Page]) -> None:
        pending = []
        top = str(self.folder)
        for page in pages:
            templates = "" if getattr(page.make, "without_templates", False) else self.code
            key = self.store.key("page", (page.path, templates, _maker(page), self.digests.of(page.args),
                                          [self.files[path][0] for path in page.reads]))
            before = self.previous.get(page.path)
            if before is not None and before[0] == key and _stamp(os.path.join(top, page.path)) == before[1:]:
                self.files[page.path] = before
                self.kept.append(page.path)
            else:
                pending.append((page, key))
        progress.kept(len(pages) - len(pending))
        # indices travel to the workers, not closures
        made = map_forked(lambda i: self._make(pending[i][0]), range(len(pending)), FORK_MIN_PAGES, counted=True)
        for (page, key), text in zip(pending, made):
            path = self._own_path(page.path)
            data = text.encode("utf-8") if isinstance(text, str) else text
            if _read(path) != data:  # the same bytes: left alone, so MkDocs need not look at it again
                path.write_bytes(data)
            self.files[page.path] = (key, *_stamp(str(path)))
            self.written.append(page.path)

    def _own_path(self, name: str) -> Path:
        """folder/name, made sure to be this folder's own: a link planted on its way (to a file
        or a folder elsewhere) is removed, never written through."""
        self.folder.mkdir(parents=True, exist_ok=True)
        *folders, file = Path(name).parts
        path = self.folder
        for part in folders:
            path = path / part
            if path.is_symlink():
                path.unlink()
            path.mkdir(exist_ok=True)
        path = path / file
        if path.is_symlink():
            path.unlink()
        return path

    def _make(self, page: Page) -> str | bytes:
        return page.make(*page.args, *((self.folder / path).read_bytes() for path in page.reads))

    def finish(self) -> None:
        """Remove what this build did not write or keep, and record the files for the next build."""
        if self.folder.is_dir():
            self._remove_others(str(self.folder), "")
        self.store.store(self.store.key(FILES, ()), self.files)

    def _remove_others(self, folder: str, prefix: str) -> bool:
        """Remove what this build did not write or keep in folder (whose files are named
        prefix + their name) and the folders left empty; True if folder is left empty."""
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if self._remove_others(entry.path, name + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif name in self.files:
                    empty = False
                else:
                    os.unlink(entry.path)
        return empty
