"""The shapes of Chinese official-document (公文, GB/T 9704) lines: one home for every pattern.

Outline levels as GB/T 9704 prescribes them: 一、 → （一） → 1. → （1）; plus 第X章/第X节/第X条
for regulation-style texts, 专栏 boxes, —— bullets, ① footnotes, 附件 parts, dates and
the other furniture of a 公文 (文号, addressee, status line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

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


def int_to_cn(n: int) -> str:
    """21 -> 二十一, 10 -> 十, 101 -> 一百零一: numbers as 一、 and 第N条 print them."""
    if n < 10:
        return "零一二三四五六七八九"[n]
    if n < 20:
        return "十" + (int_to_cn(n - 10) if n > 10 else "")
    if n < 100:
        return int_to_cn(n // 10) + "十" + (int_to_cn(n % 10) if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + int_to_cn(rest) if rest < 10 else
                                    ("一" + int_to_cn(rest) if rest < 20 else int_to_cn(rest)))
        return int_to_cn(n // 100) + "百" + tail
    return str(n)


def iso_of(m: re.Match) -> str:
    """yyyy-mm-dd of a DATE_RE / DATE_LINE_RE match (yyyy-mm of a month alone); "" for an impossible
    date (13月)."""
    found = m.groupdict()
    if found.get("my") or found.get("cmy"):
        year = int(found["my"]) if found["my"] else cn_digits_to_int(found["cmy"])
        month = int(found["mm"]) if found["my"] else cn_to_int(found["cmm"])
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else ""
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        year, month, day = cn_digits_to_int(m.group("cy")), cn_to_int(m.group("cm")), cn_to_int(m.group("cd"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


_SP = r"[\s\u3000]*"
STRUCTURE, ARTICLE, ITEM = "structure", "article", "item"  # what a numbering style numbers


@dataclass(frozen=True)
class NumberingStyle:
    """One way the genre numbers its divisions: GB/T 9704's 一、 → （一） → 1. → （1） in a
    plan, and legislative drafting's 编/章/节/条 above an article's items (项, 目)."""

    name: str
    # A line that starts with such a number: the numeral is group "n", the rest of the line "rest".
    pattern: re.Pattern
    printed: str  # how it prints number n ({cn}: 二十一, {n}: 21), to name numbers that are missing
    role: str  # STRUCTURE (its level is the text's scheme's), ARTICLE, or ITEM (levels in this order)
    anchor_letter: str = ""  # a division's letter in anchors: 第二编 → b2, 第一章 → c1, 第二节 → c1-s2
    cited: str = ""  # how a memo names an item within its document: 第（三）项
    cited_in_article: str = ""  # … when it is an article's item, if that differs: 第1目
    value: Callable[[str], int] = cn_to_int  # the number a printed numeral stands for

    def print_number(self, n: int) -> str:
        return self.printed.format(cn=int_to_cn(n), n=n, letter=chr(ord("a") + n - 1) if 0 < n <= 26 else n)


# Which level a style sits at depends on the text's scheme (ClauseBuilder in parse.py). 第N编/章/节/条
# are printed "第一章　总则", "第 一 章 总 则", "第一百零一条": spaces, full-width ones too, may
# stand around the numeral. 第N部分 counts as a chapter. An article's items (项, 目) nest as the
# article itself nests them: （一） → 1. → （1）, or 1. → （1）; a missing level is numbered 0 in anchors.
NUMBERING: tuple[NumberingStyle, ...] = (
    NumberingStyle("volume", re.compile(rf"^第{_SP}(?P<n>{CN_NUM}|{DIGITS}){_SP}[编篇][\s\u3000]*(?P<rest>.*)$"),
                   "第{cn}编", STRUCTURE, anchor_letter="b"),
    NumberingStyle("chapter", re.compile(rf"^第{_SP}(?P<n>{CN_NUM}|{DIGITS}){_SP}(?:章|部分)[\s\u3000]*(?P<rest>.*)$"),
                   "第{cn}章", STRUCTURE, anchor_letter="c"),
    NumberingStyle("section", re.compile(rf"^第{_SP}(?P<n>{CN_NUM}|{DIGITS}){_SP}节[\s\u3000]*(?P<rest>.*)$"),
                   "第{cn}节", STRUCTURE, anchor_letter="s"),
    NumberingStyle("article", re.compile(rf"^第{_SP}(?P<n>{CN_NUM}|{DIGITS}){_SP}条[\s\u3000]*(?P<rest>.*)$"),
                   "第{cn}条", ARTICLE),
    NumberingStyle("cn", re.compile(rf"^(?P<n>{CN_NUM})(?:、|[．.](?![0-9０-９]))(?P<rest>.*)$"),
                   "{cn}、", ITEM, cited="第{}部分"),
    NumberingStyle("paren-cn", re.compile(rf"^[（(][ \u3000]*(?P<n>{CN_NUM})[ \u3000]*[）)]\s*(?P<rest>.*)$"),
                   "（{cn}）", ITEM, cited="第（{}）项"),
    NumberingStyle("arabic", re.compile(rf"^(?P<n>{DIGITS})[\.．、](?![0-9０-９])\s*(?P<rest>.*)$"),
                   "{n}.", ITEM, cited="第{}点", cited_in_article="第{}目"),
    NumberingStyle("paren-arabic", re.compile(rf"^[（(]?[ \u3000]*(?P<n>{DIGITS})[ \u3000]*[）)]\s*(?P<rest>.*)$"),
                   "（{n}）", ITEM, cited="第（{}）目"),  # （1） and 1）
    # GB/T 1.1's list items, as standards-related texts print them under （1）: a）b）c）
    NumberingStyle("latin", re.compile(r"^(?P<n>[a-z])[）)]\s*(?P<rest>.+)$"), "{letter}）", ITEM,
                   cited="第{}项", value=lambda numeral: ord(numeral) - ord("a") + 1),
)
NUMBERING_STYLES = {style.name: style for style in NUMBERING}
# The table as the parser walks it: every pattern in order, the divisions largest first, the
# GB/T 9704 item levels in order.
OUTLINE_PATTERNS: list[tuple[str, re.Pattern]] = [(style.name, style.pattern) for style in NUMBERING]
STRUCTURE_STYLES = tuple(style.name for style in NUMBERING if style.role == STRUCTURE)
STRUCTURE_LETTERS = {style.name: style.anchor_letter for style in NUMBERING if style.role == STRUCTURE}
GB_STYLES = tuple(style.name for style in NUMBERING if style.role == ITEM)
ARTICLE_STYLE_MIN = 2  # this many 第X条 lines make a text regulation-style
# 第三条之一: an article a revision inserted after 第三条 (anchored a3z1).
ARTICLE_INSERTED_RE = re.compile(r"^之(?P<sub>[一二三四五六七八九十]+)[\s\u3000]*")
# An article's own title, in brackets right after its number: 第一条（目的和依据）, 第二条【定义】.
ARTICLE_TITLE_RE = re.compile(r"^(?:（[^（）。；，：]{1,24}）|\([^()。；，：]{1,24}\)|【[^【】。；，：]{1,24}】|\[[^\[\]。；，：]{1,24}\])")
# A heading line at most this long, without sentence punctuation, is a heading alone on its line:
# a hard-wrapped text never continues it on the next line.
HEADING_MAX = 30
HEADING_PUNCTUATION = "，。；：,;:！？!?"

BOX_RE = re.compile(rf"^专栏\s*(?P<n>{DIGITS}|{CN_NUM})(?:[\s\u3000:：]+|$)(?P<rest>.*)$")
DASH_ITEM_RE = re.compile(r"^(?:——|－－|--)(?P<rest>.*)$")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FOOTNOTE_RE = re.compile(rf"^(?P<n>[{CIRCLED}])(?P<rest>.*)$")
# 附件 / 附件1 / 附件2： 标题 / 附表3 — the label that opens an attachment after the main text.
ANNEX_RE = re.compile(rf"^附(?:件|表)\s*(?P<n>{DIGITS}|{CN_NUM})?\s*[:：]?\s*(?P<rest>.{{0,40}})$")
# A further entry of the list of attachments after "附件：1.…": 2.…, （2）… (2.2024年… too).
ANNEX_LIST_ENTRY_RE = re.compile(rf"^[（(]?(?:{DIGITS})[）).．、]")

_DATE = (rf"(?:(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
         rf"|(?P<cy>[零〇○Ｏ一二三四五六七八九]{{4}})年(?P<cm>{CN_NUM})月(?P<cd>{CN_NUM})日)")
# A date alone on its line closes a text (the 落款's 成文日期); so does the 版记's 印发 line, the
# date the office printed it, alone or after that office ("××市人民政府办公室  2024年3月5日印发").
# A 规划's cover may date it by the month only ("2022年1月", under its issuer): a date line too,
# of month precision (yyyy-mm). Only alone on its line: in a sentence a month is no date.
_MONTH = (rf"(?P<my>\d{{4}})年(?P<mm>\d{{1,2}})月|(?P<cmy>[零〇○Ｏ一二三四五六七八九]{{4}})年(?P<cmm>{CN_NUM})月")
DATE_LINE_RE = re.compile(rf"^(?:(?P<printer>[\u4e00-\u9fff（）()]{{2,40}}?)[ \u3000]+)?[（(]?(?:{_DATE}|{_MONTH})[）)]?"
                          rf"(?(printer)[ \u3000]*印发|(?:[ \u3000]*印发)?)$")
DATE_RE = re.compile(_DATE)


def printed_date(iso: str) -> str:
    """An ISO date as a text prints it: 2023-02-06 -> 2023年2月6日, 2023-06 -> 2023年6月, 2023 -> 2023年."""
    parts = iso.split("-")
    if not iso or not all(part.isdigit() for part in parts):
        return iso
    return "".join(f"{int(part)}{unit}" for part, unit in zip(parts, "年月日"))


DOC_NUMBER_RE = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,12})[〔\[［【(（](?P<year>\d{4})[〕\]］】)）]\s*第?(?P<n>\d+)\s*号")
# The number of a 公告 or 通告 on its own line: "2023年第12号", "国家市场监督管理总局公告2023年第12号".
ANNOUNCEMENT_NUMBER_RE = re.compile(
    r"^[（(]?(?:(?P<org>[\u4e00-\u9fff]{2,24}?)(?:公告|通告))?[\s\u3000]*(?P<year>\d{4})年第(?P<n>\d+)号[）)]?$")
# An order promulgating a regulation, on its own line: "中华人民共和国国务院令第440号".
ORDER_NUMBER_RE = re.compile(rf"^(?P<org>[\u4e00-\u9fff]{{2,24}}?)令[\s\u3000]*第?(?P<n>{DIGITS}|{CN_NUM})号$")
# The title of an order promulgating a law or regulation: 中华人民共和国主席令（第七十八号）.
ORDER_TITLE_RE = re.compile(rf"令[（(]?(?:第(?:{DIGITS}|{CN_NUM})号)?[）)]?$")
# The history under a law's or regulation's title: "1988年12月29日 第七届全国人民代表大会常务委员会
# 第五次会议通过", "2005年7月9日 中华人民共和国国务院令第440号公布", or all of it in one bracketed
# line, each event after the first opened by 根据: "（1993年2月22日…通过　根据2000年7月8日…第一次修正）".
HISTORY_MAX = 400  # a longer line is prose, even if it opens with a date
HISTORY_LINE_RE = re.compile(rf"^[（(]?(?:根据)?[\s\u3000]*{_DATE}")
HISTORY_ACT_RE = re.compile(r"(?:第[一二三四五六七八九十\d]+次)?(?P<verb>修正|修订|修改|通过|公布|发布|施行|实施|批准|废止)")
# "自2023年7月1日起施行": 起 belongs to the formula, it names no one
HISTORY_FROM = "起"
HISTORY_END_RE = re.compile(HISTORY_ACT_RE.pattern + r"[）)]?$")  # the verb that ends an event
HISTORY_ACTIONS = {"通过": "adopted", "修正": "amended", "修改": "amended", "修订": "revised", "公布": "promulgated",
                   "发布": "promulgated", "施行": "effective", "实施": "effective", "批准": "approved",
                   "废止": "repealed"}
# The body that acts in a history line: "第七届全国人民代表大会常务委员会第五次会议" -> 全国人民代表大会常务委员会,
# "国务院第97次常务会议" -> 国务院, "中华人民共和国国务院令第440号" -> 国务院.
MEETING_RE = re.compile(rf"^(?P<before>.*?)(?:第(?:{CN_NUM}|{DIGITS})届)?(?P<organ>[^第]*?)第(?:{CN_NUM}|{DIGITS})次"
                        r"(?:常务|全体)?(?:委员)?会议")
ORDER_RE = re.compile(rf"^(?:中华人民共和国)?(?P<organ>[\u4e00-\u9fff]{{2,24}}?)令第?(?P<n>{DIGITS}|{CN_NUM})号")
# The organs whose orders promulgate laws and 行政法规, cited by their names: any other organ's order
# (国家市场监督管理总局令第57号, 南岭省人民政府令第121号) is the number a 规章 is cited by, its 文号.
HEAD_OF_STATE = "主席"  # 主席令 promulgates a law the 全国人大 (常委会) made: the head of state is not its issuer
LAW_ORDER_ORGANS = (HEAD_OF_STATE, "国务院")
# The word an issuing organ's name ends with: 人民政府, 办公厅, 市场监督管理局, 工业和信息化部 …
ORGAN_END = "(?:政府|办公厅|办公室|委员会|常委会|总局|局|部|厅|委|院|署|中心|党委|省委|市委|区委|县委|中共中央|国务院)"
# A history event's actor printed by its bare name ("1987年2月1日 国家计量局发布").
# How a slug spells an issuer printed under a full and a short name (国家市场监督管理总局, 市场监管总局):
# one spelling wherever it appears, whole, never cut in two by the slug's length rule.
ISSUER_SLUG_WORDS: tuple[tuple[str, str], ...] = (
    ("shichang-jianguan-zongju", r"(?:国家)?市场(?:监督管理|监管)总局"),
    ("shichang-jianguan-ju", r"市场(?:监督管理|监管)局"),
    ("biaozhunhua-weiyuanhui", r"(?:国家)?标准化管理委员会|国家标准委"),
    ("renda-changweihui", r"人民代表大会常务委员会|人大常委会"),
)
ISSUER_SLUG_RE = re.compile("|".join(f"(?P<w{k}>{pattern})" for k, (_, pattern) in enumerate(ISSUER_SLUG_WORDS)))


def issuer_slug(m: re.Match) -> str:
    """The spelling of an ISSUER_SLUG_RE match."""
    return ISSUER_SLUG_WORDS[int(m.lastgroup[1:])][0]


ORGAN_NAME_RE = re.compile(rf"^[\u4e00-\u9fff]{{0,30}}?{ORGAN_END}$")
# The 落款 closing a 公文 (GB/T 9704): the issuing organ's line(s) (at most this long) and the date,
# cited by these names.
SIGNATURE_MAX = 40
SIGNATURE, SIGNATURE_DATE, SIGNATURE_NOTE = "落款", "成文日期", "附注"
SIGNATURE_PRINTED, SIGNATURE_PRINTER = "印发日期", "印发机关和印发日期"  # the 版记's 印发 line


def signature_title(shape: str, text: str) -> str:
    """What a line of the signature block is (its name in citations): the issuer's 落款, its date,
    the 版记's 印发 line, or a note (（此件公开发布）)."""
    if shape == "pubnote":
        return SIGNATURE_NOTE
    if shape == "date":
        if not text.rstrip().endswith("印发"):
            return SIGNATURE_DATE
        return SIGNATURE_PRINTER if DATE_LINE_RE.match(text.strip()).group("printer") else SIGNATURE_PRINTED
    return SIGNATURE
# Who a title names as its issuer: "国务院关于…", "××区人民政府印发《…》的通知", "市场监管总局发布…的公告".
TITLE_ISSUER_RE = re.compile(rf"^(?P<org>[\u4e00-\u9fff、 \u3000]{{0,40}}?{ORGAN_END})(?:关于|印发|转发|批转|发布)")
# The 版头 (issuing-organ mark, GB/T 9704) above a 文号: "西江市市场监督管理局文件", "中共中央办公厅 国务院办公厅文件".
# It names the issuer; it is never the title.
MASTHEAD_RE = re.compile(rf"^(?P<org>[\u4e00-\u9fff（）、 \u3000]{{2,60}}?{ORGAN_END})[\s\u3000]*文件$")
# A notice that transmits a document (印发通知): it says it 印发/转发/批转 it, or 现将（修订后的）《…》.
TRANSMITTAL_RE = re.compile(r"印发|转发|批转|现将[^。；《]{0,12}《")
# A 公告 or 通告 is its own body, whatever follows its date (its 附件).
ANNOUNCEMENT_TITLE_RE = re.compile(r"(?:公告|通告)$")
# The document a transmittal's title names: …印发《××实施方案》的通知 -> ××实施方案.
TRANSMITTED_TITLE_RE = re.compile(r"(?:印发|转发|发布|批转)[《〈]?(?P<inner>[^《》〈〉]+?)[》〉]?的(?:通知|公告|通告)$")
# A jurisdiction named at the head of an issuer or a title: 上海市…, 广东省…, 深圳市龙华区… -> 深圳市, 南湖区… -> 南湖区.
# A place's name is short (黑龙江省, 乌鲁木齐市, 新疆维吾尔自治区): "西江出台质量强省" names no place,
# nor does "质量强省建设…" (强省, 强市: a goal, not a place).
# A name is cut at its own level word: 柳塘县市场监督管理局 -> 柳塘县 (never 柳塘县市: a 市 that opens
# 市场监督管理局 is no level word, and no level word sits inside a short name).
_PLACE_CHAR = r"(?:(?![省市县区旗盟])[\u4e00-\u9fff])"
_PLACE = (rf"(?:(?![各本全])(?:{_PLACE_CHAR}{{2,4}}?(?<!强)(?:省|市(?!场))"
          r"|[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|特别行政区)"
          rf"|{_PLACE_CHAR}{{2,4}}?(?<!强)(?:区|县|旗|州|盟)))")
JURISDICTION_RE = re.compile(rf"^(?:中共|中国共产党)?(?P<name>{_PLACE})")
# A title that opens with its issuer's name, no 关于 between (青岚区市场监督管理局行政处罚裁量权适用实施细则):
# a place, then an organ, then the title's own words.
TITLE_ORGAN_RE = re.compile(rf"^(?P<org>{_PLACE}[\u4e00-\u9fff]{{0,16}}?{ORGAN_END}(?:办公厅|办公室)?)(?=[\u4e00-\u9fff]{{2}})")
# Issuers of national documents: 国务院, 中共中央, 国家…, 全国人大…, and the State Council's
# 部/总局/总署/署 (市场监管总局, 工业和信息化部, 海关总署), which a province, city or district does not have.
NATIONAL_ISSUER_RE = re.compile(r"^(?:国务院|中共中央|中央|国家|全国|最高人民)"
                                rf"|^(?!省|市(?!场)|区|县|州|{_PLACE})[\u4e00-\u9fff]{{1,12}}(?:部|总局|总署|署)(?:办公厅|办公室)?(?:$|[ \u3000、])")
# When a text takes effect, in its own words: "本条例自2013年1月1日起施行", "本办法自发布之日起实施".
EFFECTIVE_RE = re.compile(rf"本(?:[\u4e00-\u9fff]{{0,4}}?(?:法|条例|规定|办法|细则|决定|方案|规划|意见|通知|公告|通告|规则|"
                          rf"措施|计划|纲要|要点))(?:[（(][^（()）]{{0,12}}[）)])?自(?:{_DATE}|(?P<issued>印发|发布|公布)之日)"
                          r"起(?:施行|实施|生效|执行)")
# A news report's source line (a web page's chrome, removed from the text but read as metadata):
# "来源：西江日报 2023年9月12日"; the outlet and, when printed, the date.
NEWS_SOURCE_RE = re.compile(rf"^(?:来源|稿件来源|文章来源|信息来源)\s*[:：]\s*(?P<outlet>[^\s\d:：]{{2,20}}?)"
                            rf"\s*(?:{_DATE}|(?P<dy>\d{{4}})[-/.](?P<dm>\d{{1,2}})[-/.](?P<dd>\d{{1,2}}))?(?:\s.*)?$")
# A news page's time line under the headline (chrome too): "发布时间：2024-03-18 09:12"; its date is
# the report's date when the source line prints none.
NEWS_TIME_RE = re.compile(rf"^(?:发布时间|发布日期|发稿时间|时间|日期)\s*[:：]\s*"
                          rf"(?:{_DATE}|(?P<dy>\d{{4}})[-/.](?P<dm>\d{{1,2}})[-/.](?P<dd>\d{{1,2}}))(?:\s.*)?$")
# A bare time line under a news headline ("2024-03-12 08:30", "2024年3月12日 08:30"), which chrome
# rules remove: above the report's first paragraph, its date is the report's date.
NEWS_TIMESTAMP_RE = re.compile(rf"^(?:{_DATE}|(?P<dy>\d{{4}})[-/.](?P<dm>\d{{1,2}})[-/.](?P<dd>\d{{1,2}}))"
                               r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# A byline under a news headline ("记者 陈晓明", "通讯员：李明", "责任编辑：王芳"): never part of the title.
BYLINE_RE = re.compile(r"^(?:本报|新华社|[\u4e00-\u9fff]{2,6}报)?(?:记者|通讯员|责任编辑|编辑|作者|撰稿|摄影|实习生)"
                       r"(?:[\s:：]|$)")
# What follows a place named in a news report's first sentence when it is the place acting:
# 靖海省委、省政府印发…, 南湖区人民政府出台….
NEWS_ACTOR_RE = re.compile(r"委|人民政府|政府|人大")
# An outlet that publishes news (a newspaper, agency, broadcaster), and the marks of a reporter's text.
NEWS_OUTLET_RE = re.compile(r"(?:报|报社|新华社|通讯社|新闻社|电视台|广播电台|新闻网|新闻)$")
NEWS_MARK_RE = re.compile(r"记者|本报讯|通讯员|责任编辑|新华社.{0,8}电")
# A title's version note, not part of its name: 中华人民共和国产品质量法（2018年修正）.
TITLE_VERSION_RE = re.compile(r"[（(](?P<year>\d{4})年(?:修正|修订|修改)(?:本|文本)?[）)]$")
# The table of contents a law or 规划 prints before its text: a 目录 line, then its entries, heading
# lines with no body, each perhaps ending in dot leaders and a page number ("第一章 总则……1").
CONTENTS_LINE = "目录"
CONTENTS_PAGE_RE = re.compile(r"[\s.．·…—_-]*\d{0,4}$")
STATUS_RE = re.compile(
    r"^[（(](?P<s>(?:第[一二三四五六七八九十\d]+次)?(?:公开)?(?:征求意见稿|送审稿|讨论稿|草案|草稿|修改稿|代拟稿|"
    r"试行|暂行|征求意见稿修改稿|报批稿))[）)]$")
# The 附注 under a 落款 ("（此件公开发布）", "（此件主动公开）") and a web page's "（责任编辑：王芳）" under a
# report: the signature block's notes, never body text.
PUBLICATION_NOTE_RE = re.compile(r"^[（(](?:此件.{1,12}|责任编辑\s*[:：].{1,12})[）)]$")
# A 公文's closing formula (特此公告。特此通知。此复。): it ends the whole body, never its last item.
CLOSING_RE = re.compile(r"^(?:特此|专此)(?:公告|通告|通知|批复|函告|函复|报告|请示|说明|通报|证明|函)[。.！!]?$|^此复[。.]?$")
ADDRESSEE_RE = re.compile(r"^.{2,120}[：:]$")
# The contact line closing a notice ("联系人：周晓明，电话：0739-5821306"): the whole text's, not its last item's.
CONTACT_RE = re.compile(r"^(?:联系人|联系电话|联系方式|咨询电话)[^：:，。]{0,8}[：:]")
TITLE_MAX = 60  # a title line is at most this long
# A 公文 title's last words name its kind (…的通知, …实施方案, …的批复): a line so ending, without
# sentence punctuation, is a title, never the first half of a hard-wrapped sentence.
TITLE_KIND_END_RE = re.compile(r"(?:通知|通告|公告|批复|意见|决定|请示|报告|函|方案|规划|办法|条例|规定|细则|要点|纲要|"
                               r"计划|措施|规则)(?:[（(][^（()）]{1,12}[）)])?$")
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
    ("checked", r"(?:不合格|检验|检测|抽查|抽检|判定)项目"),  # what a 抽查 table checked, not a task
    ("task", r"(?:重点|主要|具体|工作)?任务(?:内容|名称|事项)?|(?:重点|主要|具体)?工作(?:内容|任务|措施|举措|事项)?"
             r"|(?:具体|主要|工作)?(?:措施|举措)|主要内容|(?:重点)?事项|(?:重点)?项目(?:名称)?"),
    ("unit", r"(?:计量)?单位"),
    ("attribute", r"(?:指标)?(?:属性|性质)"),
    ("category", r"[\u4e00-\u9fff]{0,4}(?:类别|类型)|分类|领域|方面|维度"),  # 产品类别, 企业类型
    ("code", r"标准(?:编)?号|标准代号"),
    ("name", r"[\u4e00-\u9fff]{0,4}名称"),  # 标准名称, 产品名称, 企业名称
    ("place", r"所在(?:地|地区|地市|城市|区域|县区|区县)|地区|地市|属地|所属(?:地区|地市|市|县|区)"),  # a list's 所在地
    ("count", r"[\u4e00-\u9fff]{0,4}(?:批次|数量|次数|个数|家数|件数)(?:[（(][^（()）]{1,4}[）)])?"),  # 抽查批次
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
# A year a sentence names (2023年全省…, 2023年度): where every year it names is before the document's
# own year, the sentence reports the past ("2023年全省抽查合格率为93.8%" in a 2024 report). A year
# as a baseline (比2020年下降13.5%, 以2020年为基数, 在2020年基础上) says nothing of when.
YEAR_NAMED_RE = re.compile(r"(?<![\d.比较同与以在])(?P<year>(?:19|20)\d{2})\s*年(?!的?(?:基础|基数|基期|水平)|为基)")
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
# A 款 that opens a list of items (项): "…不得采用下列手段…：" — its items number from （一） again
LIST_INTRO_RE = re.compile(r"下列|[：:][”’」）)]*\s*$")

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
    for style in NUMBERING:
        m = style.pattern.match(text)
        if not m:
            continue
        try:
            number = style.value(m.group("n"))
        except ValueError:
            continue
        rest = m.group("rest")
        printed = text[: len(text) - len(rest)] if rest else text
        return style.name, number, printed, rest
    return None


def numeral(style: str, number: str) -> str:
    """The numeral of a clause number printed in `style`, as printed: （十） -> 十, 第2条 -> 2."""
    m = NUMBERING_STYLES[style].pattern.match(number.strip()) if style in NUMBERING_STYLES else None
    return m.group("n") if m else ""


def number_value(style: str, number: str) -> int | None:
    """The value of a clause number printed in `style`: （十） -> 10, 第二条 -> 2."""
    found = numeral(style, number)
    return cn_to_int(found) if found else None
