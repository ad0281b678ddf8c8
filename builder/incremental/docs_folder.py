"""build/docs kept between builds: a file is made again only when what it is made from changed.

Each file is written under a key, a digest of everything it is made from (Store.key).
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

import hashlib
import os
import shutil
from pathlib import Path
from typing import Callable

from .. import progress
from ..parallel import map_forked
from .store import Store

FILES = "docs-files"  # the entry that lists the folder's files
# Starting workers costs more than rendering a few pages: fewer pages than this (what an edit
# reaches, in a warm build) render sooner in the build's own process.
FORK_MIN_PAGES = 100


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class DocsFolder:
    def __init__(self, folder: Path, store: Store):
        self.folder = folder
        self.store = store
        self.previous: dict[str, tuple[str, int, int]] = store.discard(store.key(FILES, ())) or {}  # name -> key, size, mtime
        if not self.previous and folder.exists():
            shutil.rmtree(folder)
        self.files: dict[str, tuple[str, int, int]] = {}
        self.written: list[str] = []  # names, in the order written
        self.kept: list[str] = []

    def write(self, name: str, depends_on: tuple, make: Callable[[], str | bytes]) -> None:
        """folder/name = make(), unless the previous build wrote it from the same depends_on
        (strings, or values whose repr says them)."""
        self.write_all([(name, depends_on, make)])

    def write_all(self, files: list[tuple[str, tuple, Callable[[], str | bytes]]]) -> None:
        """write() of each (name, depends_on, make); the files to make again are made on
        every core when there are many (a cold build renders a page per document)."""
        pending = []
        top = str(self.folder)
        for name, depends_on, make in files:
            key = self.store.key("docs-file", (name, *depends_on))
            before = self.previous.get(name)
            if before is not None and before[0] == key and _stamp(os.path.join(top, name)) == before[1:]:
                self.files[name] = before
                self.kept.append(name)
            else:
                pending.append((name, key, make))
        # indices travel to the workers, not closures
        progress.advance(len(files) - len(pending))  # kept from the previous build
        made = map_forked(lambda i: pending[i][2](), range(len(pending)), FORK_MIN_PAGES, counted=True)
        for (name, key, _), content in zip(pending, made):
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            self.files[name] = (key, *_stamp(str(path)))
            self.written.append(name)

    def write_text(self, name: str, content: str | bytes) -> None:
        """write() for content already made: it is its own key."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.write(name, (hashlib.sha256(data).hexdigest(),), lambda: content)

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
