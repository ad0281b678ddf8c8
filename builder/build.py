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
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .anchors import disappeared, latest_page, load_previous, page_anchors, pinned_page
from . import progress
from .cache import ParseCache
from .config import SiteConfig, check_site_settings, load_config
from .config_targets import vocab_digest
from .derive import resolve_meta
from .extract.links import extract_links
from .extract.targets import extract_targets
from .model import BuildError, BuildWarning, Document, SiteVariant
from .pagefind import Indexed, index_documents, write_pinyin, write_search_script
from .publish import (Inputs, check_folders, link_tree, locked, mark_site, new_scratch, publish, remove_leftovers,
                      writing_into)
from .render import render_site
from .report import build_report
from .search import uses_pagefind
from .site_pages import PagesBuilt, build_pages
from .timing import timed
from .versions import group_versions
from .yaml_lines import load_settings_file


PAGES_DIR = "site"  # MkDocs' output, kept in the build folder between builds
PAGES_STATE = "site-pages.json"  # what the kept output was made from
SEARCH_SHARDS = "search-shards"  # the search index's bundles, kept in the build folder by key (pagefind.py)


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
    search: Indexed | None = None  # the search index's groups, and which were indexed in this run
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (timing.STAGES)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


def seed_files(seeds: Path) -> tuple[list[Path], list[BuildError]]:
    """The .txt files of the seeds folder, and why each other .txt entry cannot be read (a
    folder, a pipe or device, which would block or never end, a broken link)."""
    if not seeds.is_dir():
        raise BuildError(str(seeds), None, "seeds folder not found", "pass --seeds with the folder of .txt files")
    files, unusable = [], []
    for path in sorted(p for p in seeds.iterdir() if p.suffix.lower() == ".txt"):
        if path.is_file():
            files.append(path)
        else:
            unusable.append(BuildError(path.name, None, "不是普通文件（文件夹、管道、设备或失效的链接），无法读取",
                                       "换成文本文件，或把它移出 seeds/"))
    return files, unusable


def load_settings(config_dir: Path, seeds: Path, mkdocs_yml: Path, cache: ParseCache) -> tuple[SiteConfig, dict]:
    """site_config/ and mkdocs.yml, validated: raises BuildError naming file:line on the first
    problem. While neither those files nor the names of the seeds change, a later build takes
    them from the cache (validating a 1,000-document documents.yml is most of a warm build's
    config stage). Only what loaded without errors is cached: a broken file is always reported."""
    def load() -> tuple[SiteConfig, dict]:
        config = load_config(config_dir, seeds)
        settings = load_settings_file(mkdocs_yml)  # read here so a broken file stops the build
        check_site_settings(mkdocs_yml, settings)
        return config, settings

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
    doc.meta, warnings = resolve_meta(doc, config.by_source.get(doc.source.name), config.jurisdictions, taken)
    doc.warnings[:0] = warnings
    taken.add(doc.slug)


def load_documents(seeds: Path, config: SiteConfig, log=progress.detail, cache: ParseCache | None = None) -> BuildResult:
    """Ingest, parse and extract every seed; skipped files are reported, never fatal.
    log: where the line per document goes (the console with --verbose)."""
    result = BuildResult()
    cache = cache or ParseCache(None)
    taken = {m.slug for m in config.documents}
    loaded: list[Document] = []
    paths, result.skipped = seed_files(seeds)
    with progress.stage("documents", len(paths), "份"):
        read = cache.documents(paths, config.chrome)
    for path, (doc, cached) in zip(paths, read):
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


def run_mkdocs(config_file: Path, site_dir: Path, incremental: bool = False) -> PagesBuilt:
    """mkdocs build --strict, in-process, into site_dir (kept between builds: only pages that
    can have changed are made again when incremental, see site_pages)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.exceptions import Abort, MkDocsException

    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.WARNING)
    try:
        return build_pages(config_file, site_dir.resolve(), config_file.parent / PAGES_STATE, incremental)
    except (Abort, MkDocsException, SystemExit) as exc:
        raise BuildError(str(config_file), None, f"mkdocs build failed: {exc}",
                         "see the mkdocs warnings above; a broken link or anchor fails the build")


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


def prepare(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=progress.detail,
            previous: Path | None = None) -> Prepared:
    """ingest → parse → extract → render; the site generator has not run yet."""
    timings: dict[str, float] = {}
    with ParseCache(build_dir / ".cache") as cache:
        with timed(timings, "config"):
            config, settings = load_settings(config_dir, seeds, mkdocs_yml, cache)
        site_url = settings.get("site_url") or "/"
        progress.info(f"从 {seeds}/ 生成网站（documents.yml 配置了 {len(config.documents)} 份文件）")
        result = load_documents(seeds, config, log, cache)
        result.timings = timings | cache.timings | result.timings
        with timed(result.timings, "extract"), progress.stage("extract"):
            links = extract_links(result.documents, config, cache)
        result.warnings.extend(links.warnings)
        with timed(result.timings, "render"), progress.stage("render", unit="个文件"):
            anchors = page_anchors(result.documents, result.history)
            result.disappeared = disappeared(previous_anchors(previous, site, result), anchors)
            generated, docs_folder = render_site(result.documents, config, build_dir, mkdocs_yml, site_url, links,
                                                 result.history, build_report(result), anchors, cache)
        result.rendered, result.reused = docs_folder.written, docs_folder.kept
    return Prepared(result, config, settings, generated, cache)


PUBLISHED = SiteVariant()


def build(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=progress.detail,
          previous: Path | None = None, variant: SiteVariant = PUBLISHED) -> BuildResult:
    """previous: an earlier site/ or anchors.json to compare anchors with (default: the site being replaced).

    Nothing is written before the output and build folders are found safe (publish.check_folders),
    and nothing outside them; the site at `site` is replaced in one step, only when complete."""
    started = time.perf_counter()
    check_folders(site, build_dir, Inputs(seeds, config_dir, mkdocs_yml))
    check_site_settings(mkdocs_yml, load_settings_file(mkdocs_yml))  # before a variant's settings are made from it
    site = site.parent.resolve() / site.name
    with locked(site, build_dir):
        for leftover in remove_leftovers(site):
            progress.info(f"已删除上次被中止的构建留下的 {leftover.name}")
        with writing_into(build_dir):
            settings_file = variant.settings(mkdocs_yml, build_dir)
            prepared = prepare(seeds, config_dir, site, build_dir, settings_file, log, previous)
        result = prepared.result
        scratch = new_scratch(site)
        try:
            with writing_into(scratch):
                new_site = scratch / "site"
                pagefind = uses_pagefind(prepared.settings)
                with timed(result.timings, "mkdocs"), progress.stage("mkdocs", unit="页"):
                    run_mkdocs(prepared.generated, build_dir / PAGES_DIR, incremental=pagefind)
                    link_tree(build_dir / PAGES_DIR, new_site)
                topic_names = {t.slug: t.name for t in prepared.config.topics}
                with timed(result.timings, "search"):
                    if pagefind:  # its stage counts the groups
                        result.search = index_documents(result.documents, new_site, topic_names,
                                                        build_dir / SEARCH_SHARDS)
                        write_pinyin(result.documents, new_site)
                    else:
                        with progress.stage("search"):
                            write_search_script(result.documents, new_site, topic_names)
                variant.finish(new_site)
                mark_site(new_site)
                with timed(result.timings, "publish"), progress.stage("publish"):
                    publish(new_site, site)
        finally:
            shutil.rmtree(scratch)  # after publishing, it holds the old site
        prepared.cache.prune()
    result.seconds = time.perf_counter() - started
    return result
