"""Extracted targets against the hand-labelled gold files (tests/gold/), and the corpus texts."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.extract.targets import extract_targets

GOLD = Path(__file__).resolve().parent / "gold"
THRESHOLD = 0.95


def target_key(record) -> tuple:
    """Everything a reader would check: where, what, how much, for when."""
    get = record.get if isinstance(record, dict) else lambda k, d=None: getattr(record, k)
    value_max = get("value_max", None)
    return (get("anchor"), get("indicator"), get("comparator"), float(get("value")),
            float(value_max) if value_max is not None else None, get("unit"), get("qualifier", ""),
            get("year"))


def milestone_key(record) -> tuple:
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    return get("anchor"), get("year"), get("statement")


def scores(found: list[tuple], gold: list[tuple]) -> tuple[float, float]:
    matched = len(set(found) & set(gold))
    precision = matched / len(found) if found else 1.0
    recall = matched / len(gold) if gold else 1.0
    return precision, recall


@pytest.mark.parametrize("seed", ["001", "002", "004"])
def test_targets_match_gold(seed, seed_docs, config, capsys):
    gold = yaml.safe_load((GOLD / f"targets_{seed}.yml").read_text(encoding="utf-8"))
    doc = seed_docs[seed]
    assert doc.source.name == gold["source"]
    targets, milestones = extract_targets(doc, config.targets)

    found, expected = [target_key(t) for t in targets], [target_key(g) for g in gold["targets"]]
    precision, recall = scores(found, expected)
    m_precision, m_recall = scores([milestone_key(m) for m in milestones],
                                   [milestone_key(g) for g in gold["milestones"]])
    with capsys.disabled():  # the figures belong in every test run's output
        print(f"\nseed {seed}: targets precision {precision:.3f} recall {recall:.3f} "
              f"({len(found)} found, {len(expected)} gold); milestones precision {m_precision:.3f} "
              f"recall {m_recall:.3f}")
    missing = sorted(set(expected) - set(found), key=str)
    extra = sorted(set(found) - set(expected), key=str)
    assert precision >= THRESHOLD and recall >= THRESHOLD, f"missing {missing}\nextra {extra}"
    assert m_precision >= THRESHOLD and m_recall >= THRESHOLD


CORPUS = sorted(path.stem.removeprefix("targets_corpus_") for path in GOLD.glob("targets_corpus_*.yml"))
CORPUS_THRESHOLD = 0.9


def test_every_corpus_text_has_a_gold_file(corpus_docs):
    assert CORPUS == sorted(corpus_docs)


@pytest.mark.parametrize("key", CORPUS)
def test_corpus_targets_match_gold(key, corpus_docs, config, capsys):
    gold = yaml.safe_load((GOLD / f"targets_corpus_{key}.yml").read_text(encoding="utf-8"))
    doc = corpus_docs[key]
    assert doc.source.name == gold["source"]
    targets, milestones = extract_targets(doc, config.targets)
    found, expected = [target_key(t) for t in targets], [target_key(g) for g in gold["targets"]]
    precision, recall = scores(found, expected)
    m_found, m_expected = [milestone_key(m) for m in milestones], [milestone_key(g) for g in gold["milestones"]]
    m_precision, m_recall = scores(m_found, m_expected)
    with capsys.disabled():
        print(f"\ncorpus {key}: targets precision {precision:.3f} recall {recall:.3f} ({len(set(found) & set(expected))} "
              f"of {len(set(found))} found, {len(set(expected))} gold); milestones {len(set(m_found) & set(m_expected))} "
              f"of {len(set(m_found))} found, {len(set(m_expected))} gold")
    missing = sorted(set(expected) - set(found), key=str)
    extra = sorted(set(found) - set(expected), key=str)
    assert precision >= CORPUS_THRESHOLD and recall >= CORPUS_THRESHOLD, f"missing {missing}\nextra {extra}"
    assert m_precision >= CORPUS_THRESHOLD and m_recall >= CORPUS_THRESHOLD, (m_found, m_expected)


def test_every_anchor_exists(seed_docs, corpus_docs, config):
    for doc in [*seed_docs.values(), *corpus_docs.values()]:
        targets, milestones = extract_targets(doc, config.targets)
        anchors = {c.anchor for c in doc.clauses}
        assert {t.anchor for t in targets} <= anchors
        assert {m.anchor for m in milestones} <= anchors
        for t in targets:
            assert t.text and t.text in doc.clause(t.anchor).text  # the exact source span


def test_corpus_texts_yield_their_obvious_targets(corpus_docs, config):
    found = {key: extract_targets(doc, config.targets) for key, doc in corpus_docs.items()}
    farm = {(t.canonical, t.value, t.unit, t.year) for t in found["02"][0]}
    assert ("农作物耕种收综合机械化率", 70, "%", 2020) in farm
    assert ("农作物耕种收综合机械化率", 75, "%", 2025) in farm
    energy = {(t.indicator, t.comparator, t.value, t.unit, t.year) for t in found["06"][0]}
    assert ("全国万元国内生产总值能耗", "下降到", 0.869, "吨标准煤", 2015) in energy
    assert ("全国万元国内生产总值能耗", "下降", 16, "%", 2015) in energy
    metrology = {(t.indicator, t.value, t.unit, t.year) for t in found["01"][0]}
    assert ("得到国际承认的校准测量能力", 1400, "项", 2020) in metrology
