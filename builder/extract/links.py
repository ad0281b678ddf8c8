"""Extract stage for what spans the library: related sections across documents, side-by-side
alignments of implementing documents, and the agencies named anywhere. Runs after every
document's own facts are found (builder/extract: the extractors)."""
from __future__ import annotations

from functools import partial

from builder.config import SiteConfig
from builder.extract.related import (IDF_VERSION, IdfTable, IndexSnapshot, SectionKey, SimilarityIndex, alignments,
                                     changes_since, document_terms, keeps_order, related_pairs, related_sections,
                                     snapshot)
from builder.model import CrossLinks, Document, Facts
from builder.runner import DIRECT, Runner

SIMILARITY_SNAPSHOT = "similarity"  # handed to the next build: the index and what was found with it (related.IndexSnapshot)


def extract_links(documents: list[Document], facts: dict[str, Facts], config: SiteConfig,
                  run: Runner = DIRECT) -> CrossLinks:
    """What spans the library, from the documents and what was found in each (facts, by
    source name; each document's related sections are added to its facts): related
    sections, side-by-side alignments, and the agencies the responsibilities name. The
    similarity index is handed to the next build, which looks up again only the related
    sections and alignments an edit can change."""
    # The index, related sections and alignments span the whole library, but an edit changes
    # little of them: the previous build's are kept where the edit cannot change them.
    index, previous = similarity_index(documents, run)
    changes = changes_since(index, previous)
    pairs = related_pairs(index, changes)
    by_slug = {doc.slug: facts[doc.source.name] for doc in documents}
    for found in by_slug.values():
        found["related"] = []
    for related in related_sections(index, pairs):
        by_slug[related.doc].related.append(related)
    implementing = [(doc.slug, target) for doc in documents
                    for target in doc.meta.relations.get("implements", []) if target in by_slug]
    aligned = alignments(index, "implements", implementing, changes)
    run.keep(SIMILARITY_SNAPSHOT, snapshot(index, pairs, aligned))

    directory = {agency.slug: agency for agency in config.agencies}
    for found in by_slug.values():  # a unit agencies.yml does not list, as the document's extractor found it
        for agency in found.agencies:
            directory.setdefault(agency.slug, agency)
    named = {slug for found in by_slug.values() for r in found.responsibilities for slug in r.lead + r.support}
    return CrossLinks(alignments=aligned, agencies={slug: directory[slug] for slug in sorted(named)})


def similarity_index(documents: list[Document], run: Runner) -> tuple[SimilarityIndex, IndexSnapshot | None]:
    """The documents' similarity index, built on the previous build's (returned with it): a
    document whose words the previous index holds is not even read again, and only the
    others' words are counted (or read) and weighed."""
    run_keys = run.keys("terms", documents, (IDF_VERSION,))
    previous = run.previous(SIMILARITY_SNAPSHOT)
    if not keeps_order(previous, run_keys):
        previous = None  # documents changed places: the index is built from nothing
    known = previous.runs if previous else {}
    unknown = [doc for doc, key in zip(documents, run_keys) if key not in known]
    run.reserve("idf-table", (IDF_VERSION,))
    idf = run.once("idf-table", (IDF_VERSION,), IdfTable.jieba) if unknown else None
    counted = iter(run.each("terms", unknown, (IDF_VERSION,), partial(document_terms, idf=idf)))
    counts = [None if key in known else next(counted) for key in run_keys]
    anchors = [previous.anchors[slice(*known[key])] if c is None else c.anchors for key, c in zip(run_keys, counts)]
    index = SimilarityIndex([SectionKey(doc.slug, anchor) for doc, run in zip(documents, anchors) for anchor in run],
                            counts=counts, previous=previous, run_keys=run_keys)
    return index, previous
