"""The build report (维护报告): what a maintainer should look at after a build.

One dict, written as data/build-report.json and rendered by report.md.j2. It holds only
facts about the input, never about the run (no times, no cache counters), so two builds of
the same input write the same report. Run facts go to the terminal (summary()).
"""
from __future__ import annotations

from .anchors import latest_page, pinned_page
from .ingest import REMOVAL_REASONS
from .model import BuildResult, BuildWarning, Document


NUMBERING_CODES = ("numbering-start", "numbering-gap", "numbering-duplicate", "numbering-order", "level-skipped")


def removal_reason(reason: str) -> str:
    """A removed line's reason as the report says it, in Chinese."""
    if reason.startswith("chrome:"):
        return f"网页杂项（site_config/chrome.yml 规则 {reason.removeprefix('chrome:')}）"
    return REMOVAL_REASONS.get(reason, reason)


def format_warning(warning: BuildWarning) -> str:
    return f"{warning.location()}: {warning.message}" + (f" — {warning.hint}" if warning.hint else "")


ANCHORS_LISTED = 12  # a removed document's page loses them all: the report lists every one


def format_disappeared(page: str, anchors: list[str], source: str = "") -> str:
    """One console line for a page whose anchors of the previous build are gone."""
    listed = " ".join(anchors[:ANCHORS_LISTED]) + (f" … ({len(anchors) - ANCHORS_LISTED} more)"
                                                    if len(anchors) > ANCHORS_LISTED else "")
    where = f" ({source})" if source else ""
    return (f"/{page}{where}: {len(anchors)} anchors of the previous build disappeared: {listed} — links to them "
            "now open the page without the clause; keep the old text as a version (documents.yml versions:) "
            "or restore the numbering")


def disappeared_lines(result: BuildResult) -> list[str]:
    """format_disappeared for each page of result that lost anchors, named with its source file."""
    sources = {latest_page(doc): doc.source.name for doc in result.documents}
    return [format_disappeared(page, anchors, sources.get(page, "")) for page, anchors in result.disappeared.items()]


def built_documents(result: BuildResult) -> list[tuple[str, Document]]:
    """(page, document) for every text built: the latest of each document and every version."""
    built = []
    for doc in result.documents:
        built.append((latest_page(doc), doc))
        built.extend((pinned_page(v), v) for v in result.history.get(doc.slug, []))
    return built


def _warning_record(w: BuildWarning) -> dict:
    return {"file": w.file, "line": w.line, "location": w.location(), "code": w.code, "message": w.message,
            "hint": w.hint}


def build_report(result: BuildResult) -> dict:
    built = built_documents(result)
    rows = [{
        "page": page, "slug": doc.slug, "source": doc.source.name, "title": doc.meta.title,
        "version": doc.meta.date if page == pinned_page(doc) else "", "derived": doc.meta.derived,
        "encoding": doc.source.encoding, "clauses": len(doc.clauses), "targets": len(result.facts_of(doc).targets),
        # an earlier version has only the facts its pinned page shows (extract.Extractor.versions)
        "references": len(result.facts_of(doc).get("references", [])), "warnings": len(doc.warnings),
        "numbering": sum(w.code in NUMBERING_CODES for w in doc.warnings), "removed_lines": len(doc.source.removed),
    } for page, doc in built]
    latest = [row for row in rows if not row["version"]]
    texts = {doc.source.name: doc for _, doc in built}  # the newest version has two pages, one text
    return {
        "summary": {
            "documents": len(result.documents), "versions": len(rows) - len(latest),
            "clauses": sum(r["clauses"] for r in latest), "targets": sum(r["targets"] for r in latest),
            "references": sum(r["references"] for r in latest), "warnings": len(result.warnings),
            "skipped": len(result.skipped),
            "disappeared_anchors": sum(len(a) for a in result.disappeared.values()),
        },
        "documents": rows,
        "skipped": [{"file": e.file, "line": e.line, "message": e.message, "hint": e.hint} for e in result.skipped],
        "warnings": [_warning_record(w) for w in result.warnings],
        "removed": [{"file": name, "line": r.lineno, "reason": r.reason, "why": removal_reason(r.reason), "text": r.text}
                    for name, doc in texts.items() for r in doc.source.removed],
        "disappeared_anchors": result.disappeared,
    }


def counted(n: int, noun: str) -> str:
    """1 warning, 2 warnings."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def summary(result: BuildResult) -> str:
    """The last line a build prints."""
    latest = result.documents
    targets = sum(len(result.facts_of(d).targets) for d in latest)
    return (f"{counted(len(latest), 'document')} ({len(result.skipped)} skipped), "
            f"{counted(sum(len(d.clauses) for d in latest), 'clause')}, {counted(targets, 'target')}, "
            f"{counted(len(result.warnings), 'warning')}, "
            + (f"{sum(map(len, result.disappeared.values()))} disappeared anchors, " if result.disappeared else "")
            + f"{len(result.parsed)} parsed and "
            f"{len(result.cached)} from cache in {result.seconds:.1f}s")
