"""Extract stage for cross-links: references, topics, responsibilities, related sections.

Runs once all documents are parsed, since resolving titles and comparing texts need all of
them. Per-clause facts are stored on each Document; what spans documents is returned.
"""
from __future__ import annotations

from collections.abc import Callable

from builder.config import SiteConfig
from builder.extract.references import TitleCatalog, find_references
from builder.extract.related import (
    SectionTokens, SimilarityIndex, alignments, document_tokens, related_sections,
)
from builder.extract.responsibilities import AgencyDirectory, find_responsibilities
from builder.extract.sections import sections
from builder.extract.topics import TopicTagger
from builder.model import CrossLinks, Document


def extract_links(documents: list[Document], config: SiteConfig,
                  tokens: Callable[[Document], list[SectionTokens]] = document_tokens) -> CrossLinks:
    """Cross-links of the library. `tokens` gives document_tokens(doc) of a document: a build
    that keeps them with the parsed documents passes its own lookup and skips jieba."""
    catalog = TitleCatalog(documents)
    tagger = TopicTagger(config.topics)
    directory = AgencyDirectory(config.agencies)
    warnings = []
    for doc in documents:
        doc.references = find_references(doc, catalog)
        doc.topic_tags = tagger.tag(doc)
        doc.responsibilities, found_warnings = find_responsibilities(doc, directory)
        warnings.extend(found_warnings)

    index = SimilarityIndex([s for doc in documents for s in sections(doc)],
                            [t for doc in documents for t in tokens(doc)])
    by_slug = {doc.slug: doc for doc in documents}
    for doc in documents:
        doc.related = []
    for related in related_sections(index):
        by_slug[related.doc].related.append(related)
    implementing = [(doc.slug, target) for doc in documents
                    for target in doc.meta.relations.get("implements", []) if target in by_slug]
    aligned = alignments(index, "implements", implementing)

    named = {slug for doc in documents for r in doc.responsibilities for slug in r.lead + r.support}
    agencies = {slug: directory.by_slug[slug] for slug in sorted(named)}
    return CrossLinks(alignments=aligned, agencies=agencies, warnings=warnings)
