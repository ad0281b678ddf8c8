"""How the pipeline runs a stage over many documents.

A stage is a plain function (parse one file, extract one kind of fact from one document,
count one document's words). The pipeline (pipeline.py, extract/links.py) hands it to a
runner, which decides how it runs: `Direct` runs it on every core; the incremental layer
(builder/incremental) runs the same function only for what changed since the previous build
and takes the rest from there. A stage never knows which runner it ran under.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Protocol, TypeVar

from .model import BuildError, Document
from .parallel import map_forked

T = TypeVar("T")


def clause_digest(doc: Document) -> str:
    """A digest of a parsed document's clauses: what per-document extraction reads of it."""
    digest = hashlib.sha256()
    for c in doc.clauses:
        digest.update("\0".join((c.anchor, c.kind, c.parent or "", c.number, c.title, c.text, *c.cells))
                      .encode("utf-8") + b"\1")
    return digest.hexdigest()


def document_inputs(doc: Document, clauses: str) -> tuple[str, ...]:
    """What per-document work reads of a document (Runner.each), clauses being its clause_digest:
    the one list both runners name a document's values by. Its file's name too: warnings name it
    (a renamed seed's kept warnings named the old file)."""
    return doc.slug, doc.source.name, doc.title, doc.meta.title, doc.meta.date, clauses



class Runner(Protocol):
    def files(self, kind: str, paths: list[Path], inputs: tuple, work: Callable[[Path], T],
              ) -> list[tuple[T | Exception, bool]]:
        """For each path: work(path), or the exception (BuildError, OSError) it raised, and
        whether it came from an earlier build. work reads the file and `inputs`."""

    def each(self, kind: str, docs: list[Document], inputs: tuple, work: Callable[[Document], T]) -> list[T]:
        """[work(doc) for doc in docs]: work reads a document's clauses, slug, titles and date,
        and the values in `inputs` (strings, or values whose repr says them)."""

    def keys(self, kind: str, docs: list[Document], inputs: tuple) -> list[str]:
        """A name for each value each(kind, docs, inputs) gives: equal names, equal values."""

    def once(self, kind: str, inputs: tuple, work: Callable[[], T]) -> T:
        """work(), which reads only `inputs`."""

    def reserve(self, kind: str, inputs: tuple) -> None:
        """A later step may rely on once(kind, inputs)'s value without asking for it."""

    def previous(self, kind: str) -> Any:
        """What the previous build handed to keep(kind), or None."""

    def keep(self, kind: str, value: Any) -> None:
        """Hand value to the next build (previous(kind))."""


class Direct:
    """Every call does its work, on every core; nothing is kept between builds."""

    def files(self, kind: str, paths: list[Path], inputs: tuple, work: Callable[[Path], T],
              ) -> list[tuple[T | Exception, bool]]:
        return [(value, False) for value in map_forked(partial_or_error(work), paths, counted=True)]

    def each(self, kind: str, docs: list[Document], inputs: tuple, work: Callable[[Document], T]) -> list[T]:
        return map_forked(work, docs)

    def keys(self, kind: str, docs: list[Document], inputs: tuple) -> list[str]:
        return [hashlib.sha256(repr((kind, *document_inputs(d, clause_digest(d)), inputs)).encode()).hexdigest()
                for d in docs]

    def once(self, kind: str, inputs: tuple, work: Callable[[], T]) -> T:
        return work()

    def reserve(self, kind: str, inputs: tuple) -> None:
        pass

    def previous(self, kind: str) -> Any:
        return None

    def keep(self, kind: str, value: Any) -> None:
        pass


def partial_or_error(work: Callable[[Path], T]) -> Callable[[Path], T | Exception]:
    """work, giving back the BuildError or OSError it raises instead of raising it (a worker's
    exception would end the whole map)."""
    def run(path: Path) -> T | Exception:
        try:
            return work(path)
        except (BuildError, OSError) as error:
            return error
    return run


DIRECT = Direct()
