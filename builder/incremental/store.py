"""The incremental layer's store: values kept between builds, each under a key that is a
digest of the builder's code and of everything the value is made from, so a stale entry can
never be used.

An entry that cannot be used (truncated, random bytes, another entry's pickle, a value of the
wrong kind, unreadable) is a miss: the value is computed again and replaces it, and the build
says so once. Each entry starts with its own key, so what is not this entry's is told apart
without unpickling it.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import operator
import os
import pickle
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator


PACKAGE = Path(__file__).resolve().parent.parent  # the builder package


def builder_version() -> str:
    """A digest of the builder's source: any code change invalidates every cached parse."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def field_values(items: list) -> list[tuple]:
    """Each dataclass's field values, for a key: what its repr says, at less cost."""
    return [tuple(vars(item).values()) for item in items]


@functools.cache
def _constructor_arguments(cls: type) -> tuple[Callable[[Any], tuple], bool] | None:
    """For a dataclass whose __init__ only stores its fields and which pickles them as they are:
    a function giving an instance's field values in __init__'s order, and whether the class is
    frozen. None for other classes."""
    if "__dataclass_fields__" not in vars(cls):
        return None
    params, fields = cls.__dataclass_params__, dataclasses.fields(cls)
    if not (params.init and fields and all(f.init for f in fields)
            and not hasattr(cls, "__post_init__") and not hasattr(cls, "__setstate__")
            and cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and cls.__getstate__ is object.__getstate__):
        return None
    values = operator.attrgetter(*(f.name for f in fields))
    return (values if len(fields) > 1 else lambda obj: (values(obj),)), params.frozen


_MANY_TEXTS = 100  # a tuple of at least this many str is pickled joined (_JoinedTexts)


class _JoinedTexts:
    """Stands in for a long tuple of str when pickled: one str, split again when loaded, which
    unpickles faster than as many small ones (a document's distinct words, say)."""

    def __init__(self, joined: str):
        self.joined = joined

    def __reduce__(self) -> tuple:
        return _split_texts, (self.joined,)


def _split_texts(joined: str) -> tuple[str, ...]:
    return tuple(joined.split("\0"))


def _joined(value: Any) -> Any:
    """value, or a _JoinedTexts for it if it is a long tuple of str none of which holds a NUL."""
    if type(value) is not tuple or len(value) < _MANY_TEXTS or not all(type(v) is str for v in value):
        return value
    joined = "\0".join(value)
    return _JoinedTexts(joined) if joined.count("\0") == len(value) - 1 else value


class _EntryPickler(pickle.Pickler):
    """Pickles a plain dataclass instance as a call of its class with its field values (long
    tuples of str joined): a warm build unpickles every clause and target of the library, and
    a constructor call unpickles faster than a fresh object filled in from a pickled dict of
    its fields. Frozen ones keep the default unless they hold a long tuple: their
    __init__ is slower than it. (A value must not contain itself: a constructor's arguments
    are pickled before the object.)"""

    def reducer_override(self, obj: Any) -> Any:
        found = _constructor_arguments(type(obj))
        if found is None:
            return NotImplemented
        values, frozen = found
        arguments = values(obj)
        if any(type(v) is tuple and len(v) >= _MANY_TEXTS for v in arguments):
            arguments = tuple(map(_joined, arguments))
        elif frozen:
            return NotImplemented
        return type(obj), arguments


def _read(path: str) -> bytes:
    """The bytes of a file, in four system calls: a warm build reads thousands of entries, and
    Path.read_bytes costs several times more per file. (A short read, of a file over 2 GiB,
    leaves a truncated pickle, which fails to load: a miss.)"""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


def _header(key: str) -> bytes:
    """What an entry starts with, before the pickle of its value."""
    return key.encode("ascii") + b"\n"


class Store:
    """Values pickled in folder/<key>.pickle; folder None keeps nothing. A build uses it in a
    with-block, which keeps what it loads out of garbage collections (_loading)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._reported = False  # a damaged entry was reported (once per build)
        self.version = builder_version()
        self.used: set[str] = set()  # the entries this build relies on: prune() keeps them
        self._set_aside = False  # inside `with`: see _loading

    def __enter__(self) -> Store:
        self._set_aside = True
        return self

    def __exit__(self, *_) -> None:
        self._set_aside = False
        gc.unfreeze()  # what _loading set aside is the collector's again

    @contextmanager
    def _loading(self) -> Iterator[None]:
        """Unpickling entries makes hundreds of thousands of objects, which a build keeps: the
        cyclic garbage collector is paused meanwhile. Inside `with Store(…)`, it is then told
        to leave everything alive out of later collections until the block ends (gc.freeze),
        as they would scan it again and again."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if self._set_aside:
                gc.freeze()
            if enabled:
                gc.enable()

    def key(self, kind: str, inputs: tuple) -> str:
        """A digest of the builder's code, kind and inputs (strings, or values whose repr says them)."""
        digest = hashlib.sha256()
        for part in (self.version, kind, *inputs):
            digest.update((part if isinstance(part, str) else repr(part)).encode("utf-8") + b"\0")
        return digest.hexdigest()

    def load(self, keys: list[str]) -> list[Any]:
        """The value stored under each key; None where there is none or it cannot be used."""
        if self.folder is None:
            return [None] * len(keys)
        self.used.update(keys)
        with self._loading():
            return [self._load(key) for key in keys]

    def store(self, key: str, value: Any) -> None:
        if self.folder is not None:
            self.used.add(key)
            self._store(key, value)

    def discard(self, key: str) -> Any:
        """The value stored under key, or None; the entry leaves the store."""
        if self.folder is None:
            return None
        found = self._load(key)
        Path(self._entry(key)).unlink(missing_ok=True)
        return found

    def _entry(self, key: str) -> str:
        return f"{self.folder}{os.sep}{key}.pickle"  # a str, not a Path: cheaper by thousands

    def _load(self, key: str) -> Any:
        """The value stored under key; None if there is none or it cannot be used (_damaged)."""
        path = self._entry(key)
        try:
            data = _read(path)
        except FileNotFoundError:
            return None
        except OSError:
            return self._damaged(path)
        header = _header(key)
        if not data.startswith(header):  # random bytes, or a pickle that is not this entry's
            return self._damaged(path)
        try:
            return pickle.loads(memoryview(data)[len(header):])
        except Exception:  # truncated or changed inside: unpickling can raise almost anything
            return self._damaged(path)

    def damaged(self, key: str) -> None:
        """Count the entry under key as damaged: removed, and reported."""
        return self._damaged(self._entry(key))

    def _damaged(self, path: str) -> None:
        """An entry that cannot be used is a miss: it is removed, so that the value computed
        again replaces it, and reported."""
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError:
            pass  # then writing the new value fails too, and the build goes on without it
        self._report()
        return None

    def _report(self) -> None:
        if not self._reported:
            self._reported = True
            print(f"warning: {self.folder}: cache entries that could not be read or written were computed again "
                  f"(delete the folder if this repeats)", file=sys.stderr)

    def _store(self, key: str, value: Any) -> None:
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(_header(key))
                _EntryPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            os.replace(tmp, self._entry(key))  # atomic: a reader never sees half an entry
        except OSError:  # a cache that cannot be written only makes the next build slower
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            self._report()

    def prune(self) -> None:
        """Forget entries this build did not use (removed seeds, old versions of edited ones)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.stem in self.used:
                continue
            if entry.is_dir():
                self._damaged(str(entry))  # the cache writes no folders
            else:
                entry.unlink()
