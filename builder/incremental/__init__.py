"""The incremental layer: a build that does again only what an edit changed.

It wraps the pipeline's stages without their knowing (builder/runner.py): a stage call is
remembered under a digest of its inputs and of the builder's code (store.Store.key), and a
later build with the same digest takes the value instead of calling the stage. A parsed
file depends on its name, its bytes and the chrome rules; work on one parsed document on its
clauses, slug, titles, date and the config values it reads. Pages keep their files between builds
(docs_folder.DocsFolder). `with Incremental(folder):` wraps one build; prune() at its end
forgets what the build did not use.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, TypeVar

from .. import progress
from ..model import BuildError, Document
from ..parallel import map_forked
from ..runner import clause_digest, document_inputs
from .store import Store

T = TypeVar("T")


class Incremental(Store):
    """A runner (builder/runner.py) that remembers each call's value in a Store."""

    def __init__(self, folder: Path | None):
        super().__init__(folder)
        self._digests: dict[int, tuple[Document, str]] = {}  # id(doc) -> (doc, clause_digest(doc))

    def files(self, kind: str, paths: list[Path], inputs: tuple, work: Callable[[Path], T],
              ) -> list[tuple[T | Exception, bool]]:
        keys: list[str | Exception | None] = []  # None: nothing is kept (no folder)
        for path in paths:
            try:
                keys.append(self._file_key(kind, path, inputs) if self.folder is not None else None)
            except OSError as error:
                keys.append(error)
        values = self.load([key for key in keys if isinstance(key, str)])[::-1]
        found: list[tuple[T | Exception, bool] | None] = []
        missing: list[tuple[int, Path, str | None]] = []  # (position, path, key)
        for path, key in zip(paths, keys):
            if isinstance(key, Exception):
                found.append((key, False))
                continue
            value = values.pop() if key is not None else None
            found.append(None if value is None else (value, True))
            if value is None:
                missing.append((len(found) - 1, path, key))

        def compute_and_store(item: tuple[int, Path, str | None]) -> T | Exception:
            _, path, key = item
            try:
                value = work(path)
                # kept only if the file did not change while it was read
                if key is not None and key == self._file_key(kind, path, inputs):
                    self.store(key, value)
            except (BuildError, OSError) as error:
                return error
            return value

        progress.advance(len(paths) - len(missing))  # from an earlier build
        for (position, _, _), value in zip(missing, map_forked(compute_and_store, missing, counted=True)):
            found[position] = (value, False)
        return found

    def _file_key(self, kind: str, path: Path, inputs: tuple) -> str:
        return self.key(kind, (path.name, hashlib.sha256(path.read_bytes()).hexdigest(), *inputs))

    def each(self, kind: str, docs: list[Document], inputs: tuple, work: Callable[[Document], T]) -> list[T]:
        return self._computed(self.keys(kind, docs, inputs), lambda i: work(docs[i]))

    def keys(self, kind: str, docs: list[Document], inputs: tuple) -> list[str]:
        """The keys each(kind, docs, inputs) keeps its values under. prune() keeps their
        entries: a build may rely on one without reading it (the value is part of something
        else it kept)."""
        configured = self.key("config", inputs)  # once, not once per document: config reprs are long
        keys = [self.key(kind, (*document_inputs(d, self._clauses(d)), configured)) for d in docs]
        self.used.update(keys)
        return keys

    def once(self, kind: str, inputs: tuple, work: Callable[[], T], usable: Callable[[T], bool] | None = None) -> T:
        """work(), or its value from an earlier build with the same inputs. A stored value that
        `usable` turns down counts as damaged."""
        return self._computed([self.key(kind, inputs)], lambda _: work(), usable)[0]

    def reserve(self, kind: str, inputs: tuple) -> None:
        """This build relies on once(kind, inputs)'s value without asking for it: keep it."""
        self.used.add(self.key(kind, inputs))

    def previous(self, kind: str) -> Any:
        """What keep(kind) handed on in an earlier build with the same builder code, or None.
        It leaves the store: a build that stops before its own keep() leaves none behind."""
        return self.discard(self.key(kind, ()))

    def keep(self, kind: str, value: Any) -> None:
        self.store(self.key(kind, ()), value)

    def _computed(self, keys: list[str], compute: Callable[[int], T],
                  usable: Callable[[T], bool] | None = None) -> list[T]:
        """For each key, its stored value, or compute(i) (stored), the missing ones on every core."""
        if self.folder is None:
            return map_forked(compute, range(len(keys)))
        values = self.load(keys)
        if usable is not None:
            values = [value if value is None or usable(value) else self.damaged(key)
                      for key, value in zip(keys, values)]
        missing = [i for i, value in enumerate(values) if value is None]

        def compute_and_store(i: int) -> T:
            value = compute(i)
            self.store(keys[i], value)
            return value

        for i, value in zip(missing, map_forked(compute_and_store, missing)):
            values[i] = value
        return values

    def _clauses(self, doc: Document) -> str:
        """clause_digest(doc), computed once per build: clauses do not change after parsing."""
        if id(doc) not in self._digests:
            self._digests[id(doc)] = (doc, clause_digest(doc))  # doc kept: its id stays its own
        return self._digests[id(doc)][1]
