"""Incremental builds: ingest + parse results, and per-document extraction, cached by what
they depend on.

A parsed document depends on the file's bytes, its name (warnings carry it), the chrome
rules and the builder's own code. All four go into the key, so a stale entry can never be
used: editing one seed re-parses only that seed, editing the parser re-parses everything.
Work on one parsed document (targets, topic tags, responsibilities, references, jieba tokens)
is memoised the same way, keyed by the builder's code and by everything it reads
(ParseCache.per_documents).

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
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from . import progress
from .config import ChromeRule
from .ingest import ingest_file
from .model import BuildError, Document, DocumentMeta
from .parallel import map_forked
from .parse import parse
from .timing import timed

PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


def builder_version() -> str:
    """A digest of the builder's source: any code change invalidates every cached parse."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def clause_digest(doc: Document) -> str:
    """A digest of a parsed document's clauses: what per-document extraction reads of it."""
    digest = hashlib.sha256()
    for c in doc.clauses:
        digest.update("\0".join((c.anchor, c.kind, c.parent or "", c.number, c.title, c.text, *c.cells))
                      .encode("utf-8") + b"\1")
    return digest.hexdigest()


def field_values(items: list) -> list[tuple]:
    """Each dataclass's field values, for a key: what its repr says, several times faster."""
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
    unpickles about twice as fast as as many small ones (a document's distinct words, say)."""

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
    tuples of str joined): a warm build unpickles tens of thousands of clauses and targets, and
    a constructor call unpickles about twice as fast as a fresh object filled in from a pickled
    dict of its fields. Frozen ones keep the default unless they hold a long tuple: their
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


@functools.lru_cache(maxsize=4)
def _rules(chrome: tuple[ChromeRule, ...]) -> str:
    """What a parse depends on of the chrome rules (cached: a build asks once per document)."""
    return repr([(r.name, r.pattern.pattern, r.pattern.flags, r.rest) for r in chrome])


def read_and_parse(path: Path, chrome: list[ChromeRule], timings: dict[str, float]) -> Document:
    """ingest + parse one file. Its metadata is filled in later (derive.resolve_meta), so
    parse gets a placeholder that names only the source."""
    with timed(timings, "ingest"):
        source = ingest_file(path, chrome)
    with timed(timings, "parse"):
        return parse(source, DocumentMeta(slug="", source=path.name, title=""))


def _unreadable(path: Path, error: OSError) -> BuildError:
    return BuildError(path.name, None, f"cannot read the file: {error.strerror or error}",
                      "check that it exists and that the build may read it")


class ParseCache:
    """Parsed documents pickled in folder/<key>.pickle; folder None disables caching. A build
    uses it in a with-block, which keeps what it loads out of garbage collections (_loading)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._reported = False  # a damaged entry was reported (once per build)
        self.version = builder_version()
        self.used: set[str] = set()
        self.timings: dict[str, float] = {}  # stage -> seconds spent reading and parsing (timing.STAGES)
        self._clause_digests: dict[int, tuple[Document, str]] = {}
        self._set_aside = False  # inside `with`: see _loading
        self._made: dict[tuple[str, int], tuple[Document, str]] = {}  # (kind, id(doc)) -> (doc, key)

    def __enter__(self) -> ParseCache:
        self._set_aside = True
        return self

    def __exit__(self, *_) -> None:
        self._set_aside = False
        gc.unfreeze()  # what _loading set aside is the collector's again

    @contextmanager
    def _loading(self) -> Iterator[None]:
        """Unpickling the cache makes hundreds of thousands of objects, which a build keeps: the
        cyclic garbage collector is paused meanwhile. Inside `with ParseCache(…)`, it is then
        told to leave everything alive out of later collections until the block ends
        (gc.freeze), as they would scan it again and again (half a second of a warm build at
        1,000 documents)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if self._set_aside:
                gc.freeze()
            if enabled:
                gc.enable()

    def _key(self, name: str, sha256: str, rules: str) -> str:
        """The entry of the parse of file `name` whose bytes have this sha256, with these _rules()."""
        digest = hashlib.sha256()
        for part in (self.version, name, sha256, rules):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def parsed_key(self, doc: Document, chrome: list[ChromeRule]) -> str:
        """The key doc's parse is cached under: a digest of everything its source lines and
        clauses are made from (a later build's pages are keyed by it)."""
        return self._key(doc.source.name, doc.source.sha256, _rules(tuple(chrome)))

    def document(self, path: Path, chrome: list[ChromeRule]) -> tuple[Document, bool]:
        """(document, True if it came from the cache); raises BuildError if the file is unusable."""
        doc, cached = self.documents([path], chrome)[0]
        if isinstance(doc, BuildError):
            raise doc
        return doc, cached

    def documents(self, paths: list[Path], chrome: list[ChromeRule]) -> list[tuple[Document | BuildError, bool]]:
        """For each path: (its document, or the BuildError that makes it unusable; True if it
        came from the cache). Files not in the cache are parsed on every core."""
        found: list[tuple[Document | BuildError, bool] | None] = []
        missing: list[tuple[int, Path, str | None]] = []  # (position, path, cache key)
        rules = _rules(tuple(chrome))
        # a cache hit costs reading the file and the entry
        with timed(self.timings, "ingest"), self._loading():
            for path in paths:
                key = cached = None
                if self.folder is not None:
                    try:
                        key = self._key(path.name, hashlib.sha256(path.read_bytes()).hexdigest(), rules)
                    except OSError as error:
                        found.append((_unreadable(path, error), False))
                        continue
                    self.used.add(key)
                    cached = self._load(key)
                    if cached is not None:
                        cached = self._parsed(*cached)
                found.append(None if cached is None else (cached, True))
                if cached is None:
                    missing.append((len(found) - 1, path, key))

        def parse_one(item: tuple[int, Path, str | None]) -> tuple[Document | BuildError, dict[str, float]]:
            _, path, key = item
            timings: dict[str, float] = {}
            try:
                doc = read_and_parse(path, chrome, timings)
            except BuildError as error:
                return error, timings
            except OSError as error:
                return _unreadable(path, error), timings
            if key is not None and key == self.parsed_key(doc, chrome):  # the file did not change while we read it
                self._store(key, (doc, self._clauses(doc)))
            return doc, timings

        started = time.perf_counter()
        progress.advance(len(paths) - len(missing))  # from the cache
        parsed = map_forked(parse_one, missing, counted=True)
        # Workers overlap, so their seconds add up to more than the wall clock: share the
        # wall clock between ingest and parse in proportion to the work each did.
        spent = {stage: sum(t.get(stage, 0.0) for _, t in parsed) for stage in ("ingest", "parse")}
        total = sum(spent.values())
        for stage, seconds in spent.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + (
                (time.perf_counter() - started) * seconds / total if total else 0.0)
        for (position, _, _), (doc, _) in zip(missing, parsed):
            found[position] = (doc, False)
        return found

    def memo(self, kind: str, depends_on: tuple, compute: Callable[[], T],
             usable: Callable[[T], bool] | None = None) -> T:
        """compute(), or its result from an earlier build whose `depends_on` was the same
        (with the same builder code). depends_on: strings, or values whose repr says them.
        A stored value that `usable` turns down counts as damaged."""
        return self._memo_keyed([self.key(kind, depends_on)], lambda _: compute(), usable)[0]

    def memo_all(self, kind: str, depends_on: list[tuple], compute: Callable[[int], T]) -> list[T]:
        """[memo(kind, depends_on[i], compute(i)) for each i], the missing ones computed on
        every core (their entries are written by the worker that computed them)."""
        return self._memo_keyed([self.key(kind, parts) for parts in depends_on], compute)

    def _memo_keyed(self, keys: list[str], compute: Callable[[int], T],
                    usable: Callable[[T], bool] | None = None) -> list[T]:
        """memo_all() with the keys already made."""
        if self.folder is None:
            return map_forked(compute, range(len(keys)))
        self.used.update(keys)
        with self._loading():
            values = [self._load(key) for key in keys]
        if usable is not None:
            values = [value if value is None or usable(value) else self._damaged(self._entry(key))
                      for key, value in zip(keys, values)]
        missing = [i for i, value in enumerate(values) if value is None]

        def compute_and_store(i: int) -> T:
            value = compute(i)
            self._store(keys[i], value)
            return value

        for i, value in zip(missing, map_forked(compute_and_store, missing)):
            values[i] = value
        return values

    def memo_table(self, kind: str, depends_on: list[tuple], compute: Callable[[int], T]) -> list[T]:
        """memo_all() for values every build reads: one entry holds them all, as a file per
        value costs more to open than it takes to read. The entry keeps this build's values."""
        keys = [self.key(kind, parts) for parts in depends_on]
        entry = self.key(kind, ())
        with self._loading():
            table = (self._load(entry) if self.folder is not None else None) or {}
        values = [table.get(key) for key in keys]
        missing = [i for i, value in enumerate(values) if value is None]
        for i, value in zip(missing, map_forked(compute, missing)):
            values[i] = value
        if missing or len(table) != len(keys):  # else it holds just these values already
            self.put(kind, dict(zip(keys, values)))
        self.used.add(entry)
        return values

    def key(self, kind: str, depends_on: tuple) -> str:
        """A digest of the builder's code, kind and depends_on (strings, or values whose repr says them)."""
        digest = hashlib.sha256()
        for part in (self.version, kind, *depends_on):
            digest.update((part if isinstance(part, str) else repr(part)).encode("utf-8") + b"\0")
        return digest.hexdigest()

    def take(self, kind: str) -> Any:
        """What put(kind) stored in an earlier build with the same builder code, or None. The
        entry leaves the cache: a build that stops before its own put() leaves none behind."""
        if self.folder is None:
            return None
        key = self.key(kind, ())
        found = self._load(key)
        Path(self._entry(key)).unlink(missing_ok=True)
        return found

    def put(self, kind: str, value: Any) -> None:
        if self.folder is None:
            return
        key = self.key(kind, ())
        self.used.add(key)
        self._store(key, value)

    def per_documents(self, kind: str, docs: list[Document], config: tuple, compute: Callable[[Document], T]) -> list[T]:
        """memo() for work on each parsed document, the missing ones computed on every core: the
        work reads the document's clauses, slug, titles and date, and the config values given."""
        return self._memo_keyed(self.document_keys(kind, docs, config), lambda i: compute(docs[i]))

    def document_keys(self, kind: str, docs: list[Document], config: tuple) -> list[str]:
        """The keys per_documents(kind, docs, config) looks its results up under. prune() keeps
        their entries: a build may rely on one without reading it (the result is part of
        something else it kept)."""
        configured = self.key("config", config)  # once, not once per document: config reprs are long
        keys = [self.key(kind, (d.slug, d.title, d.meta.title, d.meta.date, self._clauses(d), configured)) for d in docs]
        self.used.update(keys)
        for doc, key in zip(docs, keys):
            self._made[(kind, id(doc))] = (doc, key)  # doc kept: its id stays its own
        return keys

    def made(self, kind: str, doc: Document) -> str:
        """The key of what per_documents(kind) gave doc in this build: a digest of everything
        that result is made from, which another key can name instead of the result itself
        (whose repr, for thousands of items per document, costs more than rendering)."""
        return self._made[(kind, id(doc))][1]

    def keep(self, kind: str, depends_on: tuple) -> None:
        """Tell prune() to leave memo(kind, depends_on)'s entry: this build relies on it
        without reading it."""
        self.used.add(self.key(kind, depends_on))

    def _clauses(self, doc: Document) -> str:
        """clause_digest(doc), computed once per parse: clauses do not change after parsing."""
        if id(doc) not in self._clause_digests:
            self._parsed(doc, clause_digest(doc))
        return self._clause_digests[id(doc)][1]

    def _parsed(self, doc: Document, clauses: str) -> Document:
        """doc, whose clause_digest is `clauses` (kept with its parse in the cache)."""
        self._clause_digests[id(doc)] = (doc, clauses)  # doc kept: its id stays its own
        return doc

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
