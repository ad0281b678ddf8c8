"""python -m builder check: everything a build would complain about, without building.

Config (YAML syntax and schema), every seed (encoding, numbering, page-break copies, drop-ins
without an entry, what extraction finds wrong) and, given an earlier build, the anchors that
would disappear. It runs the pipeline's stages as a build does (pipeline.py), without rendering.
Exit 0 clean; 1 warnings only, with --strict; 2 errors (bad config or an unusable seed).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .anchors import disappeared, load_previous, page_anchors
from .config import load_config
from .model import BuildError
from .pipeline import extract, load_documents
from .progress import printable
from .report import counted, disappeared_lines, format_warning

CLEAN, WARNINGS, ERRORS = 0, 1, 2


def check(seeds: Path, config_dir: Path, strict: bool = False, previous: Path | None = None,
          out=sys.stdout, err=sys.stderr) -> int:
    try:
        config = load_config(config_dir, seeds)
        result = load_documents(seeds, config, log=lambda *_: None)
        extract(result, config, log=lambda *_: None)  # its warnings too (responsibility notes): the stages a build runs
        if previous is not None:
            result.disappeared = disappeared(load_previous(previous), page_anchors(result.documents, result.history))
    except BuildError as error:
        print(f"error: {error}", file=err)
        return ERRORS
    for error in result.skipped:
        print(printable(f"error: {error}", one_line=True), file=err)
    for warning in result.warnings:
        print(printable(f"warning: {format_warning(warning)}", one_line=True), file=err)
    for line in disappeared_lines(result):
        print(printable(f"warning: {line}", one_line=True), file=err)
    gone = sum(len(anchors) for anchors in result.disappeared.values())
    warnings = len(result.warnings) + gone
    print(f"check: {counted(len(result.documents), 'document')}, {counted(len(result.skipped), 'error')}, "
          f"{counted(len(result.warnings), 'warning')}, {gone} disappeared anchors", file=out)
    if result.skipped:
        return ERRORS
    return WARNINGS if strict and warnings else CLEAN
