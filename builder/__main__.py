"""Command line: python -m builder build|check|search-groups|index-group|assemble|--help."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import (EXIT_CODES_HELP, INPUT_ERROR, OK, SYSTEM_ERROR, add_output_options, interruptible, os_error_message,
                  run_build)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder",
                                     description="Build the policy library site from a folder of texts.",
                                     epilog=f"build {EXIT_CODES_HELP}\n\ncheck exit codes: 0 clean, 1 warnings (with --strict), 2 errors",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("--seeds", type=Path, default=Path("seeds"),
                        help="folder of source .txt files (default: seeds)")
    inputs.add_argument("--config", type=Path, default=Path("site_config"),
                        help="folder with documents.yml and the other YAML files (default: site_config)")
    b = sub.add_parser("build", parents=[inputs], epilog=EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       help="ingest, parse, extract and render the seeds, then run mkdocs")
    b.add_argument("--out", type=Path, default=Path("site"), help="where the finished site goes (default: site)")
    b.add_argument("--build-dir", type=Path, default=Path("build"),
                   help="where generated Markdown, mkdocs.yml and the parse cache go (default: build)")
    b.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site settings (default: mkdocs.yml)")
    add_output_options(b)
    b.add_argument("--previous", type=Path, default=None,
                   help="earlier site/ or anchors.json to report disappeared anchors against (default: --out)")
    c = sub.add_parser("check", parents=[inputs], help="validate config and seeds without building")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    c.add_argument("--previous", type=Path, default=None,
                   help="earlier site/ or anchors.json: list anchors of the latest pages that disappeared")
    # the search index's groups as CI jobs (search_jobs.py, README: Past one machine)
    jobs = argparse.ArgumentParser(add_help=False, parents=[inputs])
    jobs.add_argument("--build-dir", type=Path, default=Path("build"),
                      help="where the builder's pass keeps its Markdown and cache (default: build)")
    jobs.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site settings (default: mkdocs.yml)")
    sub.add_parser("search-groups", parents=[jobs], help="print the number of search groups (the CI matrix's size)")
    g = sub.add_parser("index-group", parents=[jobs], help="write the search bundle of one group, as one CI job")
    g.add_argument("group", type=int, help="the group, 0 to the number search-groups prints, less one")
    g.add_argument("--out", type=Path, required=True, help="folder for the bundle: it is written to <out>/<key>/")
    a = sub.add_parser("assemble", parents=[jobs], help="put the groups' bundles into a built site's search index")
    a.add_argument("--site", type=Path, required=True, help="the built site whose pagefind/ is made from the bundles")
    a.add_argument("bundles", type=Path, nargs="+", help="the folders index-group wrote, one per group")
    args = parser.parse_args(argv)
    if args.command in ("search-groups", "index-group", "assemble"):
        return search_job(args)
    from .build import build  # after parsing: --help answers at once
    from .check import check
    from .report import summary


    if args.command == "check":
        return check(args.seeds, args.config, args.strict, args.previous)
    return run_build(lambda: build(args.seeds, args.config, args.out, args.build_dir, args.mkdocs,
                                   previous=args.previous),
                     lambda result: f"Built {summary(result)} -> {args.out}/ (report: {args.out}/report/)",
                     args.verbosity)

def search_job(args: argparse.Namespace) -> int:
    from . import progress
    from .model import BuildError
    from .search_jobs import assemble_site, group_count, index_group

    library = (args.seeds, args.config, args.build_dir, args.mkdocs)
    try:
        with progress.reporting(progress.Reporter(progress.QUIET)):
            if args.command == "search-groups":
                print(group_count(*library))
            elif args.command == "index-group":
                print(index_group(args.group, *library, args.out))
            else:
                assemble_site(args.site, args.bundles, *library)
                print(f"{args.site}/pagefind: {len(args.bundles)} bundles assembled")
    except BuildError as error:
        print(progress.printable(f"error: {error}", one_line=True), file=sys.stderr)
        return INPUT_ERROR
    except OSError as error:
        print(progress.printable(os_error_message(error), one_line=True), file=sys.stderr)
        return SYSTEM_ERROR
    return OK


if __name__ == "__main__":
    sys.exit(interruptible(main))
