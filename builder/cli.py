"""What a build command prints and the exit code it returns: one place for both commands
(`python -m builder build` and `python -m builder.offline`)."""
from __future__ import annotations

import argparse
import signal
import sys
from typing import Callable

from . import progress
from .model import BuildError
from .publish import BuildBusy, InterruptedAfterPublishing

WARNINGS_SHOWN = 20  # a large library's warnings belong in the report, not in a terminal

OK, SKIPPED, INPUT_ERROR, BUSY, SYSTEM_ERROR, INTERRUPTED = 0, 1, 2, 3, 4, 130

EXIT_CODES_HELP = f"""exit codes:
  {OK}    built and published
  {SKIPPED}    built and published, but some source files were skipped (listed above)
  {INPUT_ERROR}    nothing built: bad config, settings or command-line path (message says which)
  {BUSY}    nothing built: another build is using the same build or output folder
  {SYSTEM_ERROR}    stopped by the operating system (disk full, no permission, read-only folder);
       the published site is left as it was
  {INTERRUPTED}  interrupted (Ctrl-C, SIGTERM); the published site is left as it was"""


def _interrupt(signum, frame) -> None:
    # SIGTERM (a CI timeout, `kill`) ends Python without running `finally` blocks, which would
    # leave the half-built scratch folder next to the site. As an exception it unwinds like Ctrl-C.
    raise KeyboardInterrupt


def os_error_message(error: OSError) -> str:
    # a copy names its source first and its destination second (shutil): the destination is
    # where the disk is full or read-only
    path = f"{error.filename2} (copying {error.filename})" if error.filename2 else error.filename or "?"
    cause = error.strerror or str(error)
    return f"error: {path}: {cause} — check free space and permissions there; the published site is unchanged"


def add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=progress.QUIET,
                       default=progress.NORMAL, help="print only warnings, errors and the last line")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=progress.VERBOSE,
                       help="also print a line per document")


def interruptible(main: Callable[[], int]) -> int:
    """main(), with SIGTERM taken as Ctrl-C from the start (imports included): either ends it
    with one line and INTERRUPTED, never a traceback."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return main()
    except InterruptedAfterPublishing:
        print("interrupted: the new site was already published; the next build finishes tidying up", file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:
        print("interrupted: the published site is left as it was before this build", file=sys.stderr)
        return INTERRUPTED


def run_build(run: Callable, done: Callable[[object], str], verbosity: int = progress.NORMAL) -> int:
    """run() a build, print its warnings and done(result), and return the exit code; errors
    become one line on stderr each, never a traceback. Stages show progress on stderr."""
    try:
        with progress.reporting(progress.Reporter(verbosity)):
            result = run()
    except BuildBusy as error:
        print(progress.printable(f"error: {error}", one_line=True), file=sys.stderr)
        return BUSY
    except BuildError as error:
        print(progress.printable(f"error: {error}", one_line=True), file=sys.stderr)
        return INPUT_ERROR
    except OSError as error:
        print(progress.printable(os_error_message(error), one_line=True), file=sys.stderr)
        return SYSTEM_ERROR
    try:
        return _report(result, done, verbosity)
    except KeyboardInterrupt:
        raise InterruptedAfterPublishing from None


def _report(result, done: Callable[[object], str], verbosity: int) -> int:
    """What a finished build prints: its warnings, skipped files, disappeared anchors, done(result)."""
    from .report import disappeared_lines, format_warning

    shown = result.warnings if verbosity >= progress.VERBOSE else result.warnings[:WARNINGS_SHOWN]
    for warning in shown:
        print(progress.printable(f"warning: {format_warning(warning)}", one_line=True), file=sys.stderr)
    if len(shown) < len(result.warnings):
        print(f"warning: … {len(result.warnings) - len(shown)} more warnings: see the build report (--verbose prints all)",
              file=sys.stderr)
    for error in result.skipped:
        print(progress.printable(f"skipped: {error}", one_line=True), file=sys.stderr)
    for line in disappeared_lines(result):
        print(progress.printable(f"warning: {line}", one_line=True), file=sys.stderr)
    print(progress.printable(done(result)))
    return SKIPPED if result.skipped else OK
