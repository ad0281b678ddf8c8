"""The whole build: config -> ingest -> parse -> extract -> render -> mkdocs -> publish.

A broken document is skipped and reported; a broken config stops the build before
anything is written. The site is built next to the old one and swapped in only when
mkdocs succeeded, so a failed build never leaves a half-written site.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

from .anchors import disappeared, latest_page, load_previous, page_anchors, pinned_page
from .cache import ParseCache
from .config import SiteConfig, load_config
from .config_targets import vocab_digest
from .derive import resolve_meta
from .extract.links import extract_links
from .extract.targets import extract_targets
from .model import BuildError, BuildWarning, Document
from .pagefind import index_documents
from .render import render_site
from .report import build_report
from .search import uses_pagefind
from .timing import timed
from .versions import group_versions
from .yaml_lines import load_settings_file


@dataclass
class BuildResult:
    documents: list[Document] = field(default_factory=list)  # the latest text of each document
    history: dict[str, list[Document]] = field(default_factory=dict)  # slug -> versions, oldest first
    skipped: list[BuildError] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    disappeared: dict[str, list[str]] = field(default_factory=dict)  # page -> anchors an earlier build had
    parsed: list[str] = field(default_factory=list)  # source files parsed in this run
    cached: list[str] = field(default_factory=list)  # source files taken from the parse cache
    rendered: list[str] = field(default_factory=list)  # files of build/docs made in this run
    reused: list[str] = field(default_factory=list)  # files of build/docs kept from the previous build
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (timing.STAGES)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


def seed_files(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise BuildError(str(seeds), None, "seeds folder not found", "pass --seeds with the folder of .txt files")
    return sorted(p for p in seeds.iterdir() if p.is_file() and p.suffix.lower() == ".txt")


def load_settings(config_dir: Path, seeds: Path, mkdocs_yml: Path, cache: ParseCache) -> tuple[SiteConfig, dict]:
    """site_config/ and mkdocs.yml, validated: raises BuildError naming file:line on the first
    problem. While neither those files nor the names of the seeds change, a later build takes
    them from the cache (validating a 1,000-document documents.yml is most of a warm build's
    config stage). Only what loaded without errors is cached: a broken file is always reported."""
    def load() -> tuple[SiteConfig, dict]:
        config = load_config(config_dir, seeds)
        return config, load_settings_file(mkdocs_yml)  # read here so a broken file stops the build

    digest = hashlib.sha256()  # of what load() reads: every config file, and which names in seeds are files
    try:
        for path in sorted(p for p in config_dir.iterdir() if p.is_file()) + [mkdocs_yml]:
            content = path.read_bytes()
            digest.update(f"{path}\0{len(content)}\0".encode() + content)
        seed_names = sorted(entry.name for entry in os.scandir(seeds) if entry.is_file())
    except OSError:
        return load()  # a folder or file is missing: load() says which
    return cache.memo("site-config", (str(config_dir), str(seeds), digest.hexdigest(), seed_names), load)


def read_document(path: Path, config: SiteConfig, taken: set[str], cache: ParseCache) -> tuple[Document, bool]:
    """Ingest and parse one seed (or take it from the cache) and give it its metadata.
    Returns (document, came from cache); raises BuildError if the file is unusable."""
    doc, cached = cache.document(path, config.chrome)
    give_meta(doc, config, taken)
    return doc, cached


def give_meta(doc: Document, config: SiteConfig, taken: set[str]) -> None:
    """The document's metadata (documents.yml, else its text), its slug added to `taken`."""
    doc.meta, warning = resolve_meta(doc, config.by_source.get(doc.source.name), config.jurisdictions, taken)
    if warning:
        doc.warnings.insert(0, warning)
    taken.add(doc.slug)


def load_documents(seeds: Path, config: SiteConfig, log=print, cache: ParseCache | None = None) -> BuildResult:
    """Ingest, parse and extract every seed; skipped files are reported, never fatal."""
    result = BuildResult()
    cache = cache or ParseCache(None)
    taken = {m.slug for m in config.documents}
    loaded: list[Document] = []
    paths = seed_files(seeds)
    for path, (doc, cached) in zip(paths, cache.documents(paths, config.chrome)):
        if isinstance(doc, BuildError):
            result.skipped.append(doc)
            log(f"  SKIP {path.name}: {doc}")
            continue
        give_meta(doc, config, taken)  # in file order: a derived slug must not take a later one's
        (result.cached if cached else result.parsed).append(path.name)
        loaded.append(doc)
    with timed(result.timings, "extract"):
        found = cache.per_documents("targets", loaded, (vocab_digest(config.folder),),
                                    partial(extract_targets, vocab=config.targets))
    for doc, (doc.targets, doc.milestones) in zip(loaded, found):
        result.warnings.extend(doc.warnings)
        page = pinned_page(doc) if doc.meta.versions else latest_page(doc)
        log(f"  {doc.source.name} -> /{page}  {len(doc.clauses)} clauses, {len(doc.targets)} targets, "
            f"{len(doc.warnings)} warnings{' (cached)' if doc.source.name in result.cached else ''}")
    result.documents, result.history, version_warnings = group_versions(loaded)
    result.warnings.extend(version_warnings)
    return result


def run_mkdocs(config_file: Path, site_dir: Path) -> None:
    """mkdocs build --strict, in-process, into site_dir."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import Abort, MkDocsException

    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.WARNING)
    try:
        cfg = mkdocs_load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        mkdocs_build(cfg)
    except (Abort, MkDocsException, SystemExit) as exc:
        raise BuildError(str(config_file), None, f"mkdocs build failed: {exc}",
                         "see the mkdocs warnings above; a broken link or anchor fails the build")


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


def publish(new_site: Path, site: Path) -> None:
    """Swap the freshly built site in place of the old one.

    Two renames inside one folder, with interrupts held off between them; if the second fails
    the old site is put back, so at every moment either the old or the new site is complete at
    `site`. A `site.old` left by a crash (power loss) between the renames is put back first.
    """
    old = site.with_name(site.name + ".old")
    if old.exists() and not site.exists():
        old.rename(site)  # the previous publish stopped between its renames: restore
    if old.exists():
        shutil.rmtree(old)  # left over from an interrupted clean-up; `site` itself is intact
    with signals_deferred():
        if site.exists():
            site.rename(old)
        try:
            new_site.rename(site)
        except OSError:
            if old.exists():
                old.rename(site)
            raise
    if old.exists():
        shutil.rmtree(old)


def previous_anchors(previous: Path | None, site: Path, result: BuildResult) -> dict[str, list[str]] | None:
    """Anchors to compare with: an explicit --previous must be readable; the site being
    replaced is only a default, so an unreadable one is a warning, not a failed build."""
    if previous is not None:
        return load_previous(previous)
    if not site.is_dir():
        return None
    try:
        return load_previous(site)
    except BuildError as error:
        result.warnings.append(BuildWarning(error.file, None, "anchors-unreadable", error.message,
                                            "disappeared anchors are not reported for this build"))
        return None


@dataclass
class Prepared:
    """The builder's own work, done: documents read, links found, Markdown and mkdocs.yml written."""

    result: BuildResult
    config: SiteConfig
    settings: dict  # mkdocs.yml as written by the maintainer
    generated: Path  # build_dir/mkdocs.yml
    cache: ParseCache


def prepare(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=print,
            previous: Path | None = None) -> Prepared:
    """ingest → parse → extract → render; the site generator has not run yet."""
    timings: dict[str, float] = {}
    with ParseCache(build_dir / ".cache") as cache:
        with timed(timings, "config"):
            config, settings = load_settings(config_dir, seeds, mkdocs_yml, cache)
        site_url = settings.get("site_url") or "/"
        log(f"Building from {seeds}/ ({len(config.documents)} documents configured)")
        result = load_documents(seeds, config, log, cache)
        result.timings = timings | cache.timings | result.timings
        with timed(result.timings, "extract"):
            links = extract_links(result.documents, config, cache)
        result.warnings.extend(links.warnings)
        with timed(result.timings, "render"):
            anchors = page_anchors(result.documents, result.history)
            result.disappeared = disappeared(previous_anchors(previous, site, result), anchors)
            generated, docs_folder = render_site(result.documents, config, build_dir, mkdocs_yml, site_url, links,
                                                 result.history, build_report(result), anchors, cache)
        result.rendered, result.reused = docs_folder.written, docs_folder.kept
    return Prepared(result, config, settings, generated, cache)


def build(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=print,
          previous: Path | None = None) -> BuildResult:
    """previous: an earlier site/ or anchors.json to compare anchors with (default: the site being replaced)."""
    started = time.perf_counter()
    prepared = prepare(seeds, config_dir, site, build_dir, mkdocs_yml, log, previous)
    result = prepared.result
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp_site = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=site.parent))
    try:
        with timed(result.timings, "mkdocs"):
            run_mkdocs(prepared.generated, tmp_site)
        if uses_pagefind(prepared.settings):
            with timed(result.timings, "search"):
                index_documents(result.documents, tmp_site, {t.slug: t.name for t in prepared.config.topics})
        with timed(result.timings, "publish"):
            publish(tmp_site, site)
    finally:
        if tmp_site.exists():
            shutil.rmtree(tmp_site)
    prepared.cache.prune()
    result.seconds = time.perf_counter() - started
    return result
