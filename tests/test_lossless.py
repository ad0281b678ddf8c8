"""Nothing is lost: clause numbers + texts, in order, plus removed lines give back every
non-whitespace character of the source."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.ingest import decode

from .conftest import FIXTURES, SEEDS, parse_file

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def assert_lossless(doc, raw_text: str) -> None:
    removed = {r.lineno for r in doc.source.removed}
    kept = [line for n, line in enumerate(re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", raw_text), 1)
            if n not in removed]
    expected = _visible("".join(kept))
    produced = _visible("".join(c.number + c.text for c in doc.clauses))
    assert produced == expected
    assert len({c.anchor for c in doc.clauses}) == len(doc.clauses), "anchors must be unique"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")),
                         ids=lambda p: p.name)
def test_every_character_survives(path: Path, config):
    doc = parse_file(path, config)
    assert_lossless(doc, decode(path.read_bytes(), path.name)[0])
