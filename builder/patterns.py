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

# Standard codes: GB3838-2002, GB/T 9704-2012, JJF 1059.1-2012, DB44/T 1234-2020, ISO22000.
STANDARD_CODE = re.compile(
    r"(?<![A-Za-z])"
    r"(?:GB(?:/[TZ])?|JJ[FG]|DB\d{0,2}(?:/T)?|ISO(?:/IEC)?|IEC|HJ|[A-Z]{2}/T)"
    r"\s?\d+(?:[.．]\d+)*(?:\s?[-—–－]\s?\d{2,4})?"
)

# Flattened tables (builder/tables.py): a table copied from a web page or a Word file arrives
# one cell per line; its header cells say which column is which. Each header cell is matched
# whole against these, in order (单位 alone is a unit, 责任单位 a lead unit).
TABLE_COLUMNS: list[tuple[str, re.Pattern]] = [(role, re.compile(pattern)) for role, pattern in (
    ("index", r"序号|编号|序"),
    ("lead", r"(?:牵头|责任|负责|主责|主要责任|牵头责任)(?:单位|部门)|牵头(?:单位|部门)?"),
    ("support", r"(?:配合|参与|协办|协同|协助|参加)(?:单位|部门)"),
    ("deadline", r"(?:完成|办结)?(?:时限|期限)|完成(?:时间|年限)|时间(?:安排|节点|进度)?|进度安排"),
    ("indicator", r"(?:主要|具体|核心|评价)?指标(?:名称|内容|项)?"),
    ("task", r"(?:重点|主要|具体|工作)?任务(?:内容|名称|事项)?|(?:重点|主要|具体)?工作(?:内容|任务|措施|举措|事项)?"
             r"|(?:具体|主要|工作)?(?:措施|举措)|主要内容|(?:重点)?事项|(?:重点)?项目(?:名称)?"),
    ("unit", r"(?:计量)?单位"),
    ("attribute", r"(?:指标)?(?:属性|性质)"),
    ("category", r"(?:指标)?类别|类型|分类|领域|方面|维度"),
    ("code", r"标准(?:编)?号|标准代号"),
    ("name", r"(?:标准)?名称"),
    ("replaced", r"(?:代替|被代替|替代)(?:标准)?(?:编?号)?"),
    ("date", r"(?:实施|批准|发布)(?:日期|时间)"),
    ("target", r"(?:预期|年度|发展)?目标(?:值)?"),
    ("note", r"备注|说明"),
)]
# A year column: 2025年, 2025, 2025年目标值; a base-year column: 2020年基期值, 基期（2020年）.
TABLE_YEAR_RE = re.compile(
    r"(?P<base>基期|基准|基数|现状)?[（(]?(?P<year>(?:19|20)\d{2})\s*年?度?[）)]?"
    r"(?P<mark>目标值?|预期值?|预期目标|基期值?|基准值?|基数|现状值?|实际值?|完成值?)?"
    r"(?:[（(](?P<note>[^（()）]{1,6})[）)])?")
TABLE_BASE_MARKS = ("基期", "基准", "基数", "现状", "实际", "完成")  # the column gives a base value, not a target
# The short line above a header that names the table: 附表1 …, …分工表, …主要指标, …标准目录.
TABLE_CAPTION_RE = re.compile(r"^(?:附?表\s*\d+.*|.*(?:表|清单|目录|名单|一览|指标|明细))$")
TABLE_CAPTION_MAX = 40
# What a flattened table writes in a cell that has no value.
TABLE_BLANK_CELLS = ("/", "／", "—", "——", "-", "－", "--", "—/—", "无", "空")
TABLE_ATTRIBUTES = ("预期性", "约束性", "指导性", "引导性")
TABLE_INDEX_RE = re.compile(r"^[0-9０-９]{1,3}[.．、]?$")

# Full-width forms of ASCII (（一） ＡＢ１２ ％) and the ideographic space, as their narrow
# forms: texts that differ only here say the same thing, set in another width.
_NARROW = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}


def narrow(text: str) -> str:
    """（一）（以下简称目录） -> (一)(以下简称目录): one character for one."""
    return text.translate(_NARROW)

SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】〕》\"'"
# Where a run-in heading's title ends: （三）总体目标。到2025年…
RUN_IN_STOPS = "。！？"
RUN_IN_MAX = 50  # a longer first sentence is body text, not a title
TITLE_ONLY_MAX = 60  # a heading line this short (and one sentence) is all title


_TRAILING_NOTE_RE = re.compile(r"[（(][^（()）]*[）)]$")


def ends_sentence(text: str) -> bool:
    """True if the line ends with sentence-final punctuation.

    Closing quotes/brackets are looked through, and so is a trailing note such as
    "…典型经验。（农业农村部等负责）" whose sentence ended before the note.
    """
    stripped = text.rstrip(CLOSERS)
    if stripped and stripped[-1] in SENTENCE_END:
        return True
    if not text.endswith(("）", ")")):
        return False
    # Match the note from its last opening bracket only: searching the whole text from every
    # position is quadratic on a long joined paragraph.
    opening = max(text.rfind("（"), text.rfind("("))
    note = _TRAILING_NOTE_RE.match(text, opening) if opening > 0 else None
    if note:
        return ends_sentence(text[:opening])
    return False


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
