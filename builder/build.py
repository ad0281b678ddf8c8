"""The whole build: config -> ingest -> parse -> extract -> render -> mkdocs -> publish.

A broken document is skipped and reported; a broken config stops the build before
anything is written. The site is built next to the old one and swapped in only when
mkdocs succeeded, so a failed build never leaves a half-written site.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import SiteConfig, load_config
from .ingest import ingest_file
from .model import BuildError, BuildWarning, Document, DocumentMeta
from .parse import parse
from .render import render_site
from .search import index_site
from .timing import timed


@dataclass
class BuildResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[BuildError] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (timing.STAGES)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


def derive_meta(path: Path, doc_title: str = "") -> DocumentMeta:
    """Metadata for a seed with no documents.yml entry: an ASCII slug from the file name."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40].strip("-")
    if not (ascii_part and path.stem.isascii()):
        # Chinese or mixed names: keep what ASCII there is, plus a stable hash for uniqueness
        digest = hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:8]
        ascii_part = f"doc-{ascii_part}-{digest}" if ascii_part else f"doc-{digest}"
    slug = ascii_part
    return DocumentMeta(slug=slug, source=path.name, title=doc_title or path.stem, jurisdiction="未分类",
                        derived=True)


def seed_files(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise BuildError(str(seeds), None, "seeds folder not found", "pass --seeds with the folder of .txt files")
    return sorted(p for p in seeds.iterdir() if p.is_file() and p.suffix.lower() == ".txt")


def load_documents(seeds: Path, config: SiteConfig, log=print) -> BuildResult:
    """Ingest, parse and extract every seed; skipped files are reported, never fatal."""
    result = BuildResult()
    slugs = {m.slug for m in config.documents}
    for path in seed_files(seeds):
        started = time.perf_counter()
        try:
            with timed(result.timings, "ingest"):
                source = ingest_file(path, config.chrome)
        except BuildError as error:
            result.skipped.append(error)
            log(f"  SKIP {path.name}: {error}")
            continue
        meta = config.by_source.get(path.name)
        with timed(result.timings, "parse"):
            doc = parse(source, meta or derive_meta(path))
        if meta is None:
            doc.meta = derive_meta(path, doc.title)
            while doc.meta.slug in slugs:
                doc.meta.slug += "-x"
            doc.warnings.insert(0, BuildWarning(
                path.name, None, "no-metadata", f"no entry in documents.yml; built as '{doc.meta.slug}'",
                "add an entry with slug, title and jurisdiction to site_config/documents.yml"))
        slugs.add(doc.meta.slug)
        result.documents.append(doc)
        result.warnings.extend(doc.warnings)
        log(f"  {path.name} -> /{doc.slug}/  {len(doc.clauses)} clauses, {len(doc.warnings)} warnings "
            f"({time.perf_counter() - started:.2f}s)")
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


def publish(new_site: Path, site: Path) -> None:
    """Swap the freshly built site in place of the old one."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    if old.exists():
        shutil.rmtree(old)


def build(seeds: Path, config_dir: Path, site: Path, build_dir: Path, mkdocs_yml: Path, log=print) -> BuildResult:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    with timed(timings, "config"):
        config = load_config(config_dir, seeds)
    site_url = (yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8")) or {}).get("site_url") or "/"
    log(f"Building from {seeds}/ ({len(config.documents)} documents configured)")
    result = load_documents(seeds, config, log)
    result.timings = timings | result.timings
    with timed(result.timings, "render"):
        generated = render_site(result.documents, config, build_dir, mkdocs_yml, site_url)
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp_site = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=site.parent))
    try:
        with timed(result.timings, "mkdocs"):
            run_mkdocs(generated, tmp_site)
        with timed(result.timings, "search"):
            index_site(tmp_site)
        with timed(result.timings, "publish"):
            publish(tmp_site, site)
    finally:
        if tmp_site.exists():
            shutil.rmtree(tmp_site)
    result.seconds = time.perf_counter() - started
    return result
