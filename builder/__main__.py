"""Command line: python -m builder build|--help."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .build import build
from .model import BuildError


def _interrupt(signum, frame) -> None:
    # SIGTERM (a CI timeout, `kill`) ends Python without running `finally` blocks, which would
    # leave the half-built temporary site next to site/. As an exception it unwinds like Ctrl-C.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder",
                                     description="Build the policy library site from a folder of texts.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="ingest, parse, extract and render the seeds, then run mkdocs")
    b.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of source .txt files (default: seeds)")
    b.add_argument("--config", type=Path, default=Path("site_config"),
                   help="folder with documents.yml and the other YAML files (default: site_config)")
    b.add_argument("--out", type=Path, default=Path("site"), help="where the finished site goes (default: site)")
    b.add_argument("--build-dir", type=Path, default=Path("build"),
                   help="where generated Markdown and mkdocs.yml go (default: build)")
    b.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site settings (default: mkdocs.yml)")
    args = parser.parse_args(argv)

    if args.command == "build":
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            result = build(args.seeds, args.config, args.out, args.build_dir, args.mkdocs)
        except BuildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(f"interrupted: {args.out}/ is left as it was before this build", file=sys.stderr)
            return 130
        for warning in result.warnings:
            print(f"warning: {warning.location()}: {warning.message}"
                  + (f" — {warning.hint}" if warning.hint else ""), file=sys.stderr)
        for error in result.skipped:
            print(f"skipped: {error}", file=sys.stderr)
        clauses = sum(len(d.clauses) for d in result.documents)
        print(f"Built {len(result.documents)} documents ({len(result.skipped)} skipped), {clauses} clauses, "
              f"{len(result.warnings)} warnings in {result.seconds:.1f}s -> {args.out}/")
        return result.exit_code
    return 2


if __name__ == "__main__":
    sys.exit(main())
