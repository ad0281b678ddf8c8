"""Search index: one Pagefind record per section, written to site/pagefind/.

Pagefind (PyPI `pagefind[extended]`) splits the index into small chunks, so the browser loads
only what a query needs: the first query costs a few hundred KB at 10 documents and at 1,000.

Why records built here rather than `pagefind --site` reading the HTML: Pagefind cuts Chinese
into words with its own segmenter when indexing and with the browser's Intl.Segmenter when
searching, and the two disagree (空气质量优良天数比例 found nothing: the index had 优良天 / 数).
So each section is indexed as overlapping character bigrams (空气 气质 质量 …), each written
as a Latin word (Pagefind joins Han characters back together across spaces), a form the
search box (docs_templates/pagefind/…/search-pagefind.js) produces from the query the same
way; a quoted bigram query is then an exact substring search, as readers of Chinese expect.
The encoding (`bigrams`, the one definition the box follows) keeps two namespaces apart: a
Han word is HAN_PREFIX and digits, a run of letters and digits of the text is TEXT_PREFIX and
the run, so no text (a literal h3135427668) can stand for a Han word (空气) in the index.
Punctuation and spaces between Han characters are skipped, so the pairs run across them:
参与“质量强省” is indexed as 参与质量强省 is, and a reader who types the phrase without the
quotation marks (or with a space, or 、 left out) still finds it. A section's title is indexed
once more in a namespace of its own (TITLE_PREFIX before each word), so the box can ask which
sections' titles hold the query and rank them above passing mentions.
A section (a heading with the paragraphs under it) is the unit a reader cites, so it is also
the unit of a result: its URL carries the anchor, its title is weighted above its text, and
its filters (document, jurisdiction, kind, topic) are its own.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, pinyin

from .anchors import latest_page
from .extract.sections import section_anchors, sections
from .derive import UNSORTED
from .model import BuildError, Document
from .parallel import die_with_parent
from .site_names import PAGEFIND_DIR, SEARCH_DIR

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Runs of Han characters, and runs of letters/digits (kept as words: GB/T 9704, 12345, 98.5%)
HAN_CHAR = re.compile(f"[{HAN}]")
TOKEN_RE = re.compile(rf"[{HAN}]+|[0-9A-Za-z]+(?:[.．][0-9]+)?")
TITLE_WEIGHT = 4  # a clause whose title holds the term ranks above one that mentions it
# In PAGEFIND_DIR: each Han character of the records and its readings, without tones. The box
# reads it only when a query is not found, to prefer the suggestion that sounds the same
# (质量强生 -> 质量强省, the slip a pinyin input method makes).
PINYIN_FILE = "pinyin.json"
SEARCH_PATH = f"{SEARCH_DIR}/records.js"  # the file:// copy's whole index (write_search_script)
OFFLINE_PAGE_FILE = "index.html"  # the file:// copy has no directory URLs: a page is its index.html


# Every word of the index starts with one of these, so the two kinds never meet, not even as a
# prefix (Pagefind matches the start of a word). Pagefind lowercases words: both are lowercase.
HAN_PREFIX = "h"  # + five digits per character (every code point in HAN has five)
TEXT_PREFIX = "x"  # + a run of letters and digits as written
TITLE_PREFIX = "t"  # + a word of a section's title (th…, tx…): the text's words never start so


def han_word(chars: str) -> str:
    """空气 -> 'h3135427668': one or two Han characters as a Latin word (HAN_PREFIX + decimal
    code points). Pagefind then treats it as any other word, and English stemming leaves digits alone."""
    return HAN_PREFIX + "".join(str(ord(c)) for c in chars)


def bigrams(text: str) -> str:
    """空气质量达到98%以上 -> the words for 空气 气质 质量 量达 达到, 'x98', then 以上: overlapping
    pairs of the Han characters between two runs of letters and digits, whatever punctuation or
    spaces stand between them (“质量强省” -> 质量 量强 强省; a lone character stays itself), a
    run of letters and digits as one word after TEXT_PREFIX, the rest dropped."""
    words: list[str] = []
    han = ""  # Han characters since the last run of letters and digits

    def pairs() -> None:
        if len(han) == 1:
            words.append(han_word(han))
        words.extend(han_word(han[i:i + 2]) for i in range(len(han) - 1))

    for match in TOKEN_RE.finditer(text):
        token = match.group()
        if token[0].isascii():
            pairs()
            han = ""
            words.append(TEXT_PREFIX + token.replace("．", "."))
        else:
            han += token
    pairs()
    return " ".join(words)


def title_words(title: str) -> str:
    """The words of a title in the title namespace: TITLE_PREFIX before each word of bigrams."""
    return " ".join(TITLE_PREFIX + word for word in bigrams(title).split())


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-relative: gd-quality-outline-2023/#s4-10 (also in the record's meta "url")
    title: str
    text: str
    document: str  # the document's title
    filters: tuple[tuple[str, str], ...]

    @property
    def html(self) -> str:
        """A small HTML page for Pagefind: bigram text to index (the title weighted), the text
        as printed in data-pagefind-meta for the result list, and the filters."""
        meta = [("url", self.url), ("title", self.title), ("document", self.document), ("text", self.text)]
        hidden = "".join(f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>' for k, v in self.filters)
        hidden += "".join(f'<span data-pagefind-meta="{k}">{html.escape(v)}</span>' for k, v in meta)
        return (f'<html lang="zh"><body><div data-pagefind-body><div data-pagefind-ignore hidden>{hidden}</div>'
                f'<p data-pagefind-weight="{TITLE_WEIGHT}">{bigrams(self.title)}</p><p>{bigrams(self.text)}</p>'
                f'<p>{title_words(self.title)}</p></div></body></html>')

    def data(self, page_file: str = "") -> dict:
        """The record for the file:// copy's index (SEARCH_PATH), its URL naming the page's
        file (page_file: index.html there)."""
        page, _, anchor = self.url.partition("#")
        filters: dict[str, list[str]] = {}
        for key, value in self.filters:
            filters.setdefault(key, []).append(value)
        return {"url": page + page_file + (f"#{anchor}" if anchor else ""), "title": self.title,
                "document": self.document, "text": self.text, "filters": filters}


def search_records(doc: Document, topic_names: dict[str, str]) -> list[SearchRecord]:
    """One record for the document (its title finds the page) and one per section (a heading
    with the paragraphs and items under it: extract.sections), at the section's anchor."""
    page = latest_page(doc)
    topics: dict[str, set[str]] = {}
    for tag in doc.topic_tags:
        topics.setdefault(tag.anchor, set()).add(topic_names.get(tag.topic, tag.topic))
    owner = section_anchors(doc)
    filters = [("document", doc.slug), ("jurisdiction", doc.meta.jurisdiction or UNSORTED)]
    filters += [("kind", doc.meta.kind)] if doc.meta.kind else []
    records = [SearchRecord(page, doc.meta.title, " ".join(filter(None, (doc.meta.title, doc.meta.doc_number))),
                            doc.meta.title, tuple(filters))]
    for section in sections(doc):
        head = doc.clause(section.anchor)
        # a section's topics, and those of the sections it sits in (a task under 四、 食品安全 is about food)
        found = {t for a in _ancestry(doc, section.anchor) for t in topics.get(owner.get(a, ""), ())}
        records.append(SearchRecord(f"{page}#{section.anchor}", (head.number + head.title).strip() or doc.meta.title,
                                    section.text, doc.meta.title, tuple(filters + [("topic", t) for t in sorted(found)])))
    return records


def _ancestry(doc: Document, anchor: str | None):
    while anchor:
        yield anchor
        clause = doc.clause(anchor)
        anchor = clause.parent if clause else None


def index_documents(docs: list[Document], site_dir: Path, topic_names: dict[str, str]) -> int:
    """Write site_dir/pagefind/ for the sections of docs; returns the number of records.

    The records go to a scratch folder as one small HTML file each, indexed by one run of the
    Pagefind CLI (its Python API answers about one record per 100 ms: an hour at 30,000)."""
    records = [r for doc in docs for r in search_records(doc, topic_names)]
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as scratch:
        for k, record in enumerate(records):
            (Path(scratch) / f"{k}.html").write_text(record.html, encoding="utf-8")
        # "en": an index Pagefind leaves as words split at spaces, with no Chinese segmenter on
        # either side; English stemming touches only the Latin words, on both sides.
        command = [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path",
                   str((site_dir / PAGEFIND_DIR).resolve()), "--force-language", "en", "--quiet"]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, preexec_fn=die_with_parent)
        except OSError as exc:
            raise BuildError(str(site_dir), None, f"could not run pagefind: {exc}",
                             "pip install -r requirements.txt") from exc
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise BuildError(str(site_dir), None, "pagefind failed to index the site: " + " / ".join(detail),
                         "pip install -r requirements.txt (pagefind[extended] is pinned there)")
    return len(records)


def pinyin_readings(docs: list[Document]) -> dict[str, str]:
    """{"省": "sheng xing xian", …}: each Han character of docs' records and its readings without tones."""
    seen: set[str] = set()
    for doc in docs:
        seen.update(doc.meta.title, *(section.text for section in sections(doc)))
    chars = sorted(c for c in seen if HAN_CHAR.fullmatch(c))
    return {c: " ".join(dict.fromkeys(r)) for c, r in zip(chars, pinyin(chars, style=Style.NORMAL, heteronym=True))}


def write_pinyin(docs: list[Document], site_dir: Path) -> None:
    """site_dir/PAGEFIND_DIR/PINYIN_FILE, beside Pagefind's index."""
    path = site_dir / PAGEFIND_DIR / PINYIN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pinyin_readings(docs), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_search_script(docs: list[Document], site_dir: Path, topic_names: dict[str, str]) -> int:
    """The file:// copy's index, site_dir/SEARCH_PATH: every record and the
    readings, as a script (browsers refuse fetch() from file://, not <script src>), searched
    in memory by the same box (search-offline.js). Returns the number of records."""
    records = [r.data(OFFLINE_PAGE_FILE) for doc in docs for r in search_records(doc, topic_names)]
    payload = json.dumps({"records": records, "pinyin": pinyin_readings(docs)}, ensure_ascii=False,
                         separators=(",", ":"))
    path = site_dir / SEARCH_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.__policySearch({payload});\n", encoding="utf-8")  # JSON is a JS expression
    return len(records)
