"""Extract stage for cross-links: references, topics, responsibilities, related sections.

Runs once all documents are parsed, since resolving titles and comparing texts need all of
them. Per-clause facts are stored on each Document; what spans documents is returned.
"""
from __future__ import annotations

from functools import partial

from builder.config import SiteConfig
from builder.extract.references import TitleCatalog, find_references
from builder.extract.related import (IDF_VERSION, IdfTable, IndexSnapshot, SectionKey, SimilarityIndex, alignments,
                                     changes_since, document_terms, related_pairs, related_sections, snapshot)
from builder.extract.responsibilities import AgencyDirectory, find_responsibilities
from builder.extract.topics import TopicTagger
from builder.model import Agency, BuildWarning, CrossLinks, Document, Responsibility
from builder.runner import DIRECT, Runner

SIMILARITY_SNAPSHOT = "similarity"  # handed to the next build: the index and what was found with it (related.IndexSnapshot)


def extract_links(documents: list[Document], config: SiteConfig, run: Runner = DIRECT) -> CrossLinks:
    """Cross-links of the library. What depends on one document and the config (its topic
    tags, responsibilities, counted jieba tokens) or on the catalog of titles (its references)
    runs per document; the similarity index is handed to the next build, which looks up again
    only the related sections and alignments an edit can change."""
    catalog = TitleCatalog(documents)
    tagger = TopicTagger(config.topics)
    directory = AgencyDirectory(config.agencies)
    found = zip(run.each("references", documents, (catalog.digest,), partial(find_references, catalog=catalog)),
                run.each("topics", documents, (config.topics,), tagger.tag),
                run.each("responsibilities", documents, (config.agencies,),
                         partial(responsibilities_and_agencies, directory=directory)))
    warnings = []
    for doc, (doc.references, doc.topic_tags, (doc.responsibilities, found_warnings, named)) in zip(documents, found):
        warnings.extend(found_warnings)
        for agency in named:  # a unit agencies.yml does not list, named where a worker (or an earlier build) found it
            directory.by_slug.setdefault(agency.slug, agency)

    # The index, related sections and alignments span the whole library, but an edit changes
    # little of them: the previous build's are kept where the edit cannot change them.
    index, previous = similarity_index(documents, run)
    changes = changes_since(index, previous)
    pairs = related_pairs(index, changes)
    by_slug = {doc.slug: doc for doc in documents}
    for doc in documents:
        doc.related = []
    for related in related_sections(index, pairs):
        by_slug[related.doc].related.append(related)
    implementing = [(doc.slug, target) for doc in documents
                    for target in doc.meta.relations.get("implements", []) if target in by_slug]
    aligned = alignments(index, "implements", implementing, changes)
    run.keep(SIMILARITY_SNAPSHOT, snapshot(index, pairs, aligned))

    named = {slug for doc in documents for r in doc.responsibilities for slug in r.lead + r.support}
    agencies = {slug: directory.by_slug[slug] for slug in sorted(named)}
    return CrossLinks(alignments=aligned, agencies=agencies, warnings=warnings)


def responsibilities_and_agencies(doc: Document, directory: AgencyDirectory
                                  ) -> tuple[list[Responsibility], list[BuildWarning], list[Agency]]:
    """find_responsibilities, and the agencies its responsibilities name: a unit agencies.yml
    does not list is added to the directory of the process that found it (a worker's, or an
    earlier build's), so the build learns it from here."""
    found, warnings = find_responsibilities(doc, directory)
    named = sorted({slug for duty in found for slug in duty.lead + duty.support})
    return found, warnings, [directory.by_slug[slug] for slug in named]


def similarity_index(documents: list[Document], run: Runner) -> tuple[SimilarityIndex, IndexSnapshot | None]:
    """The documents' similarity index, built on the previous build's (returned with it): a
    document whose words the previous index holds is not even read again, and only the
    others' words are counted (or read) and weighed."""
    previous = run.previous(SIMILARITY_SNAPSHOT)
    known = previous.runs if previous else {}
    run_keys = run.keys("terms", documents, (IDF_VERSION,))
    unknown = [doc for doc, key in zip(documents, run_keys) if key not in known]
    run.reserve("idf-table", (IDF_VERSION,))
    idf = run.once("idf-table", (IDF_VERSION,), IdfTable.jieba) if unknown else None
    counted = iter(run.each("terms", unknown, (IDF_VERSION,), partial(document_terms, idf=idf)))
    counts = [None if key in known else next(counted) for key in run_keys]
    anchors = [previous.anchors[slice(*known[key])] if c is None else c.anchors for key, c in zip(run_keys, counts)]
    index = SimilarityIndex([SectionKey(doc.slug, anchor) for doc, run in zip(documents, anchors) for anchor in run],
                            counts=counts, previous=previous, run_keys=run_keys)
    return index, previous
