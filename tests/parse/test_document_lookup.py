"""Document.clause() uses an index; it must agree with the clause list, also after appends."""
from __future__ import annotations

from builder.model import PARAGRAPH, Clause


def test_lookup_agrees_with_a_scan(seed_docs):
    for doc in seed_docs.values():
        for c in doc.clauses:
            assert doc.clause(c.anchor) is next(x for x in doc.clauses if x.anchor == c.anchor)
        assert doc.clause("no-such-anchor") is None


def test_lookup_sees_a_clause_added_later(seed_docs):
    doc = seed_docs["002"]
    parent = doc.clauses[-1]
    doc.clause(parent.anchor)  # builds the index
    added = Clause("added-p1", PARAGRAPH, parent.level + 1, "", "", "text", parent.anchor, 1, 1)
    doc.clauses.append(added)
    try:
        assert doc.clause("added-p1") is added
    finally:
        doc.clauses.remove(added)
