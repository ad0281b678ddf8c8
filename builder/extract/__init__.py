"""Extract stage: facts read out of parsed documents, attached to clauses by anchor."""
