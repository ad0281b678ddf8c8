"""The whole build: config -> ingest -> parse -> extract -> render -> mkdocs -> publish.

A broken document is skipped and reported; a broken config stops the build before
anything is written. The site is built next to the old one and swapped in only when
mkdocs succeeded, so a failed build never leaves a half-written site.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .anchors import disappeared, load_previous, page_anchors
from . import progress
from .config import SiteConfig, check_site_settings, load_config, site_address_warnings
from .incremental import Incremental
from .incremental.docs_folder import DocsFolder
from .model import BuildError, BuildResult, BuildWarning, Document, Indexed, SiteVariant
from .pagefind import (SectionTopics, assemble, index_groups, pinyin_readings, section_topics, write_pinyin,
                       write_search_script)
from .publish import (InterruptedAfterPublishing, Inputs, check_folders, discard, link_tree, locked, mark_site,
                      new_scratch, publish, remove_leftovers, signals_deferred, writing_into)
from .parallel import beside
from .pipeline import extract, load_documents
from .pages import write_site
from .pages.site import Site
from .render import template_digest
from .report import build_report
from .search import uses_pagefind
from .site_pages import PagesBuilt, build_pages
from .timing import timed
from .yaml_lines import load_settings_file


PAGES_DIR = "site"  # MkDocs' output, kept in the build folder between builds
PAGES_STATE = "site-pages.json"  # what the kept output was made from
SEARCH_SHARDS = "search-shards"  # the search index's bundles, kept in the build folder by key (pagefind.py)


def load_settings(config_dir: Path, seeds: Path, mkdocs_yml: Path, layer: Incremental) -> tuple[SiteConfig, dict]:
    """site_config/ and mkdocs.yml, validated: raises BuildError naming file:line on the first
    problem. While neither those files nor the names of the seeds change, a later build takes
    them from the incremental layer (validating a large documents.yml is most of a warm build's config
    stage). Only what loaded without errors is kept: a broken file is always reported."""
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
    return layer.once("site-config", (str(config_dir), str(seeds), digest.hexdigest(), seed_names), load)


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
                         "see the mkdocs warnings above (a broken link or anchor fails the build); "
                         "this file is made from mkdocs.yml, whose settings MkDocs refused") from None
    except (BuildError, OSError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a setting of mkdocs.yml that MkDocs or the theme does not check crashes them
        raise BuildError(str(config_file), None, f"mkdocs build failed: {type(exc).__name__}: {exc}",
                         "check the theme, markdown_extensions and plugins settings of mkdocs.yml, "
                         "from which this file is made") from None


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
    layer: Incremental


def prepare(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=progress.detail,
            previous: Path | None = None, settings_warnings=lambda site_url: []) -> Prepared:
    """ingest → parse → extract → render; the site generator has not run yet.
    settings_warnings(site_url): what to say of the settings' site_url, first among the warnings."""
    timings: dict[str, float] = {}
    with Incremental(build_dir / ".cache") as layer:
        with timed(timings, "config"):
            config, settings = load_settings(config_dir, seeds, mkdocs_yml, layer)
        site_url = settings.get("site_url") or "/"
        progress.info(f"从 {seeds}/ 生成网站（documents.yml 配置了 {len(config.documents)} 份文件）")
        result = load_documents(seeds, config, log, layer)
        result.timings = timings | result.timings
        result.warnings[:0] = settings_warnings(settings.get("site_url"))
        links = extract(result, config, layer, log)
        with timed(result.timings, "render"), progress.stage("render", unit="个文件"):
            anchors = page_anchors(result.documents, result.history)
            result.disappeared = disappeared(previous_anchors(previous, site, result), anchors)
            docs_folder = DocsFolder(build_dir / "docs", layer, template_digest())
            site_view = Site(result.documents, result.facts, config, links, result.history, build_report(result),
                             anchors, site_url)
            generated = write_site(site_view, docs_folder, layer, build_dir, mkdocs_yml)
        result.rendered, result.reused = docs_folder.written, docs_folder.kept
    return Prepared(result, config, settings, generated, layer)


def index_search(docs: list[Document], topics: SectionTopics, store: Path) -> tuple[Indexed, dict[str, str]]:
    """The search index's bundles (in store) and the library's readings: made from the
    documents alone, so they run beside MkDocs."""
    with writing_into(store):  # an OS error without a file name names the store, not the site being built
        return index_groups(docs, topics, store), pinyin_readings(docs)


def make_site(prepared: Prepared, build_dir: Path, new_site: Path) -> None:
    """new_site: MkDocs' pages and the search index. Pagefind's index is made beside MkDocs (it
    depends on the documents alone); "search" times what is left of it once the pages are made."""
    result = prepared.result
    pagefind = uses_pagefind(prepared.settings)
    topics = section_topics(result.documents, result.facts, {t.slug: t.name for t in prepared.config.topics})
    store = build_dir / SEARCH_SHARDS
    with beside(partial(index_search, result.documents, topics, store)) if pagefind else nullcontext() as searched:
        with timed(result.timings, "mkdocs"), progress.stage("mkdocs", unit="页"):
            run_mkdocs(prepared.generated, build_dir / PAGES_DIR, incremental=pagefind)
            link_tree(build_dir / PAGES_DIR, new_site)
        with timed(result.timings, "search"), progress.stage("search", unit="组"):
            if not pagefind:
                write_search_script(result.documents, new_site, topics)
                return
            try:
                result.search, readings = searched()
            except ChildProcessError as exc:  # killed (out of memory, say): the system's doing
                raise ChildProcessError(errno.ECHILD, f"the search index was not made: {exc}; build again",
                                        str(store)) from None
            assemble(new_site, [store / key for key in result.search.shards])
            write_pinyin(readings, new_site)
            progress.advance(len(result.search.indexed))
            progress.kept(len(result.search.shards) - len(result.search.indexed))


PUBLISHED = SiteVariant()


def build(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=progress.detail,
          previous: Path | None = None, variant: SiteVariant = PUBLISHED) -> BuildResult:
    """previous: an earlier site/ or anchors.json to compare anchors with (default: the site being replaced).

    Nothing is written before the output and build folders are found safe (publish.check_folders),
    and nothing outside them; the site at `site` is replaced in one step, only when complete."""
    started = time.perf_counter()
    check_folders(site, build_dir, Inputs(seeds, config_dir, mkdocs_yml))
    settings = load_settings_file(mkdocs_yml)
    check_site_settings(mkdocs_yml, settings)  # before a variant's settings are made from it
    site = site.parent.resolve() / site.name
    with locked(site, build_dir):
        for leftover in remove_leftovers(site):
            progress.info(f"已删除上次被中止的构建留下的 {leftover.name}")
        with writing_into(build_dir):
            settings_file = variant.settings(mkdocs_yml, build_dir)
            prepared = prepare(seeds, config_dir, site, build_dir, settings_file, log, previous,
                               partial(site_address_warnings, mkdocs_yml, settings))
        result = prepared.result
        if not result.documents:
            raise BuildError(str(seeds), None, "no document could be built" + (
                "".join(f"; skipped {error}" for error in result.skipped) if result.skipped else ": no text file there"),
                "fix the files named, or add .txt files to the seeds folder")
        scratch = new_scratch(site)
        published = False
        try:
            try:
                with writing_into(scratch):
                    new_site = scratch / "site"
                    make_site(prepared, build_dir, new_site)
                    variant.finish(new_site)
                    mark_site(new_site)
                    with timed(result.timings, "publish"), progress.stage("publish"), signals_deferred():
                        publish(new_site, site)
                        published = True
            finally:
                if published:  # it holds the old site: removed in the background
                    discard(scratch, site)
                else:
                    shutil.rmtree(scratch)
            prepared.layer.prune()
        except KeyboardInterrupt:
            if published:  # the new site is in place: say so, not that the old one was kept
                raise InterruptedAfterPublishing from None
            raise
    result.seconds = time.perf_counter() - started
    return result
