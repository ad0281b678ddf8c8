"""The shapes of Chinese official-document (公文, GB/T 9704) lines: one home for every pattern.

Outline levels as GB/T 9704 prescribes them: 一、 → （一） → 1. → （1）; plus 第X章/第X节/第X条
for regulation-style texts, 专栏 boxes, —— bullets, ① footnotes, 附件 parts, dates and
the other furniture of a 公文 (文号, addressee, status line).
"""
from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "[零〇○一二两三四五六七八九十百千]+"
DIGITS = "[0-9０-９]+"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int:
    """二十一 -> 21, 一百零一 -> 101, 十 -> 10, 2 -> 2, １２ -> 12."""
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def cn_digits_to_int(text: str) -> int:
    """Digit-by-digit numerals as used in dates: 二○一一 -> 2011."""
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


# Outline headings: (style, regex). The number is group "n"; the rest of the line is "rest".
# Which level a style sits at depends on the text's scheme (OUTLINE_LEVELS below).
OUTLINE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^第(?P<n>{CN_NUM}|{DIGITS})(?:章|部分)[\s\u3000]*(?P<rest>.*)$")),
    ("section", re.compile(rf"^第(?P<n>{CN_NUM}|{DIGITS})节[\s\u3000]*(?P<rest>.*)$")),
    ("article", re.compile(rf"^第(?P<n>{CN_NUM}|{DIGITS})条[\s\u3000]*(?P<rest>.*)$")),
    ("cn", re.compile(rf"^(?P<n>{CN_NUM})(?:、|[．.](?![0-9０-９]))(?P<rest>.*)$")),
    ("paren-cn", re.compile(rf"^[（(](?P<n>{CN_NUM})[）)]\s*(?P<rest>.*)$")),
    ("arabic", re.compile(rf"^(?P<n>{DIGITS})[\.．、](?![0-9０-９])\s*(?P<rest>.*)$")),
    ("paren-arabic", re.compile(rf"^[（(]?(?P<n>{DIGITS})[）)]\s*(?P<rest>.*)$")),  # （1） and 1）
]
# GB/T 9704 prescribes 一、 → （一） → 1. → （1）; regulation-style texts (办法, 条例) use
# 第X章 → 第X节 → 第X条 → （一） → 1. instead. A text with several 第X条 lines is the latter.
OUTLINE_LEVELS = {
    "gb": {"chapter": 1, "cn": 1, "section": 2, "paren-cn": 2, "arabic": 3, "paren-arabic": 4, "article": 3},
    "articles": {"chapter": 1, "cn": 1, "section": 2, "article": 3, "paren-cn": 4, "arabic": 5,
                 "paren-arabic": 6},
}
ARTICLE_STYLE_MIN = 2  # this many 第X条 lines make a text regulation-style

BOX_RE = re.compile(rf"^专栏\s*(?P<n>{DIGITS}|{CN_NUM})(?:[\s\u3000:：]+|$)(?P<rest>.*)$")
DASH_ITEM_RE = re.compile(r"^(?:——|－－|--)(?P<rest>.*)$")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FOOTNOTE_RE = re.compile(rf"^(?P<n>[{CIRCLED}])(?P<rest>.*)$")
# 附件 / 附件1 / 附件2： 标题 / 附表3 — the label that opens an attachment after the main text.
ANNEX_RE = re.compile(rf"^附(?:件|表)\s*(?P<n>{DIGITS}|{CN_NUM})?\s*[:：]?\s*(?P<rest>.{{0,40}})$")

DATE_LINE_RE = re.compile(
    rf"^[（(]?(?:(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
    rf"|(?P<cy>[零〇○Ｏ一二三四五六七八九]{{4}})年(?P<cm>{CN_NUM})月(?P<cd>{CN_NUM})日)[）)]?$")
DOC_NUMBER_RE = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,12})[〔\[［【(（](?P<year>\d{4})[〕\]］】)）]\s*第?(?P<n>\d+)\s*号")
STATUS_RE = re.compile(
    r"^[（(](?P<s>(?:第[一二三四五六七八九十\d]+次)?(?:公开)?(?:征求意见稿|送审稿|讨论稿|草案|草稿|修改稿|代拟稿|"
    r"试行|暂行|征求意见稿修改稿|报批稿))[）)]$")
PUBLICATION_NOTE_RE = re.compile(r"^[（(]此件.{1,12}[）)]$")
ADDRESSEE_RE = re.compile(r"^.{2,120}[：:]$")
# "X方面:" opening a paragraph of a news article names the clause it summarises.
ASPECT_RE = re.compile(r"^(?P<title>[^，。；：:,]{2,40}?)方面[:：]")

SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】〕》\"'"
# Where a run-in heading's title ends: （三）总体目标。到2025年…
RUN_IN_STOPS = "。！？"
RUN_IN_MAX = 50  # a longer first sentence is body text, not a title
TITLE_ONLY_MAX = 60  # a heading line this short (and one sentence) is all title


_TRAILING_NOTE_RE = re.compile(r"[（(][^（()）]*[）)]$")
# ends_sentence reads this many characters from a line's end: a trailing note longer than
# that is not looked through. Bounded, so that asking it of a paragraph hard-wrapped over
# thousands of lines, once per line, stays linear.
ENDING_WINDOW = 500


def ends_sentence(text: str) -> bool:
    """True if the line ends with sentence-final punctuation.

    Closing quotes/brackets are looked through, and so are trailing notes such as
    "…典型经验。（农业农村部等负责）" whose sentence ended before the note.
    """
    text = text[-ENDING_WINDOW:]
    end = len(text)
    while True:
        stripped = end
        while stripped and text[stripped - 1] in CLOSERS:
            stripped -= 1
        if stripped and text[stripped - 1] in SENTENCE_END:
            return True
        if not text.endswith(("）", ")"), 0, end):
            return False
        # Match the note from its last opening bracket only: searching the whole text from
        # every position is quadratic on a long joined paragraph.
        opening = max(text.rfind("（", 0, end), text.rfind("(", 0, end))
        if opening <= 0 or not _TRAILING_NOTE_RE.match(text, opening, end):
            return False
        end = opening  # the note is looked through: does the text before it end a sentence?


def outermost_groups(text: str, opener: str, closer: str):
    """Yield (start, end) of each outermost opener…closer span; nested pairs stay inside
    (《中共中央…〈质量强国建设纲要〉的通知》, 强市（县）)."""
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == opener:
            if depth == 0:
                start = i
            depth += 1
        elif char == closer and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1


def match_outline(text: str) -> tuple[str, int, str, str] | None:
    """(style, number, number-as-printed, rest) for an outline heading line, else None."""
    for style, pattern in OUTLINE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        try:
            number = cn_to_int(m.group("n"))
        except ValueError:
            continue
        rest = m.group("rest")
        printed = text[: len(text) - len(rest)] if rest else text
        return style, number, printed, rest
    return None
