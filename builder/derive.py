"""Metadata read from a document's own text, for seeds with no documents.yml entry.

A 公文 carries its metadata in fixed places: the title on top, the 文号 (国发〔2013〕10号)
under it, a status line such as （征求意见稿）, and a signature block (落款) of issuer and
date at the end of the notice or the text. The parser has already found these clauses;
this module reads them. documents.yml always wins over anything read here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import rjieba
from pypinyin import Style, lazy_pinyin

from . import patterns as P
from .model import (DOCNO, HEADING, MAKING_ACTIONS, MASTHEAD, PARAGRAPH, SIGNATURE, BuildWarning, Clause, Document,
                    DocumentMeta, HistoryEvent)
from .site_names import site_path

UNSORTED = "未分类"  # jurisdiction of a document nobody has placed yet
NATIONAL = "国家"  # jurisdiction of national documents (patterns.NATIONAL_ISSUER_RE)
# Document kinds by the word a title ends with (指导意见 -> 意见), longest first.
KINDS = ("行动计划", "实施方案", "实施细则", "纲要", "规划", "意见", "方案", "计划", "办法", "通知", "决定", "条例",
         "规定", "细则", "报告", "公告", "通告", "通报", "批复", "决议", "指南", "要点", "法")
# The kind of a text whose title (or lack of one) names none: shown and filtered as such, never blank.
OTHER_KIND = "其他"
# A news report is not an official text: its status says so wherever a status is shown.
NEWS_KINDS = ("新闻报道", "新闻", "报道")
NEWS_STATUS = "新闻报道"
_TRAILING_BRACKETS_RE = re.compile(r"[（(][^（()）]*[）)]$")
_UNTITLED_MAX = 30  # a title made from the first line of an untitled text is cut here


@dataclass(frozen=True)
class TextMeta:
    """What the text itself says about the document."""

    title: str
    issuer: str
    date: str  # ISO yyyy-mm-dd, or ""
    doc_number: str
    status: str
    untitled: bool = False  # the text prints no title: `title` is made from its first words
    news: bool = False  # a news report (its source line names an outlet, or a reporter wrote it)
    effective: str = ""  # ISO date the text takes effect, or ""


def iso_date(text: str) -> str:
    """2013年3月2日 / 二○一一年八月三十一日 -> 2013-03-02 / 2011-08-31; "" if text is no date line."""
    m = P.DATE_LINE_RE.match(text.strip())
    return P.iso_of(m) if m else ""


def organ(by: str) -> str:
    """Who acted in a history event: 第七届全国人民代表大会常务委员会第五次会议 -> 全国人民代表大会常务委员会,
    中华人民共和国国务院令第440号 -> 国务院, 《国务院关于修改…的决定》 -> 国务院; "" if it names none."""
    by = by.strip()
    if by.startswith("《"):
        return m.group("org").strip() if (m := P.TITLE_ISSUER_RE.match(by[1:])) else ""
    if m := P.MEETING_RE.match(by):
        return (m.group("before") + m.group("organ")).strip()
    if m := P.ORDER_RE.match(by):
        return m.group("organ")
    return by if P.ORGAN_NAME_RE.match(by) else ""


def _news_source(doc: Document) -> tuple[str, str] | None:
    """(outlet, ISO date or "") of a news report's source line ("来源：西江日报 2023年9月12日"; the date
    of a time line "发布时间：2024-03-18 09:12", or of a bare "2024-03-12 08:30" under the headline, if
    it prints none), kept in the text or removed with the page's chrome; None if the text is no
    news report: the outlet is a newspaper, agency or broadcaster, or a reporter's marks (记者,
    责任编辑) are in the text."""
    texts = [line.text for line in doc.source.removed if line.reason.startswith("chrome:")]
    texts += [c.text for c in doc.clauses if c.kind == PARAGRAPH][:3]
    reported = any(P.NEWS_MARK_RE.search(text) for text in [*texts, *(c.text for c in doc.clauses)])
    times = [_day(m) for text in texts if (m := P.NEWS_TIME_RE.match(text.strip()))]
    # a bare time line is the report's only above its words: in its first paragraphs, or removed above them
    opening = [c for c in doc.clauses if c.kind == PARAGRAPH][:3]
    first = next((c.line for c in opening if not P.NEWS_TIMESTAMP_RE.match(c.text.strip())), 0)
    above = [line.text for line in doc.source.removed if line.reason.startswith("chrome:") and line.lineno < first]
    times += [_day(m) for text in above + [c.text for c in opening] if (m := P.NEWS_TIMESTAMP_RE.match(text.strip()))]
    for text in texts:
        if (m := P.NEWS_SOURCE_RE.match(text.strip())) and (reported or P.NEWS_OUTLET_RE.search(m.group("outlet"))):
            return m.group("outlet"), _day(m) or next((day for day in times if day), "")
    return None


def _day(m: re.Match) -> str:
    """The ISO date a source or time line prints (2024年3月18日, 2024-03-18); "" if none."""
    if m.group("dy"):
        return f"{int(m.group('dy')):04d}-{int(m.group('dm')):02d}-{int(m.group('dd')):02d}"
    return P.iso_of(m) if m.group("y") or m.group("cy") else ""


def effective_date(doc: Document, issued: str) -> str:
    """When the text takes effect: its history's 施行 event, else its own words ("本条例自2013年1月1日起
    施行"; "自发布之日起施行" is the day it was promulgated, else the issue date); "" if it does not say."""
    effective = [event.date for event in doc.history if event.action == "effective"]
    if effective:
        return max(effective)
    # "自发布之日起施行": the day its history says it was promulgated (1987年2月1日 国家计量局发布)
    promulgated = [event.date for event in doc.history if event.action == "promulgated"]
    for clause in doc.clauses:
        if clause.kind in (PARAGRAPH, HEADING) and (m := P.EFFECTIVE_RE.search(clause.text)):
            return (min(promulgated, default="") or issued) if m.group("issued") else P.iso_of(m)
    return ""


def _untitled(doc: Document) -> str:
    """A title for a text that prints none: the document a transmittal sentence names (现将《X》
    印发给你们), else the opening words of its first line. Never the file name."""
    for clause in doc.clauses:
        if m := re.search(r"《(?P<t>[^《》]{2,60})》", clause.text):
            if any(word in clause.text for word in ("印发", "现将", "发布", "转发")):
                return m.group("t")
    # a chapter's heading (第五章 监督管理) names a part of the text, not the text
    first = next((c.text for c in doc.clauses if c.text.strip() and not P.ADDRESSEE_RE.match(c.text)
                  and not (c.kind == HEADING and c.style in P.STRUCTURE_STYLES)), "")
    first = re.split(r"[，。；：,;:！？]", first, maxsplit=1)[0]
    return first[:_UNTITLED_MAX] or "未命名文件"


def read_text_meta(doc: Document) -> TextMeta:
    """Title, issuer, date, 文号 and status as printed in the text.

    The first signature block wins: in a transmittal notice (印发通知) it is the issue date
    of the whole document, otherwise it is the document's own 落款. A law or regulation says
    who adopted or revised it and when in its history lines, which win. A notice signed with
    a date only names its issuer in its title (国务院关于…).
    """
    notice_title = next((c.title for c in doc.clauses if c.anchor == "notice-title"), "")
    # a text printed under its transmittal notice without a title of its own is the document
    # the notice's title names: ××区人民政府印发《××实施方案》的通知 -> ××实施方案
    wrapped = P.TRANSMITTED_TITLE_RE.search(notice_title)
    title = doc.title or notice_title
    if wrapped and title == notice_title:
        title = wrapped.group("inner")
    doc_number = next((c.text.strip() for c in doc.clauses if c.kind == DOCNO), "")
    if m := P.DOC_NUMBER_RE.search(doc_number):
        doc_number = m.group()
    issuer, date = "", ""
    for k, clause in enumerate(doc.clauses):
        if clause.kind == SIGNATURE and (date := iso_date(clause.text)):
            # the 版记's "××办公室  2024年3月5日印发" names the office that issued it on its own line
            issuer = _signature(doc.clauses[:k], clause) or (P.DATE_LINE_RE.match(clause.text.strip()).group("printer")
                                                             or "")
            break
    # a law's history says who made it and when; the order promulgating it (主席令) is signed
    # by the head of state, who is not its issuer
    dating = [event for event in doc.history if event.action in MAKING_ACTIONS]
    if dating:
        date = max(event.date for event in dating)
        latest_first = sorted(dating, key=lambda e: e.date, reverse=True)
        # the organ that promulgated it (国家计量局发布), not one that approved it (国务院批准) or
        # revised it by a decision of its own; else the last that made it, an approving organ only
        # when no other is named: a city's 条例, adopted by its 人大常委会 and approved by the
        # province's, is the city's, published by the organ that adopted it
        promulgator = next((found for event in latest_first if event.action == "promulgated"
                            and (found := organ(event.by)) and found != P.HEAD_OF_STATE), "")
        maker = next((found for event in latest_first if event.action != "approved" and (found := organ(event.by))), "")
        issuer = promulgator or maker or next((found for event in latest_first if (found := organ(event.by))), issuer)
    doc_number = doc_number or _order_number(dating)
    masthead = next((m.group("org") for c in doc.clauses if c.kind == MASTHEAD
                     and (m := P.MASTHEAD_RE.match(c.text))), "")
    # an undated cover's issuer line under the title (赤松省市场监督管理局): a 落款 without a date
    cover = next((c.text for c in doc.clauses if c.kind == SIGNATURE and P.ORGAN_NAME_RE.match(c.text)), "")
    issuer = issuer or masthead or cover
    for named in (notice_title, title):
        if not issuer and (m := P.TITLE_ISSUER_RE.match(named)):
            issuer = m.group("org").strip()
    # a title that opens with its issuer's name (青岚区市场监督管理局…实施细则), when nothing else names one
    if not issuer and (m := P.TITLE_ORGAN_RE.match(title)):
        issuer = m.group("org")
    news = None if doc_number or doc.history or masthead else _news_source(doc)
    if news:  # a news report is published by its outlet, on the day its source line gives
        issuer, date = news[0], date or news[1]
    return TextMeta(title=title or _untitled(doc), issuer=issuer, date=date, doc_number=doc_number,
                    status=NEWS_STATUS if news and not doc.status else doc.status, untitled=not title,
                    news=bool(news), effective=effective_date(doc, date))


def _order_number(dating: list[HistoryEvent]) -> str:
    """The 令号 a 规章 was last made by ("国家市场监督管理总局令第57号公布" -> 国家市场监督管理总局令第57号);
    "" for a law or 行政法规 (主席令, 国务院令: cited by name) and a text made by no order."""
    for event in sorted(dating, key=lambda e: e.date, reverse=True):
        if (m := P.ORDER_RE.search(event.by)) and m.group("organ") not in P.LAW_ORDER_ORGANS:
            return m.group()
    return ""


def _signature(before: list[Clause], date: Clause) -> str:
    """The issuer of a 落款: its lines above its date (parse.py tells them), one organ a line (a
    joint document's "国家市场监督管理总局" ↵ "国家标准化管理委员会"), joined by a space."""
    names: list[str] = []
    for clause in reversed(before):
        if clause.kind != SIGNATURE or clause.parent != date.parent or iso_date(clause.text):
            break
        names.insert(0, clause.text)
    return " ".join(names)


def _pinyin(text: str, style: Style) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text, style=style)).lower())


SLUG_MAX = 40  # a slug is typed into memos: whole words, but not a sentence
_PARTICLES = {"的", "和", "与", "及", "之", "关于"}  # never in a slug
# A title word's own negation (反不正当竞争, 非物质, 无障碍 printed apart): a slug that dropped it
# would name the opposite.
_NEGATIONS = ("反", "不", "非", "无")
# Words a title can lose first when its slug would be too long.
_FILLER_WORDS = {"进一步", "加快", "推进", "推动", "加强", "开展", "做好", "全面", "深入", "贯彻", "落实", "印发", "管理",
                 "工作", "实施", "有关", "若干"}


def short_title(title: str) -> str:
    """The name a slug is made from: 中华人民共和国标准化法 -> 标准化法, 国务院关于印发《X》的通知 -> X,
    国务院关于加快推进…的指导意见 -> 加快推进…的指导意见; bracketed notes dropped."""
    text = title.strip("《》 ")
    if m := P.TRANSMITTED_TITLE_RE.search(text):
        text = m.group("inner")
    elif (cut := text.find("关于")) >= 0 and cut <= 30:
        text = text[cut + 2:]
    text = re.sub(r"^中华人民共和国", "", text)
    return re.sub(r"[（(][^（()）]*[）)]|[《》〈〉“”\"]", "", text).strip()


def _title_words(text: str) -> list[tuple[str, str]]:
    """(pinyin, characters) of a title's words (rjieba), a compound of four or more characters
    cut in twos: 产品质量法 -> chanpin, zhiliang, fa; 2017年 -> 2017. An issuer of
    patterns.ISSUER_SLUG_WORDS is one word, spelled as that table says (市场监督管理局 and
    市场监管局 -> shichang-jianguan-ju)."""
    words: list[tuple[str, str]] = []
    position = 0
    for m in P.ISSUER_SLUG_RE.finditer(text):
        words += _plain_words(text[position:m.start()])
        words.append((P.issuer_slug(m), m.group()))
        position = m.end()
    return words + _plain_words(text[position:])


def _plain_words(text: str) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    negated: list[str] = []  # 反, 不 printed apart (jieba cuts 反不正当竞争 into 反 / 不 / 正当竞争)
    for word in _kind_apart(rjieba.cut(text)):
        if word in _NEGATIONS:
            negated.append(word)
            continue
        if re.fullmatch(r"[0-9a-zA-Z]+", word):
            pieces = [(word.lower(), word)]
        elif word == "年" and words and words[-1][0].isdigit():
            continue  # 2017年 is the year 2017
        else:
            pieces = [(spelled, piece) for piece in ([word] if len(word) <= 3 else
                                                     [word[i:i + 2] for i in range(0, len(word), 2)])
                      if (spelled := _pinyin(piece, Style.NORMAL))]
        if negated and pieces:
            words.append(_negated_word(negated, pieces))
            negated = []
        else:
            words += pieces
    if negated:
        words.append(_negated_word(negated[:-1], [(_pinyin(negated[-1], Style.NORMAL), negated[-1])]))
    return words


def _negated_word(negations: list[str], pieces: list[tuple[str, str]]) -> tuple[str, str]:
    """A title word with its 反/不/非/无 as one slug word, never cut: 反 / 不 / 正当竞争 ->
    fan-buzhengdang-jingzheng (不, 非, 无 run into the syllables they negate; 反 stays apart)."""
    spelled = [_pinyin(n, Style.NORMAL) for n in negations if n == "反"]
    glued = "".join(_pinyin(n, Style.NORMAL) for n in negations if n != "反")
    spelled += [glued + pieces[0][0]] + [p for p, _ in pieces[1:]]
    return "-".join(spelled), "".join(negations) + "".join(c for _, c in pieces)


def _kind_apart(words: list[str]) -> list[str]:
    """The word a title ends with that says what the document is (法, 条例, 办法) is a word of its
    own, whether or not jieba printed it apart: 计量法 -> 计量, 法 (as 标准化法 -> 标准化, 法)."""
    apart: list[str] = []
    for word in words:
        kind = "" if word in KINDS else next((kind for kind in KINDS if word.endswith(kind)), "")
        apart += [word[:-len(kind)], kind] if kind else [word]
    return apart


def _title_slug(title: str, year: str, untitled: bool = False) -> str:
    """Whole pinyin words of the short title and its year (the one the title names, else the
    date's), at most SLUG_MAX characters: when too long, filler words go first, then the year
    if that makes it fit (the title's words tell documents apart: 缺陷汽车产品召回 keeps 汽车),
    then the words after the first until the rest fits (the last words say what the document
    is: …-tiaoli; a text without a title is named by its first words: those stay)."""
    words = [word for word in _title_words(short_title(title)) if word[1] not in _PARTICLES]
    named = [spelled for spelled, _ in words if re.fullmatch(r"(?:19|20)\d\d", spelled)]
    words = [word for word in words if not word[0].isdigit()]
    suffix = [named[0] if named else year] if named or year else []

    def joined(kept: list[tuple[str, str]]) -> str:
        return "-".join([spelled for spelled, _ in kept] + suffix)

    if len(joined(words)) > SLUG_MAX:
        kept = [word for word in words if word[1] not in _FILLER_WORDS]
        words = kept if len(kept) >= 2 else words
    if len(joined(words)) > SLUG_MAX and len("-".join(spelled for spelled, _ in words)) <= SLUG_MAX:
        suffix = []
    # a negated word goes whole or not at all, and never goes: the slug runs longer instead
    def cuttable() -> list[int]:  # the first word says where, a title's last what it is: those stay
        return [k for k in range(1, len(words) - (0 if untitled else 1)) if words[k][1][0] not in _NEGATIONS]

    while len(words) > 2 and len(joined(words)) > SLUG_MAX and (can := cuttable()):
        del words[can[-1] if untitled else can[0]]
    if any(chars[0] in _NEGATIONS for _, chars in words):
        return joined(words) if len(joined(words)) <= SLUG_MAX else "-".join(spelled for spelled, _ in words)
    return joined(words)[:SLUG_MAX].strip("-")


def slug_from_text(text: TextMeta, sha256: str) -> str:
    """A permanent, readable slug: from the 文号 (国发〔2013〕10号 -> guofa-2013-10), a 规章's 令号
    (国家市场监督管理总局令第57号 -> shichang-jianguan-zongju-ling-57), or the number of a 公告
    (2023年第12号 -> gonggao-2023-12), else whole pinyin words of the short title and
    the year (中华人民共和国标准化法, 2017 -> biaozhunhua-fa-2017); a content hash when the text
    offers nothing ASCII-able."""
    if m := P.DOC_NUMBER_RE.search(text.doc_number):
        return f"{_pinyin(m.group('org'), Style.NORMAL)}-{m.group('year')}-{int(m.group('n'))}"
    if m := P.ORDER_RE.match(text.doc_number):  # a 规章's 令号: the organ in whole words, ling, the number
        return _numbered_slug(m.group("organ"), f"ling-{P.cn_to_int(m.group('n'))}")
    if m := P.ANNOUNCEMENT_NUMBER_RE.match(text.doc_number):
        stem = "tonggao" if "通告" in text.title + text.doc_number else "gonggao"
        # one issuer's 第12号 is not another's: its name in whole words (the first of joint issuers)
        issuer = (m.group("org") or text.issuer).split()
        return _numbered_slug(issuer[0] if issuer else "", f"{stem}-{m.group('year')}-{int(m.group('n'))}")
    if text.news and text.issuer and text.date:
        # a headline is no name: a report is its outlet's of its day (qinchuan-ribao-2022-03-21)
        return "-".join([spelled for spelled, _ in _title_words(text.issuer)] + [text.date])[:SLUG_MAX].strip("-")
    # a headline's years are what the report is about (到2025年), not when it was published
    slug = _title_slug(re.sub(r"(?:19|20)\d\d", "", text.title) if text.news else text.title, text.date[:4],
                       text.untitled)
    return slug or f"doc-{sha256[:8]}"


def _numbered_slug(organ: str, number: str) -> str:
    """The organ in whole words and the number it gives (shichang-jianguan-zongju-ling-57):
    when too long, 国家 and filler words go, then the words after the first, never the organ whole."""
    words = _title_words(re.sub(r"^国家", "", organ))
    if len("-".join([spelled for spelled, _ in words] + [number])) > SLUG_MAX:
        words = [word for word in words if word[1] not in _FILLER_WORDS] or words
    spelled = [spelled for spelled, _ in words]
    while len(spelled) > 1 and len("-".join(spelled + [number])) > SLUG_MAX:
        del spelled[1]
    return "-".join(spelled + [number])


def unique_slug(slug: str, taken: set[str]) -> str:
    """slug, or slug-2, slug-3 …: the first that no other document has and the site does not use."""
    candidate, n = slug, 2
    while candidate in taken or site_path(candidate):
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def guess_jurisdiction(issuer: str, jurisdictions: list[str], title: str = "") -> str:
    """国家 for a national issuer (国务院, 国家…, 全国人大…, a 部 or 总局 of the State Council); else the
    configured jurisdiction the issuer (or, without one, the title) starts with; else the province,
    city, district or county it names (上海市产品质量条例 -> 上海市, 南湖区人民政府办公室 -> 南湖区)."""
    if P.NATIONAL_ISSUER_RE.search(issuer):
        return NATIONAL
    named = issuer or title
    if not named:
        return UNSORTED
    for name in jurisdictions:
        stem = re.sub(r"(省|市|自治区)$", "", name)
        if stem and re.sub(r"^(?:中共|中国共产党)", "", named).startswith(stem):
            return name
    if title.startswith("中华人民共和国") and not issuer:
        return NATIONAL
    if m := P.JURISDICTION_RE.match(named):
        return m.group("name")
    return UNSORTED


def _news_place(doc: Document, text: TextMeta, jurisdictions: list[str]) -> str:
    """Where a news report is from: the place its headline names (靖海省出台…), else the first its
    first sentence names (近日，靖海省委、省政府印发…); its outlet (靖海日报) names none."""
    if (place := guess_jurisdiction("", jurisdictions, text.title)) != UNSORTED:
        return place
    first = next((c.text for c in doc.clauses if c.kind == PARAGRAPH), "")
    for segment in re.split(r"[，,、（）()“”《》\s]", re.split(r"[。！？]", first, maxsplit=1)[0]):
        # a place only as the organ acting (靖海省委, 南湖区人民政府): "记者从省市场监管局获悉" names none
        if (m := P.JURISDICTION_RE.match(segment)) and P.NEWS_ACTOR_RE.match(segment, m.end()):
            return guess_jurisdiction("", jurisdictions, segment)
    return UNSORTED


def guess_kind(title: str) -> str:
    bare = _TRAILING_BRACKETS_RE.sub("", title)
    return next((kind for kind in KINDS if bare.endswith(kind)), "")


def fullest_date(configured: DocumentMeta, printed: str) -> str:
    """documents.yml's date, or the text's when that is the same date told in full (2023 ->
    2023-03-14): readers see the date as printed. A version keeps its own date, which is its
    pinned page's address."""
    if configured.versions or not configured.date:
        return configured.date or printed
    return printed if printed.startswith(configured.date + "-") else configured.date


def resolve_meta(doc: Document, configured: DocumentMeta | None, jurisdictions: list[str],
                 taken: set[str]) -> tuple[DocumentMeta, list[BuildWarning]]:
    """The document's metadata: documents.yml where it says something, the text elsewhere.

    Without an entry, everything comes from the text and a warning asks for an entry; another
    says so when the slug the text gives is one the site uses for its own pages. What only the
    text can say (its history, what is missing from it) always comes from the text; a news
    report's status says it is one.
    """
    text = read_text_meta(doc)
    from_text = {"history": list(doc.history), "completeness": doc.completeness, "missing": doc.missing,
                 "effective": text.effective}
    if configured is not None:
        news = configured.kind in NEWS_KINDS or (text.news and not configured.kind)
        status = configured.status or doc.status or (NEWS_STATUS if news else "")
        kind = configured.kind or (NEWS_STATUS if news else guess_kind(configured.title or text.title) or OTHER_KIND)
        return replace(configured, issuer=configured.issuer or text.issuer, date=fullest_date(configured, text.date),
                       doc_number=configured.doc_number or text.doc_number, kind=kind,
                       status=status, **from_text), []
    wanted = slug_from_text(text, doc.source.sha256)
    slug = unique_slug(wanted, taken)
    meta = DocumentMeta(slug=slug, source=doc.source.name, title=text.title, issuer=text.issuer, date=text.date,
                        doc_number=text.doc_number, status=text.status,
                        jurisdiction=_news_place(doc, text, jurisdictions) if text.news else guess_jurisdiction(
                            text.issuer, jurisdictions, "" if text.untitled else text.title),
                        kind=NEWS_STATUS if text.news else (not text.untitled and guess_kind(text.title)) or OTHER_KIND,
                        derived=True, untitled=text.untitled, **from_text)
    fields = {"slug": slug, "source": meta.source, "title": meta.title, "jurisdiction": meta.jurisdiction,
              "issuer": meta.issuer, "date": meta.date, "doc_number": meta.doc_number, "kind": meta.kind,
              "status": meta.status}
    # JSON strings are valid YAML: the suggestion can be pasted whatever the title contains
    entry = "{" + ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
                            if value) + "}"
    untitled = f"；正文没有标题，暂以“{text.title}”为题" if text.untitled else ""
    warnings = [BuildWarning(doc.source.name, None, "no-metadata",
                             f"documents.yml 中没有此文件的条目；已按正文读出的信息发布为 /{slug}/{untitled}",
                             f"核对后把这一行加入 site_config/documents.yml，固定这个网址：- {entry}")]
    if taken := site_path(wanted):
        warnings.append(BuildWarning(doc.source.name, None, "reserved-slug",
                                     f"正文得出的网址名 '{wanted}' 是本站自己的 {taken}：已改用 /{slug}/",
                                     "在 documents.yml 中为它写一个条目，给它一个自己的网址名（slug）"))
    return meta, warnings

