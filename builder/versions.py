"""Revised documents: which text is the latest, and what changed between two versions.

Clauses are aligned by their text, never by their number: a revision that deletes （二）
renumbers everything after it, and those clauses did not change. Alignment:
1. identical texts pair up (in order, when a text occurs more than once);
2. the rest pair up by similarity of character bigrams, most similar first;
3. a pair out of order relative to the others (not on the longest increasing run) moved.
Changed clauses get a word-level diff over jieba tokens.

Texts are compared as set in one width: a revision that reprints (一) as （一） or
(以下简称目录) as （以下简称目录） did not change those clauses, nor renumber them. Such
rows are kept apart (width_only), so what the revision changed is what the page leads with.
"""
from __future__ import annotations

import bisect
import difflib
import logging
from dataclasses import dataclass, field

import jieba

from .model import HISTORY, PART, BuildWarning, Clause, Document
from .patterns import narrow

jieba.setLogLevel(logging.WARNING)  # it announces loading its dictionary on every run

SIMILAR = 0.5  # bigram Dice coefficient above which two clauses are one clause, revised

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass
class ClauseChange:
    """One row of a 修订对照: a clause of the old version, of the new one, or both."""

    status: str  # added | removed | changed | unchanged
    old: Clause | None
    new: Clause | None
    moved: bool = False  # its place relative to the other clauses changed
    renumbered: bool = False  # same clause, different number as printed (in any width)
    old_segments: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete, text)
    new_segments: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert, text)
    width_only: bool = False  # unchanged but for full-/half-width forms and spaces: (一) -> （一）


def group_versions(docs: list[Document]) -> tuple[list[Document], dict[str, list[Document]], list[BuildWarning]]:
    """(the latest text of every document, slug -> its versions oldest first, warnings).

    A version whose file could not be built is left out; if that is the newest, the page
    shows the newest one that could be, and a warning says so.
    """
    latest: list[Document] = []
    history: dict[str, list[Document]] = {}
    warnings: list[BuildWarning] = []
    for doc in docs:
        if doc.meta.versions:
            history.setdefault(doc.slug, []).append(doc)
        else:
            latest.append(doc)
    for slug, versions in history.items():
        order = [v.source for v in versions[0].meta.versions]
        versions.sort(key=lambda d: order.index(d.meta.source))
        latest.append(versions[-1])
        if versions[-1].meta.source != order[-1]:
            warnings.append(BuildWarning(order[-1], None, "version-missing",
                                         f"the newest version of /{slug}/ could not be built; the page shows the "
                                         f"{versions[-1].meta.date} version", "fix the file named in the error above"))
    latest.sort(key=lambda d: d.meta.source)
    return latest, history, warnings


# --------------------------------------------------------------------------- alignment
def comparable(doc: Document) -> list[Clause]:
    """The clauses a revision can change: not parts (containers without text of their own),
    nor a law's history lines (metadata of each version, shown in its version row)."""
    return [c for c in doc.clauses if c.kind not in (PART, HISTORY)]


def _key(clause: Clause) -> str:
    return narrow("".join((clause.text or clause.title).split()))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: robust for Chinese, cheap enough for every pair."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def align(old: list[Clause], new: list[Clause]) -> list[tuple[int, int]]:
    """Index pairs (old, new) of the same clause, sorted by old index."""
    pairs: dict[int, int] = {}
    by_text: dict[str, list[int]] = {}
    for j, clause in enumerate(new):
        by_text.setdefault(_key(clause), []).append(j)
    for i, clause in enumerate(old):
        candidates = by_text.get(_key(clause))
        if candidates:
            pairs[i] = candidates.pop(0)
    taken = set(pairs.values())
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken]
    keys_new = {j: _key(new[j]) for j in rest_new}
    scored = []
    for i in rest_old:
        a = _key(old[i])
        for j in rest_new:
            b = keys_new[j]
            if 3 * min(len(a), len(b)) >= max(len(a), len(b)):  # lengths too far apart cannot reach SIMILAR
                score = similarity(a, b)
                if score >= SIMILAR:
                    scored.append((-score, i, j))
    for _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return sorted(pairs.items())


def _in_order(new_indices: list[int]) -> set[int]:
    """The longest increasing run of new indices (patience sorting): these did not move."""
    tails: list[int] = []  # tails[k]: position in new_indices ending the best run of length k+1
    tail_values: list[int] = []  # new_indices[tails[k]], kept sorted for bisect
    back: list[int | None] = []
    for pos, value in enumerate(new_indices):
        k = bisect.bisect_left(tail_values, value)
        back.append(tails[k - 1] if k else None)
        if k == len(tails):
            tails.append(pos)
            tail_values.append(value)
        else:
            tails[k], tail_values[k] = pos, value
    keep: set[int] = set()
    pos = tails[-1] if tails else None
    while pos is not None:
        keep.add(new_indices[pos])
        pos = back[pos]
    return keep


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Old and new text as segments over jieba tokens: (equal|delete, …) and (equal|insert, …)."""
    a, b = jieba.lcut(old), jieba.lcut(new)
    old_segments: list[tuple[str, str]] = []
    new_segments: list[tuple[str, str]] = []
    # tokens compared as set in one width, shown as printed: （以下简称目录） is no change of (以下简称目录)
    matcher = difflib.SequenceMatcher(None, [narrow(t) for t in a], [narrow(t) for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old_segments.append(("equal", "".join(a[i1:i2])))
            new_segments.append(("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            new_segments.append(("insert", "".join(b[j1:j2])))
    return old_segments, new_segments


def compare(old_doc: Document, new_doc: Document) -> list[ClauseChange]:
    """Rows in the new version's order; a removed clause stands where it stood in the old one."""
    old, new = comparable(old_doc), comparable(new_doc)
    pairs = align(old, new)
    stay = _in_order([j for _, j in pairs])
    partner = {j: i for i, j in pairs}
    matched_old = {i for i, _ in pairs}
    rows: list[ClauseChange] = []
    next_old = 0  # old clauses before this one are placed

    def removed_up_to(limit: int) -> None:
        nonlocal next_old
        for i in range(next_old, limit):
            if i not in matched_old:
                rows.append(ClauseChange(REMOVED, old[i], None, old_segments=[("delete", old[i].full_text)]))
        next_old = max(next_old, limit)

    for j, clause in enumerate(new):
        i = partner.get(j)
        if i is None:
            rows.append(ClauseChange(ADDED, None, clause, new_segments=[("insert", clause.full_text)]))
            continue
        moved = j not in stay
        if not moved:
            removed_up_to(i)
        before = old[i]
        renumbered = narrow(before.number).strip() != narrow(clause.number).strip()
        if _key(before) == _key(clause):
            rows.append(ClauseChange(UNCHANGED, before, clause, moved, renumbered,
                                     [("equal", before.full_text)], [("equal", clause.full_text)],
                                     width_only=before.full_text != clause.full_text))
        else:
            old_segments, new_segments = word_diff(before.text, clause.text)
            rows.append(ClauseChange(CHANGED, before, clause, moved, renumbered,
                                     [("equal", before.number)] + old_segments,
                                     [("equal", clause.number)] + new_segments))
    removed_up_to(len(old))
    return rows
