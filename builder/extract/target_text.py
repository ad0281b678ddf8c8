"""Read quantitative targets out of one clause's text.

Works sentence by sentence. Each number that is not a year, code, date … (vocab.not_targets)
is a candidate value; the text before it in its segment (between commas) gives the verb and
the indicator, the text after it the unit, the qualifier and, for counts, the counted noun.
Values joined by 和/、 form a list that shares one indicator phrase and one verb; a list of
measures and a list of values pair up ("分别达到65%和55%"), and 均/分别 spread one value over
several measures. Document context (year from the title, sibling paragraphs) is not known
here: see targets.py.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .. import patterns as P
from ..config_targets import TargetVocab

SENTENCE_ENDS = "。！？!?"
SEGMENT_ENDS = SENTENCE_ENDS + "，,；;：:"
_SENTENCE = re.compile(f"[^{SENTENCE_ENDS}]*[{SENTENCE_ENDS}]|[^{SENTENCE_ENDS}]+")  # up to and with its end mark
OPENING_BRACKETS = {"（": "）", "(": ")", "“": "”", "《": "》", "〈": "〉", "【": "】"}
# Full-width digits and signs folded to ASCII; one character for one, so offsets still
# point into the original text.
FOLD = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 50,000: a thousands comma is in the number
RANGE_SEPARATORS = "-－—–～~至"


@dataclass(frozen=True)
class Reading:
    """One target as read from a clause's text (no document context yet)."""

    indicator: str
    comparator: str
    relation: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    year: int | None  # from a year phrase earlier in the same text, if any
    start: int  # span of the exact source text
    end: int
    value_start: int  # where the value itself starts


@dataclass
class _Value:
    start: int
    end: int  # after unit and qualifier
    value: float
    value_max: float | None
    unit: str
    qualifier: str


@dataclass
class _List:
    """Values sharing one indicator phrase and one verb."""

    subject: str
    subject_start: int
    comparator: str
    relation: str
    distributive: bool
    values: list[_Value] = field(default_factory=list)
    noun: str = ""  # the counted noun after the value, when the indicator follows it
    end: int = 0


def _value_pattern(vocab: TargetVocab) -> re.Pattern:
    return _compiled_value_pattern(vocab.units, tuple(vocab.qualifiers))


@lru_cache(maxsize=8)  # built once per vocabulary, not once per clause
def _compiled_value_pattern(unit_words: tuple[str, ...], qualifier_words: tuple[str, ...]) -> re.Pattern:
    units = "|".join(re.escape(u) for u in unit_words)
    qualifiers = "|".join(re.escape(q) for q in sorted(qualifier_words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\d.A-Za-z])(?P<value>{NUMBER})"
        rf"(?:\s*[{RANGE_SEPARATORS}]\s*(?P<value_max>{NUMBER}))?"
        rf"\s*(?P<unit>{units})?\s*(?P<qualifier>{qualifiers})?"
    )


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _masked(text: str, vocab: TargetVocab) -> bytearray:
    masked = bytearray(len(text))  # a byte per character: a 5 MB line is one clause
    for pattern in vocab.not_targets.values():
        for m in pattern.finditer(text):
            masked[m.start():m.end()] = b"\1" * (m.end() - m.start())
    return masked


def _values(text: str, vocab: TargetVocab) -> list[_Value]:
    matches = list(_value_pattern(vocab).finditer(text))
    masked = _masked(text, vocab) if matches else bytearray()  # most clauses hold no number at all
    found = []
    for m in matches:
        number_end = m.end("value_max") if m.group("value_max") else m.end("value")
        if any(masked[m.start():number_end]):
            continue
        found.append(_Value(
            start=m.start(), end=m.end(),
            value=_number(m.group("value")),
            value_max=_number(m.group("value_max")) if m.group("value_max") else None,
            unit=m.group("unit") or "",
            qualifier=m.group("qualifier") or "",
        ))
    return found


def _is_segment_end(text: str, i: int) -> bool:
    # "1,000" is a number, not two segments
    if text[i] == "," and 0 < i < len(text) - 1:
        return not (text[i - 1].isdigit() and text[i + 1].isdigit())
    return text[i] in SEGMENT_ENDS


@lru_cache(maxsize=8)
def _marker_spans(text: str, markers: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Where markers occur in text, found once: their ends in order, and for each the latest
    start among the occurrences ending there or before."""
    spans = sorted((m.end(), m.start()) for m in re.finditer("|".join(map(re.escape, markers)), text)) if markers else []
    latest, running = [], -1
    for _, start in spans:
        running = max(running, start)
        latest.append(running)
    return [end for end, _ in spans], latest


def _holds_marker(text: str, markers, start: int, end: int) -> bool:
    """Whether a marker occurs whole within text[start:end]."""
    ends, latest = _marker_spans(text, tuple(markers))
    k = bisect_right(ends, end) - 1
    return k >= 0 and latest[k] >= start


@lru_cache(maxsize=8)
def _segment_ends(text: str) -> list[int]:
    """The positions of a text that end a segment, found once: a reader looks them up for
    every value, and walking to them each time made a long unpunctuated run cost its square."""
    return [i for i in range(len(text)) if _is_segment_end(text, i)]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text)]


def _strip_words(text: str, words: tuple[str, ...], at_end: bool) -> tuple[str, list[str]]:
    """Remove any of words repeatedly from one end; return the rest and what was removed."""
    removed = []
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.endswith(w) if at_end else text.startswith(w):
                text = text[: -len(w)] if at_end else text[len(w):]
                removed.append(w)
                changed = True
                break
    return text, removed


def _split_conjuncts(subject: str, vocab: TargetVocab) -> list[str]:
    """Split "A和B、C" on conjunctions outside brackets and quotes."""
    parts, depth, current, i = [], [], "", 0
    while i < len(subject):
        ch = subject[i]
        if ch in OPENING_BRACKETS:
            depth.append(OPENING_BRACKETS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        if not depth:
            word = next((w for w in vocab.conjunctions if subject.startswith(w, i)), None)
            if word:
                parts.append(current)
                current, i = "", i + len(word)
                continue
        current += ch
        i += 1
    parts.append(current)
    return [p for p in (p.strip() for p in parts) if p]


def _head(measure: str, vocab: TargetVocab) -> str:
    """The part of a measure's name that a shared list repeats: "的减排比例", "机械化率"."""
    if vocab.possessive in measure:
        return measure[measure.rindex(vocab.possessive):]
    return next((h for h in vocab.indicator_heads if measure.endswith(h)), "")


def _measures(subject: str, count: int, distributive: bool, vocab: TargetVocab) -> list[str]:
    """The indicator names a list of `count` values stands for."""
    parts = _split_conjuncts(subject, vocab)
    full = [any(p.endswith(h) for h in vocab.indicator_heads) for p in parts]
    if len(parts) < 2 or not (distributive or all(full) or len(parts) == count > 1):
        return [subject]
    head = _tail(parts[0], parts[-1]) or _head(parts[-1], vocab)
    return [p if is_full or not head else p + head for p, is_full in zip(parts[:-1], full)] + [parts[-1]]


def _tail(first: str, last: str) -> str:
    """What the last conjunct adds past a word it shares, in the same place, with the first: in
    "农业领域、工业领域标准覆盖率" both name a 领域 and measure its 标准覆盖率; in "省级、市级质量标杆企业"
    a 级's 质量标杆企业. "" when they share none (花生种植、收获机械化率: the head, 机械化率, is shared)."""
    for size in range(min(len(first), len(last) - 1), 0, -1):
        at = len(first) - size  # the shared word stands where it stands in the first: a parallel list
        if last[at:len(first)] == first[at:]:
            return last[len(first):]
    return ""


def _noun_after(text: str, start: int, stop: int, vocab: TargetVocab) -> tuple[str, int]:
    """The counted noun right after a value ("10家企业的申报发证工作"), and where it ends."""
    i = start
    while i < stop and text[i].isspace():
        i += 1
    if i < stop and text[i] in "（(":  # an aside such as （按2005年价格计算）
        close = text.find("）" if text[i] == "（" else ")", i, stop)
        if 0 < close < stop:
            return "", close + 1
    noun = text[i:stop]
    if any(noun.startswith(w) for w in vocab.conjunctions):
        return "", start  # "88%以上、夜间达标率为75%": the next item of a list, not a noun
    noun, _ = _strip_words(noun.rstrip(), vocab.conjunctions, at_end=True)
    end = i + len(noun)
    noun, _ = _strip_words(noun, (vocab.possessive,), at_end=False)
    return noun.strip(), end


class _SentenceReader:
    """Reads the values of one sentence in order, carrying verbs and lists across segments."""

    def __init__(self, text: str, vocab: TargetVocab):
        self.text, self.vocab = text, vocab
        self.verbs = {**vocab.comparators, **{v: "level" for v in vocab.count_verbs}}
        self.verbs_longest_first = sorted(self.verbs, key=len, reverse=True)
        self.lead_words = vocab.subject_leads + vocab.hedges + vocab.conjunctions
        self.carried_count_verb = ""  # a count verb that later list items take over
        self.last_subject: tuple[str, int] | None = None

    def segment_start(self, position: int, floor: int) -> int:
        """Where the segment holding position starts (not before floor)."""
        ends = _segment_ends(self.text)
        k = bisect_left(ends, position) - 1
        return max(ends[k] + 1 if k >= 0 else 0, floor)

    def segment_stop(self, position: int, limit: int) -> int:
        """Where the segment holding position ends (not after limit)."""
        if position >= limit:
            return position
        ends = _segment_ends(self.text)
        k = bisect_left(ends, position)
        return min(ends[k], limit) if k < len(ends) else limit

    def read(self, start: int, end: int, values: list[_Value]) -> list[_List]:
        lists: list[_List] = []
        previous_end, current = start, None
        for n, value in enumerate(values):
            next_start = values[n + 1].start if n + 1 < len(values) else end
            seg_start = self.segment_start(value.start, previous_end)
            before = self.text[seg_start:value.start]
            joined = before.strip() in self.vocab.conjunctions or not before.strip()
            if current is not None and not current.noun and seg_start == previous_end and joined:
                current.values.append(value)  # "65%和55%": one more value of the same list
                current.end = previous_end = value.end
                continue
            current = self.start_list(seg_start, before, value, next_start)
            if current is not None:
                lists.append(current)
                previous_end = current.end
            # a number that is no value stays in what the next value's indicator is called:
            # "服务半径500米范围内覆盖率达到90%", not "米范围内覆盖率"
        # reference values (baselines) have neither subject nor noun: they are not targets
        return [lst for lst in lists if lst.subject or lst.noun]

    def start_list(self, seg_start: int, before: str, value: _Value, next_start: int) -> _List | None:
        vocab = self.vocab
        pre = before.rstrip()
        if m := _ends_with(vocab.baseline, pre):
            # "…比重由2020年的7.8%提高到2025年的10%": what precedes the base names what the
            # values after it measure
            subject, _ = _strip_words(pre[:m.start()].strip(), self.lead_words, at_end=False)
            if subject:
                self.last_subject = (subject, seg_start + before.find(subject))
            return _List("", seg_start, "", "", False, [value], end=value.end)
        if _holds_marker(self.text, vocab.condition_markers, seg_start, seg_start + len(pre)):
            return None
        if m := _ends_with(vocab.dated, pre):  # "提高到2025年的10%": the year is the value's
            pre = pre[:m.start()].rstrip()
        approximator = next((a for a in vocab.approximators if pre.endswith(a)), "")
        pre = pre[: len(pre) - len(approximator)]

        # The verb: a comparator or count verb right before the value; else, for quantities,
        # a count verb earlier in the segment or carried over from earlier in the sentence.
        is_quantity = value.unit and value.unit not in vocab.rate_units
        verb = next((v for v in self.verbs_longest_first if pre.endswith(v)), "")
        if verb:  # "…合格率达到": the indicator comes before the verb
            verb_at = len(pre) - len(verb)
            subject = pre[:verb_at]
        elif is_quantity and (found := self.first_count_verb(pre)):  # "认定海南省名牌产品"
            verb_at, verb = found
            subject = pre[verb_at + len(verb):]
            if self.joined_to_verb(pre[:verb_at], subject):
                # "主导和参与制定国际标准", "新建、改造社会公用计量标准": what the joined verbs do
                # is what is counted (no verb carried over from an earlier item either); only a
                # scope or lead-in before them is left out
                verb_at, verb, self.carried_count_verb = 0, "", ""
                subject, _ = _strip_words(pre.strip(), vocab.scopes + self.lead_words, at_end=False)
        else:
            verb_at, subject = len(pre), pre
        comparator, counted = verb, verb in vocab.count_verbs
        if not value.unit and not comparator:
            return None  # a bare number with no verb is a label, not a value
        if not verb and (share := self.share(pre, seg_start, value, next_start)):
            return share
        if verb:
            hedge = next((h for h in vocab.hedges if h in pre[:verb_at]), "")
            comparator = hedge + verb
        elif is_quantity and self.carried_count_verb:
            comparator, counted = self.carried_count_verb, True
        if verb in vocab.count_verbs:
            self.carried_count_verb = comparator

        # "建标覆盖率力争达90%": the hedge went to the comparator (力争达), not to the indicator
        subject, removed = _strip_words(subject.strip(), vocab.subject_trailers + vocab.hedges, at_end=True)
        if (m := _ends_with(vocab.baseline, subject)) is not None:  # "…效率比2010年分别提高"
            subject, more = _strip_words(subject[: m.start()].strip(), vocab.subject_trailers, at_end=True)
            removed += more
        subject, _ = _strip_words(subject.strip(), self.lead_words, at_end=False)
        subject = _after_year(subject.strip(), vocab).strip()  # "2025年达到80%": the year is no name
        lst = _List(
            subject=subject,
            subject_start=seg_start + before.find(subject) if subject else seg_start + verb_at,
            comparator=comparator,
            relation=self.relation(verb, value.qualifier, bool(approximator)),
            distributive=any(w in vocab.distributive for w in removed),
            values=[value],
            end=value.end,
        )
        noun, noun_end = _noun_after(self.text, value.end, self.segment_stop(value.end, next_start), vocab)
        if noun:
            # A count verb governs "完成10家企业的…" (what precedes it is the actor: "各省级疾控
            # 中心每年制定2-3个…"); any verb right before the value governs "力争有10家通过认证".
            # Otherwise the number qualifies a noun ("30万千瓦及以上燃煤机组") and is no goal.
            if not (counted or verb and not subject):
                return None
            lst.subject, lst.subject_start = "", seg_start + verb_at
            lst.noun, lst.end = noun, noun_end
        elif subject:
            self.last_subject = (subject, lst.subject_start)
        elif comparator and self.last_subject:
            # "…能耗下降到0.869吨标准煤，比2010年的1.034吨标准煤下降16%": the same measure
            lst.subject, lst.subject_start = self.last_subject
        else:
            return None
        return lst

    def share(self, pre: str, seg_start: int, value: _Value, next_start: int) -> _List | None:
        """A share that opens its own subject: "全省70%以上的规模以上工业企业达到…要求", "其中90%以上
        达到国际先进水平". What it measures is the rest of the segment (its only value). A count
        with a floor opens its subject the same way ("推动200家以上规模以上工业企业开展…"): without
        one, the count names the actors given a task ("组织28个省级疾控中心完成…"), no goal."""
        vocab = self.vocab
        scope, _ = _strip_words(pre.strip(), vocab.scopes + vocab.subject_leads, at_end=False)
        stop = self.segment_stop(value.end, len(self.text))
        floor = vocab.qualifiers.get(value.qualifier) == "at_least"
        if scope.strip() or not (value.unit in vocab.rate_units or floor) \
                or self.segment_stop(value.end, next_start) != stop:
            return None
        noun, noun_end = _noun_after(self.text, value.end, stop, vocab)
        if not noun or noun_end != stop:
            return None
        return _List("", seg_start + len(pre), "", self.relation("", value.qualifier, False), False, [value],
                     noun=noun, end=noun_end)

    def joined_to_verb(self, before: str, after: str) -> bool:
        """Whether a count verb is one of several joined verbs ("新建、改造…") or carries words
        that say how it is done ("主导和参与制定") or names a field (农业领域新制定): then the verb alone
        does not say what is counted. Other words before it (an actor, a scope, 全年) are left out
        as before."""
        if any(after.startswith(c) for c in self.vocab.conjunctions):
            return True
        lead, _ = _strip_words(before.strip(), self.vocab.scopes + self.lead_words, at_end=False)
        if any(field in lead for field in self.vocab.fields) and not lead.startswith(self.vocab.locatives):
            return True  # "农业领域新制定…": the field's, not any
        rest, _ = _strip_words(lead, self.vocab.verb_modifiers + self.vocab.conjunctions, at_end=False)
        return bool(lead) and not rest

    def first_count_verb(self, pre: str) -> tuple[int, str] | None:
        hits = [(pre.find(v), v) for v in self.vocab.count_verbs if v in pre]
        return min(hits, key=lambda h: (h[0], -len(h[1]))) if hits else None

    def relation(self, verb: str, qualifier: str, approximate: bool) -> str:
        relation = self.verbs.get(verb, "level")
        if relation == "level" and qualifier:
            relation = self.vocab.qualifiers[qualifier]
        if relation == "level" and approximate:
            relation = "about"
        return relation


# How far back a match ending a text is looked for: further than any base or year phrase
# reaches (比2010年, 由2020年底的 …), and no further, so that reading the words before each value
# of a long unpunctuated run does not cost the run's square.
ENDS_WITH_WINDOW = 64


def _ends_with(pattern: re.Pattern, text: str) -> re.Match | None:
    return next((m for m in pattern.finditer(text, max(0, len(text) - ENDS_WITH_WINDOW))
                 if m.end() == len(text)), None)


def _readings(lst: _List, text: str, year_at, vocab: TargetVocab) -> list[Reading]:
    values = lst.values
    # "提高5个和2个百分点": the last unit completes the earlier, shorter ones
    last_unit = values[-1].unit
    units = [last_unit if last_unit.startswith(v.unit) else v.unit for v in values]
    if lst.noun:
        measures = [lst.noun]
    else:
        measures = _measures(lst.subject, len(values), lst.distributive, vocab)
    if len(values) > 1 and len(measures) == len(values):
        pairs = list(zip(measures, values, units))
    elif len(values) > 1:
        pairs = [(lst.subject, v, u) for v, u in zip(values, units)]
    else:
        pairs = [(m, values[0], units[0]) for m in measures]
    return [
        Reading(indicator=measure, comparator=lst.comparator, relation=lst.relation,
                value=v.value, value_max=v.value_max, unit=unit, qualifier=v.qualifier,
                year=year_at(v.start), start=lst.subject_start, end=lst.end,
                value_start=v.start)
        for measure, v, unit in pairs
    ]


def _after_year(text: str, vocab: TargetVocab) -> str:
    """text without the year phrase it opens with, if it opens with one."""
    ends = [m.end() for pattern in vocab.year_phrases if (m := pattern.match(text)) and vocab.year_of(m)]
    return text[max(ends):] if ends else text


def year_phrases(text: str, vocab: TargetVocab) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year phrase in text, in order."""
    found = []
    for pattern in vocab.year_phrases:
        for m in pattern.finditer(text):
            if year := vocab.year_of(m):
                found.append((m.start(), m.end(), year))
    return sorted(found)


def _years_before(positions: list[int], phrases: list[tuple[int, int, int]]) -> dict[int, int | None]:
    """For each position, the year of the last phrase (in reading order) that ends at or
    before it: one sweep over both, however many values and phrases a long text holds."""
    by_end = sorted(phrases, key=lambda phrase: phrase[1])
    years, last, i = {}, None, 0
    for position in sorted(positions):
        while i < len(by_end) and by_end[i][1] <= position:
            last = max(last, by_end[i]) if last else by_end[i]
            i += 1
        years[position] = last[2] if last else None
    return years


def read_targets(text: str, vocab: TargetVocab, dated: int | None = None, legal: bool = False) -> list[Reading]:
    """Every quantitative target in one clause's text, in reading order; dated: the year of the
    document (a sentence naming only years before it reports results, no targets); legal: the
    text is a law's or regulation's (a sentence setting a norm gives none)."""
    folded = text.translate(FOLD)
    values = _values(folded, vocab)
    if not values:
        return []
    sentences = _sentences(folded)
    past = [(start, end) for start, end in sentences if _before(folded[start:end], dated, vocab)]
    # a year a past sentence names ("十三五期间…") is no year for the sentences after it
    phrases = [p for p in year_phrases(folded, vocab) if not any(s <= p[0] < e for s, e in past)]
    year_at = _years_before([v.start for v in values], phrases).get

    readings = []
    first = 0  # values and sentences are both in reading order: walk them together
    for start, end in sentences:
        while first < len(values) and values[first].start < start:
            first += 1
        last = first
        while last < len(values) and values[last].start < end:
            last += 1
        in_sentence = values[first:last]
        if (not in_sentence or any(w in folded[start:end] for w in vocab.past_markers + vocab.penalty_markers)
                or vocab.past_times.search(folded, start, end) or (start, end) in past
                or legal and vocab.norms.search(folded[start:end])):
            continue
        grants = any(w in folded[start:end] for w in vocab.grant_markers)
        for lst in _SentenceReader(folded, vocab).read(start, end, in_sentence):
            readings.extend(r for r in _readings(lst, text, year_at, vocab) if not _set_by_rule(r, grants, vocab))
    return readings


def _before(sentence: str, dated: int | None, vocab: TargetVocab) -> bool:
    """The sentence names years, all before the document's year: it reports what was. A plan
    period names its last year ("十三五"期间: 2020)."""
    if dated is None:
        return False
    years = [int(m.group("year")) for m in P.YEAR_NAMED_RE.finditer(sentence)]
    years += [year for period, year in vocab.periods.items() if period in sentence]
    return bool(years) and max(years) < dated


def _set_by_rule(reading: Reading, grants: bool, vocab: TargetVocab) -> bool:
    """A figure a rule sets rather than a goal: an award's sum or cap in a sentence granting one
    ("奖励50万元", "获奖组织不超过10个"), a period stated as it is ("公示期为7个工作日")."""
    if reading.unit in vocab.period_units and reading.relation == "level":
        return True
    return grants and (reading.relation == "at_most" or any(reading.unit.endswith(u) for u in vocab.money_units))


def read_cell(text: str, vocab: TargetVocab) -> Reading | None:
    """The value of a table cell that holds one value and nothing else: 65, ≥94.5, 约3.2,
    稳定在98%以上, 下降5%. None for "/", prose, or a number that is no value (a year). The
    indicator is the row's: the caller's to fill in."""
    folded = text.translate(FOLD)
    if any(folded.startswith(pair[0]) and folded.endswith(pair[1]) for pair in vocab.total_brackets):
        reading = read_cell(text[1:-1], vocab)  # 〔100〕: a total, a value all the same
        return reading and replace(reading, end=len(text), value_start=reading.value_start + 1)
    sign = next((s for s in sorted(vocab.signs, key=len, reverse=True) if folded.startswith(s)), "")
    position, comparator, relation = len(sign), sign, vocab.signs.get(sign, "level")
    if not sign:
        hedge = next((h for h in vocab.hedges if folded.startswith(h)), "")
        verbs = {**vocab.comparators, **{v: "level" for v in vocab.count_verbs}}
        verb = next((v for v in sorted(verbs, key=len, reverse=True) if folded.startswith(v, len(hedge))), "")
        position, comparator, relation = len(hedge + verb), hedge + verb, verbs.get(verb, "level")
    approximator = next((a for a in vocab.approximators if folded.startswith(a, position)), "")
    m = _value_pattern(vocab).match(folded, position + len(approximator))
    if not m or m.end() != len(folded) or any(_masked(folded, vocab)[m.start():m.end("value")]):
        return None
    qualifier = m.group("qualifier") or ""
    if relation == "level" and qualifier:
        relation = vocab.qualifiers[qualifier]
    if relation == "level" and approximator:
        relation = "about"
    return Reading(indicator="", comparator=comparator, relation=relation, value=_number(m.group("value")),
                   value_max=_number(m.group("value_max")) if m.group("value_max") else None,
                   unit=m.group("unit") or "", qualifier=qualifier, year=None, start=0, end=len(text),
                   value_start=m.start("value"))


@dataclass(frozen=True)
class MilestoneReading:
    year: int
    statement: str


def read_milestones(text: str, readings: list[Reading], vocab: TargetVocab) -> list[MilestoneReading]:
    """Sentences opening with "到YYYY年，": the statement, or where it goes on to targets, the words
    before the first of them."""
    folded = text.translate(FOLD)
    value_starts = sorted(r.value_start for r in readings)
    found = []
    for start, end in _sentences(folded):
        sentence = folded[start:end].lstrip()
        m = vocab.milestone_opener.match(sentence)
        if not m:
            continue
        opened = end - len(sentence) + m.end()  # where the statement starts
        stop = next((i for i in range(opened, end) if folded[i] in "；;"), end)
        if _any_between(value_starts, opened, stop):
            # the goal stated before the first target ("到2027年，全市计量科技创新能力显著增强，
            # 新建…40项以上"): the segments before the one holding the value
            first = value_starts[bisect_left(value_starts, opened)]
            stop = max((i for i in range(opened, first) if folded[i] in SEGMENT_ENDS), default=opened)
        statement = text[opened:stop].strip().rstrip(SEGMENT_ENDS).strip()
        if statement:
            found.append(MilestoneReading(int(m.group("year")), statement))
    return found


def _any_between(positions: list[int], start: int, stop: int) -> bool:
    """Whether sorted positions hold one in [start, stop)."""
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < stop
