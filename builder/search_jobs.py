"""The search index's groups as jobs of a CI matrix (README, Past one machine).

    python -m builder search-groups --seeds S --config C           # prints the number of groups
    python -m builder index-group K --seeds S --config C --out B   # group K's bundle: B/<key>/
    python -m builder assemble --site SITE --seeds S --config C B… # SITE/pagefind from the bundles

Every job runs the builder's pass (`build.prepare`: it gives each document's slug, hence its
group) and writes what pagefind.py writes in one build: one bundle per job, then the bundles
assembled beside the pages in the order of the groups, with the readings of the library's
characters. The CI system's matrix runs the jobs; the site equals a single build's.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .build import prepare
from .model import BuildError, Document
from .pagefind import (FILTERS_FILE, MODULE_FILE, SectionTopics, assemble, bundle_intact, index_shard,
                       section_topics, shard_key, pinyin_readings, search_groups, write_pinyin)
from .publish import SITE_MARKER, Inputs, check_folders, check_job_folder, locked
from .site_names import PAGEFIND_DIR


BUNDLES_MARKER = ".policy-bundles"  # in every folder index-group writes bundles into


def _library(seeds: Path, config_dir: Path, build_dir: Path, mkdocs_yml: Path) -> tuple[list[Document], SectionTopics]:
    """The documents and their sections' topics, from the builder's pass (cached in build_dir
    like a build's, with a build's checks of that folder and its lock)."""
    with tempfile.TemporaryDirectory() as no_site:  # no published site: anchors are not compared here
        site = Path(no_site) / "site"
        check_folders(site, build_dir, Inputs(seeds, config_dir, mkdocs_yml))
        with locked(site, build_dir):
            prepared = prepare(seeds, config_dir, site, build_dir, mkdocs_yml, log=lambda *_: None)
    docs = prepared.result.documents
    return docs, section_topics(docs, prepared.result.facts, {t.slug: t.name for t in prepared.config.topics})


def group_count(seeds: Path, config_dir: Path, build_dir: Path, mkdocs_yml: Path) -> int:
    docs, topics = _library(seeds, config_dir, build_dir, mkdocs_yml)
    return len(search_groups(docs, topics))


def index_group(k: int, seeds: Path, config_dir: Path, build_dir: Path, mkdocs_yml: Path, out: Path) -> Path:
    """out/<key>: the bundle of group k, as index_groups makes it in one build."""
    docs, topics = _library(seeds, config_dir, build_dir, mkdocs_yml)
    groups = search_groups(docs, topics)
    if not 0 <= k < len(groups):
        raise BuildError(str(seeds), None, f"no search group {k}: this library has {len(groups)} (0 to {len(groups) - 1})",
                         "run `python -m builder search-groups` with the same --seeds and --config for the count")
    check_job_folder(out, "the bundles folder", Inputs(seeds, config_dir, mkdocs_yml), BUNDLES_MARKER, build_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / BUNDLES_MARKER).touch()
    bundle = out / shard_key(groups[k])
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    elif bundle.exists():
        shutil.rmtree(bundle)  # a folder of ours (the marker): this group's bundle of an earlier run
    index_shard(groups[k], bundle)
    return bundle


def assemble_site(site: Path, bundles: list[Path], seeds: Path, config_dir: Path, build_dir: Path,
                  mkdocs_yml: Path) -> None:
    """site/PAGEFIND_DIR made again from bundles (in any order: they are put in the groups'
    order) and the library's readings; every group must have its bundle."""
    if not (site / SITE_MARKER).is_file() or site.is_symlink():
        raise BuildError(str(site), None, f"no site this tool built there (no {SITE_MARKER} file in it)",
                         "build the pages first (python -m builder build) and name their folder")
    for bundle in bundles:  # checked whole before the site's index is touched
        if not ((bundle / MODULE_FILE).is_file() and (bundle / FILTERS_FILE).is_file()):
            raise BuildError(str(bundle), None, "not a search bundle",
                             "give the folders `python -m builder index-group` wrote (<out>/<key>)")
        if not bundle_intact(bundle):
            raise BuildError(str(bundle), None, "a search bundle changed since index-group wrote it (a file "
                             "damaged, added or linked)", "index its group again")
    check_job_folder(site, "the site", Inputs(seeds, config_dir, mkdocs_yml, tuple(bundles)), SITE_MARKER, build_dir)
    docs, topics = _library(seeds, config_dir, build_dir, mkdocs_yml)
    by_name = {bundle.name: bundle for bundle in bundles}
    keys = [shard_key(group) for group in search_groups(docs, topics)]
    missing = [k for k, key in enumerate(keys) if key not in by_name]
    if missing or len(by_name) != len(keys):
        raise BuildError(str(site), None, f"bundles do not match this library's {len(keys)} search groups"
                         + (f" (missing groups {', '.join(map(str, missing))})" if missing else ""),
                         "index every group of the same seeds and config with `python -m builder index-group K`")
    index = site / PAGEFIND_DIR
    with locked(site, build_dir):  # no build replaces the site meanwhile
        if index.is_symlink() or index.is_file():
            index.unlink()
        elif index.is_dir():
            shutil.rmtree(index)
        assemble(site, [by_name[key] for key in keys])
        write_pinyin(pinyin_readings(docs), site)
