"""Command line: python -m builder build|check|--help."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .build import build
from .check import check
from .model import BuildError
from .report import format_warning, summary


def _interrupt(signum, frame) -> None:
    # SIGTERM (a CI timeout, `kill`) ends Python without running `finally` blocks, which would
    # leave the half-built temporary site next to site/. As an exception it unwinds like Ctrl-C.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder",
                                     description="Build the policy library site from a folder of texts.")
    sub = parser.add_subparsers(dest="command", required=True)
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("--seeds", type=Path, default=Path("seeds"),
                        help="folder of source .txt files (default: seeds)")
    inputs.add_argument("--config", type=Path, default=Path("site_config"),
                        help="folder with documents.yml and the other YAML files (default: site_config)")
    b = sub.add_parser("build", parents=[inputs],
                       help="ingest, parse, extract and render the seeds, then run mkdocs")
    b.add_argument("--out", type=Path, default=Path("site"), help="where the finished site goes (default: site)")
    b.add_argument("--build-dir", type=Path, default=Path("build"),
                   help="where generated Markdown, mkdocs.yml and the parse cache go (default: build)")
    b.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site settings (default: mkdocs.yml)")
    b.add_argument("--previous", type=Path, default=None,
                   help="earlier site/ or anchors.json to report disappeared anchors against (default: --out)")
    c = sub.add_parser("check", parents=[inputs], help="validate config and seeds without building")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    c.add_argument("--previous", type=Path, default=None,
                   help="earlier site/ or anchors.json: list anchors of the latest pages that disappeared")
    args = parser.parse_args(argv)

    if args.command == "check":
        return check(args.seeds, args.config, args.strict, args.previous)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        result = build(args.seeds, args.config, args.out, args.build_dir, args.mkdocs, previous=args.previous)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: {args.out}/ is left as it was before this build", file=sys.stderr)
        return 130
    for warning in result.warnings:
        print(f"warning: {format_warning(warning)}", file=sys.stderr)
    for error in result.skipped:
        print(f"skipped: {error}", file=sys.stderr)
    for page, anchors in result.disappeared.items():
        print(f"warning: /{page}: anchors disappeared since the previous build: {' '.join(anchors)}", file=sys.stderr)
    print(f"Built {summary(result)} -> {args.out}/ (report: {args.out}/report/)")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
