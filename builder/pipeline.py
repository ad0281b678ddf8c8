"""The builder's stages in order, as build and check both run them:
seeds -> ingest + parse (each file) -> metadata -> extract (each extractor over each document,
then what spans the library).

Each stage is a plain function; a runner (runner.py) decides how it runs over the documents:
`Direct` for check and tests, the incremental layer for a build.
"""
from __future__ import annotations

import functools
import re
import time
from functools import partial
from pathlib import Path

from . import progress
from .anchors import latest_page, pinned_page
from .config import ChromeRule, SiteConfig
from .derive import resolve_meta
from .extract import extractors
from .extract.links import extract_links
from .ingest import ingest_file
from .model import BuildError, BuildResult, BuildWarning, CrossLinks, Document, DocumentMeta, Facts
from .parse import parse
from .runner import DIRECT, Runner
from .timing import timed
from .versions import group_versions


UNUSABLE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\udc80-\udcff]")


def seed_files(seeds: Path) -> tuple[list[Path], list[BuildError]]:
    """The .txt files of the seeds folder, and why each other .txt entry cannot be read (a
    folder, a pipe or device, which would block or never end, a broken link, a link out of the
    folder, whose file would be published)."""
    if not seeds.is_dir():
        raise BuildError(str(seeds), None, "seeds folder not found", "pass --seeds with the folder of .txt files")
    files, unusable = [], []
    inside = seeds.resolve()
    for path in sorted(p for p in seeds.iterdir() if p.suffix.lower() == ".txt"):
        if UNUSABLE_NAME.search(path.name):  # a control character, or bytes not UTF-8 (surrogate escapes)
            unusable.append(BuildError(path.name, None, "文件名含控制字符或不是 UTF-8 编码，无法作为网页来源",
                                       "把文件改名（UTF-8 编码的普通字符）"))
        elif path.is_file() and path.is_symlink() and inside not in path.resolve().parents:  # /etc/passwd, a key
            unusable.append(BuildError(path.name, None, "是指向 seeds/ 以外的链接：为免发布别处的文件，不读取",
                                       "把文件本身复制进 seeds/"))
        elif path.is_file():
            files.append(path)
        else:
            unusable.append(BuildError(path.name, None, "不是普通文件（文件夹、管道、设备或失效的链接），无法读取",
                                       "换成文本文件，或把它移出 seeds/"))
    return files, unusable


def read_and_parse(path: Path, chrome: list[ChromeRule]) -> tuple[Document, dict[str, float]]:
    """ingest + parse one file, and the seconds each took. Its metadata is filled in later
    (give_meta), so parse gets a placeholder that names only the source."""
    timings: dict[str, float] = {}
    with timed(timings, "ingest"):
        source = ingest_file(path, chrome)
    with timed(timings, "parse"):
        return parse(source, DocumentMeta(slug="", source=path.name, title="")), timings


@functools.lru_cache(maxsize=4)
def chrome_inputs(chrome: tuple[ChromeRule, ...]) -> str:
    """What a parse reads of the chrome rules."""
    return repr([(r.name, r.pattern.pattern, r.pattern.flags, r.rest) for r in chrome])


def read_documents(paths: list[Path], config: SiteConfig, run: Runner, timings: dict[str, float]
                   ) -> list[tuple[Document | BuildError, bool]]:
    """For each path: its document (or the BuildError that makes it unusable) and whether the
    runner had it from an earlier build. Adds the ingest and parse seconds to timings."""
    started = time.perf_counter()
    read = run.files("parse", paths, (chrome_inputs(tuple(config.chrome)),),
                     partial(read_and_parse, chrome=config.chrome))
    # Workers overlap, so their seconds add up to more than the wall clock: share the wall
    # clock between ingest and parse in proportion to the work each did (reading what an
    # earlier build kept counts as ingest).
    spent = {stage: sum(value[1].get(stage, 0.0) for value, cached in read
                        if not cached and not isinstance(value, Exception)) for stage in ("ingest", "parse")}
    total, wall = sum(spent.values()), time.perf_counter() - started
    for stage, seconds in spent.items():
        timings[stage] = timings.get(stage, 0.0) + (wall * seconds / total if total else 0.0)
    if not total:
        timings["ingest"] = timings.get("ingest", 0.0) + wall
    return [(value if isinstance(value, BuildError) else _unreadable(path, value) if isinstance(value, Exception)
             else value[0], cached) for path, (value, cached) in zip(paths, read)]


def _unreadable(path: Path, error: OSError) -> BuildError:
    return BuildError(path.name, None, f"cannot read the file: {error.strerror or error}",
                      "check that it exists and that the build may read it")


def give_meta(doc: Document, config: SiteConfig, taken: set[str]) -> None:
    """The document's metadata (documents.yml, else its text), its slug added to `taken`."""
    doc.meta, warnings = resolve_meta(doc, config.by_source.get(doc.source.name), config.jurisdictions, taken)
    doc.warnings[:0] = warnings
    taken.add(doc.slug)


def load_documents(seeds: Path, config: SiteConfig, log=progress.detail, run: Runner = DIRECT) -> BuildResult:
    """Ingest and parse every seed and give it its metadata; skipped files are reported, never
    fatal. log: where a line per skipped file goes (the console with --verbose)."""
    result = BuildResult()
    taken = {m.slug for m in config.documents}
    loaded: list[Document] = []
    paths, result.skipped = seed_files(seeds)
    for error in result.skipped:
        log(f"  SKIP {error}")
    with progress.stage("documents", len(paths), "份"):
        read = read_documents(paths, config, run, result.timings)
    for path, (doc, cached) in zip(paths, read):
        if isinstance(doc, BuildError):
            result.skipped.append(doc)
            log(f"  SKIP {doc}")  # the error names the file
            continue
        give_meta(doc, config, taken)  # in file order: a derived slug must not take a later one's
        (result.cached if cached else result.parsed).append(path.name)
        loaded.append(doc)
        result.warnings.extend(doc.warnings)
    result.documents, result.history, version_warnings = group_versions(loaded)
    result.warnings.extend(version_warnings)
    return result


def extract(result: BuildResult, config: SiteConfig, run: Runner = DIRECT, log=progress.detail) -> CrossLinks:
    """What every extractor finds in every document (result.facts), then what spans the
    library (extract/links.py); their warnings join the result's. log: where the line per
    document goes (the console with --verbose)."""
    latest = {id(doc) for doc in result.documents}
    versions = [doc for texts in result.history.values() for doc in texts if id(doc) not in latest]
    with timed(result.timings, "extract"), progress.stage("extract"):
        result.facts, warnings = extract_facts(result.documents, config, run, versions)
        result.warnings.extend(warnings)
        links = extract_links(result.documents, result.facts, config, run)
    cached = set(result.cached)
    for doc in sorted(result.documents + versions, key=lambda d: d.source.name):  # the seeds folder's order
        page = pinned_page(doc) if doc.meta.versions else latest_page(doc)
        log(f"  {doc.source.name} -> /{page}  {len(doc.clauses)} clauses, {len(result.facts_of(doc).targets)} targets, "
            f"{len(doc.warnings)} warnings{' (cached)' if doc.source.name in cached else ''}")
    return links


def extract_facts(documents: list[Document], config: SiteConfig, run: Runner = DIRECT,
                  versions: list[Document] = ()) -> tuple[dict[str, Facts], list[BuildWarning]]:
    """Each extractor over each document (and over the earlier versions, for the extractors
    whose facts a pinned page shows): the facts found, by source file name, and the warnings."""
    facts = {doc.source.name: Facts() for doc in [*documents, *versions]}
    warnings = []
    for extractor in extractors():
        docs = [*documents, *versions] if extractor.versions else documents
        reads, key = extractor.reads(config, docs)
        for doc, found in zip(docs, run.each(extractor.name, docs, key, partial(_find, extractor.find, reads))):
            if taken := facts[doc.source.name].keys() & found.facts.keys():
                raise ValueError(f"extractor {extractor.name!r} finds {sorted(taken)}, which another found already")
            facts[doc.source.name].update(found.facts)
            warnings.extend(found.warnings)
    return facts, warnings


def _find(find, reads, doc: Document):
    """find(doc, reads): what the runner calls per document."""
    return find(doc, reads)
