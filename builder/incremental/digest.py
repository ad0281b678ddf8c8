"""Digests of values, for the keys of pages (model.Page): a page is made again when the digest
of its arguments changes.

A digest is of the pickle of the value, made without a memo, so that equal values give equal
digests whether or not they share objects (one read from the cache, one made again). A
Document, which many pages take as an argument, is digested once per build by its fields
(not its lookup table, which depends on which clauses were looked up), and so is each
argument several pages share. A set is pickled in its iteration order, which changes with
Python's hash seed: a page whose arguments hold one is made again by every build (never
left stale).
"""
from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import pickle
from typing import Any

from ..model import Document, Facts


class Digests:
    """Digests of values during one build, while the values do not change."""

    def __init__(self):
        self._known: dict[int, tuple[Any, bytes]] = {}  # id -> (value kept: its id stays its own, digest)
        # how the pickler writes a Document: as its digest (a table, not reducer_override,
        # which would be called for every object)
        self._table = copyreg.dispatch_table.copy()
        self._table[Document] = lambda doc: (_document, (self._digest(doc),))
        self._picklers: list[tuple[io.BytesIO, pickle.Pickler]] = []  # one per depth (a Document inside an argument)
        self._depth = 0

    def of(self, arguments: tuple) -> str:
        """The digest of a page's arguments; each is digested once per build."""
        digest = hashlib.blake2b(digest_size=20)
        for argument in arguments:
            digest.update(self._digest(argument))
        return digest.hexdigest()

    def _digest(self, value: Any) -> bytes:
        found = self._known.get(id(value))
        if found is None:
            if isinstance(value, Document):
                digest = self._pickled_digest([_flat(getattr(value, f.name))
                                               for f in dataclasses.fields(value) if f.compare])
            elif isinstance(value, Facts):
                digest = self._pickled_digest(sorted((name, _flat(found)) for name, found in value.items()))
            else:
                digest = self._pickled_digest(value)
            found = self._known[id(value)] = (value, digest)
        return found[1]

    def _pickled_digest(self, value: Any) -> bytes:
        if self._depth == len(self._picklers):  # made once per depth: most arguments are small
            data = io.BytesIO()
            pickler = pickle.Pickler(data, protocol=5)
            pickler.fast = True  # no memo: see the module's docstring
            pickler.dispatch_table = self._table
            self._picklers.append((data, pickler))
        data, pickler = self._picklers[self._depth]
        data.seek(0)
        data.truncate()
        self._depth += 1
        try:
            pickler.dump(_flat(value))
        finally:
            self._depth -= 1
        return hashlib.blake2b(data.getbuffer(), digest_size=20).digest()


def _flat(value: Any) -> Any:
    """value with its lists of dataclass instances (clauses, targets, tags …) as lists of their
    field values, and a dataclass's fields likewise: the same meaning, pickled several times faster."""
    kind = type(value)
    if kind is list and value and "__dataclass_fields__" in vars(type(value[0])):
        first = type(value[0])  # (a list of documents keeps them, each pickled as its digest)
        if first is not Document and all(type(item) is first for item in value) and hasattr(value[0], "__dict__"):
            return first.__qualname__, [tuple(vars(item).values()) for item in value]
    elif "__dataclass_fields__" in vars(kind) and kind is not Document and hasattr(value, "__dict__"):
        return kind.__qualname__, [_flat(item) for item in vars(value).values()]
    return value


def _document(digest: bytes) -> None:
    """What a Document inside an argument pickles as (never unpickled)."""
