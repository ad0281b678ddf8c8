"""Search index: one Pagefind record per document, its sections kept apart inside it, in
bundles under site/pagefind/ (one per group of documents: index_groups, assemble), merged by the box.

Pagefind (PyPI `pagefind[extended]`) splits the index into small chunks, so the browser loads
only what a query needs from each bundle (README, Performance, has the bytes of a first query).

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
documents' section titles hold the query and rank them above passing mentions.

Why a record per document and not per section (the unit a reader cites and a result shows):
Pagefind scores every record a query matches before it returns any, in time that grows faster
than their number, and a common word (质量) is in most sections of a library (README,
Performance, has the figures). So Pagefind finds and ranks documents, a section never matching
across its neighbour (SECTION_BREAK stands between them), and the record carries its sections
as printed (RECORD_FILTER), which the box (search-query.js) reads for the documents it shows,
to list the sections that hold the query, each at its anchor.
"""
from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, pinyin

from . import progress
from .anchors import latest_page
from .extract.sections import section_anchors, sections
from .derive import UNSORTED
from .model import BuildError, Document, Facts, Indexed
from .parallel import die_with_parent
from .publish import link_tree
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
# In each bundle and, merged, in PAGEFIND_DIR: the values of the filters the box lists in its
# selects. Pagefind's own list (pagefind.filters()) loads every filter chunk of every bundle,
# which grows with the records; with this file a query fetches filter chunks only when the
# reader chooses a filter. The document filter (仅搜索本文件) needs no list: its value is the page's.
FILTERS_FILE = "filters.json"
DOCUMENT_FILTER = "document"
# What the box shows of a record (SearchDocument.data as JSON) is a filter's value, not
# Pagefind metadata: Pagefind 1.5 indexes every metadata value as searchable words, so the
# sections' text was indexed a second time as words no query makes, in the chunks queries
# fetch (the first query's index chunks at 1,000 documents: 2.0 MB, 1.0 MB without them).
# A filter's value is in the record's fragment and in a filter chunk no search asks for.
RECORD_FILTER = "record"
SEARCH_PATH = f"{SEARCH_DIR}/records.js"  # the file:// copy's whole index (write_search_script)
OFFLINE_PAGE_FILE = "index.html"  # the file:// copy has no directory URLs: a page is its index.html


# Every word of the index starts with one of these, so the two kinds never meet, not even as a
# prefix (Pagefind matches the start of a word). Pagefind lowercases words: both are lowercase.
HAN_PREFIX = "h"  # + five digits per character (every code point in HAN has five)
TEXT_PREFIX = "x"  # + a run of letters and digits as written
TITLE_PREFIX = "t"  # + a word of a section's title (th…, tx…): the text's words never start so
SECTION_BREAK = "s"  # a word between two sections of a record: no phrase runs across them


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
    """A section (or the document itself, by its title) as search finds and shows it."""
    url: str  # site-relative: gd-quality-outline-2023/#s4-10
    title: str
    text: str
    topics: tuple[str, ...]  # the names of its topics (the topic filter)

    @property
    def words(self) -> str:
        """What Pagefind indexes of the section: its title (weighted), its text, its title in the title namespace."""
        return (f'<p data-pagefind-weight="{TITLE_WEIGHT}">{bigrams(self.title)}</p><p>{bigrams(self.text)}</p>'
                f'<p>{title_words(self.title)}</p>')

    def data(self, page_file: str = "") -> dict:
        """The section as the box reads it (search-query.js): its URL naming the page's file
        (page_file: index.html in the file:// copy)."""
        page, _, anchor = self.url.partition("#")
        return {"url": page + page_file + (f"#{anchor}" if anchor else ""), "title": self.title, "text": self.text,
                "topics": list(self.topics)}


@dataclass(frozen=True)
class SearchDocument:
    """One record of the index: a document and its sections, the first being the document itself."""
    url: str  # the document's page
    title: str
    sections: tuple[SearchRecord, ...]
    filters: tuple[tuple[str, str], ...]  # the document's, and every topic of a section

    def data(self, page_file: str = "") -> dict:
        return {"url": self.url + page_file, "document": self.title,
                "sections": [section.data(page_file) for section in self.sections]}

    @property
    def html(self) -> str:
        """A small HTML page for Pagefind: the sections' words, SECTION_BREAK between two; the
        filters, and under RECORD_FILTER the record as the box reads it (data() as JSON)."""
        shown = kept_whole(json.dumps(self.data(), ensure_ascii=False, separators=(",", ":")))
        hidden = "".join(f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>'
                         for k, v in (*self.filters, (RECORD_FILTER, shown)))
        words = f"<p>{SECTION_BREAK}</p>".join(section.words for section in self.sections)
        return (f'<html lang="zh"><body><div data-pagefind-body><div data-pagefind-ignore hidden>{hidden}</div>'
                f'{words}</div></body></html>')


def kept_whole(json_text: str) -> str:
    """JSON that Pagefind keeps as written in a filter's value: it collapses runs of whitespace
    (a text's 　　 too), deletes its own markers (___PAGEFIND_…, to the next space) and decodes
    HTML entities once more than the page does (&amp;amp; -> &), so every whitespace character,
    underscore and ampersand, only ever inside a string in compact JSON, is an escape."""
    return re.sub(r"[\s_&]", lambda match: f"\\u{ord(match.group()):04x}", json_text)


SectionTopics = dict[str, dict[str, set[str]]]  # slug -> section anchor -> the names of its topics


def section_topics(docs: list[Document], facts: dict[str, Facts], topic_names: dict[str, str]) -> SectionTopics:
    """The topics each section is tagged with (facts: what extraction found, by source name)."""
    found: SectionTopics = {}
    for doc in docs:
        for tag in facts[doc.source.name].topic_tags:
            found.setdefault(doc.slug, {}).setdefault(tag.anchor, set()).add(topic_names.get(tag.topic, tag.topic))
    return found


def search_document(doc: Document, section_topics: SectionTopics) -> SearchDocument:
    """The document's record: its title and number (they find the page), then each section (a
    heading with the paragraphs and items under it: extract.sections) at its anchor."""
    page = latest_page(doc)
    topics = section_topics.get(doc.slug, {})
    owner = section_anchors(doc)
    records = [SearchRecord(page, doc.meta.title, doc.meta.doc_number or "", ())]
    for section in sections(doc):
        head = doc.clause(section.anchor)
        # a section's topics, and those of the sections it sits in (a task under 四、 食品安全 is about food)
        found = {t for a in _ancestry(doc, section.anchor) for t in topics.get(owner.get(a, ""), ())}
        # an untitled paragraph has no title of its own: the document's would find it for any query in that title
        records.append(SearchRecord(f"{page}#{section.anchor}", (head.number + head.title).strip(),
                                    section.text, tuple(sorted(found))))
    filters = [(DOCUMENT_FILTER, doc.slug), ("jurisdiction", doc.meta.jurisdiction or UNSORTED)]
    filters += [("kind", doc.meta.kind)] if doc.meta.kind else []
    filters += [("topic", t) for t in sorted({t for r in records for t in r.topics})]
    return SearchDocument(page, doc.meta.title, tuple(records), tuple(filters))


def _ancestry(doc: Document, anchor: str | None):
    while anchor:
        yield anchor
        clause = doc.clause(anchor)
        anchor = clause.parent if clause else None


# Shards: the documents are split into groups, each indexed as its own Pagefind bundle
# (PAGEFIND_DIR/<key>/, key = digest of its records) and merged in the browser (mergeIndex in
# pagefind-search.js). An edit re-indexes only the groups whose records changed, and Pagefind's
# memory is bounded by a group, not the library. A document's group is a hash of its slug
# modulo a power of two: it depends on the set of documents alone (an incremental build gives
# the groups a cold one does, so the same ranking), an added or removed document moves no other,
# and the count changes only when the library doubles or halves. The first query fetches from
# every bundle (each its own Pagefind instance: its module, metadata and index chunks), so the
# count is capped: past the cap the groups grow instead, and so does the time to re-index one.
SHARD_DOCUMENTS = 128  # documents per group at most, on average; a library this small is one bundle
MAX_SHARDS = 8  # bundles at most, whatever the size of the library
SHARDS_FILE = "shards.json"  # in PAGEFIND_DIR: the bundles, in the order the box merges them
MODULE_FILE = "pagefind.js"  # Pagefind's module, the same in every bundle; copied beside SHARDS_FILE
SHARD_KEY = re.compile(r"[0-9a-f]{16}")  # a bundle's folder name (shard_key)
SCRATCH_PREFIX = ".pagefind-"  # Pagefind's input and output while it runs, beside the bundle


def shard_count(documents: int, shard_documents: int = SHARD_DOCUMENTS, most: int = MAX_SHARDS) -> int:
    """The number of groups: the least power of two giving at most shard_documents each on
    average, or `most` (a power of two) if that is less."""
    count = 1
    while documents > count * shard_documents and count < most:
        count *= 2
    return count


def shard_of(slug: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % count


def search_groups(docs: list[Document], topics: SectionTopics,
                  shard_documents: int | None = None) -> list[list[SearchDocument]]:
    """The records of docs in their groups (empty groups left out), each in document order; a
    library without documents has one empty group (Pagefind refuses it, as it always did)."""
    count = shard_count(len(docs), shard_documents or SHARD_DOCUMENTS, MAX_SHARDS)
    groups: list[list[SearchDocument]] = [[] for _ in range(count)]
    for doc in docs:
        groups[shard_of(doc.slug, count)].append(search_document(doc, topics))
    return [group for group in groups if group] or [[]]


def shard_key(records: list[SearchDocument]) -> str:
    """What a bundle is made from: its records, the code writing them as Pagefind reads them
    (this module: the HTML of a record is a function of its fields), and the Pagefind version.
    The fields, not the HTML: encoding every record's text is most of the work of a key."""
    digest = hashlib.sha256(importlib.metadata.version("pagefind").encode() + Path(__file__).read_bytes())
    for record in records:
        fields = json.dumps([record.url, record.title, record.filters,
                             [[s.url, s.title, s.text, s.topics] for s in record.sections]],
                            ensure_ascii=False).encode("utf-8")
        digest.update(len(fields).to_bytes(8, "big") + fields)
    return digest.hexdigest()[:16]


def index_shard(records: list[SearchDocument], bundle: Path) -> None:
    """bundle: a new folder holding the Pagefind bundle of records.

    The records go to a scratch folder as one small HTML file each, indexed by one run of the
    Pagefind CLI (its Python API answers about one record per 100 ms: an hour at 30,000)."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=bundle.parent) as scratch:
        pages = Path(scratch) / "records"
        pages.mkdir()
        for k, record in enumerate(records):
            (pages / f"{k}.html").write_text(record.html, encoding="utf-8")
        # "en": an index Pagefind leaves as words split at spaces, with no Chinese segmenter on
        # either side; English stemming touches only the Latin words, on both sides.
        command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
                   str((Path(scratch) / "bundle").resolve()), "--force-language", "en", "--quiet"]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, preexec_fn=die_with_parent)
        except OSError as exc:
            raise BuildError(str(bundle), None, f"could not run pagefind: {exc}",
                             "pip install -r requirements.txt") from exc
        if proc.returncode < 0:
            raise BuildError(str(bundle), None, f"pagefind was killed (signal {-proc.returncode})",
                             "build again; a process out of memory is killed so")
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
            raise BuildError(str(bundle), None, "pagefind failed to index the site: " + " / ".join(detail),
                             "pip install -r requirements.txt (pagefind[extended] is pinned there)")
        made = Path(scratch) / "bundle"
        (made / FILTERS_FILE).write_text(json.dumps(filter_values(records), ensure_ascii=False, sort_keys=True),
                                         encoding="utf-8")
        (made / BUNDLE_FILES).write_text(json.dumps(_bundle_files(made), sort_keys=True), encoding="utf-8")
        os.replace(made, bundle)  # whole or not at all: a killed run leaves no bundle


def filter_values(records: list[SearchDocument]) -> dict[str, list[str]]:
    """{"jurisdiction": ["广东省", …], …}: the values records give each filter but DOCUMENT_FILTER."""
    found: dict[str, set[str]] = {}
    for record in records:
        for name, value in record.filters:
            if name != DOCUMENT_FILTER:
                found.setdefault(name, set()).add(value)
    return {name: sorted(values) for name, values in found.items()}


BUNDLE_FILES = ".bundle-files.json"  # in each bundle: its files and their sizes, as Pagefind wrote them


def _bundle_files(bundle: Path) -> dict[str, int] | None:
    """Every file of bundle (BUNDLE_FILES aside) and its size; None if anything in it is a link
    or neither file nor folder."""
    found: dict[str, int] = {}
    for folder, dirs, files in os.walk(bundle):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                return None
            if name in files and path != bundle / BUNDLE_FILES:
                found[path.relative_to(bundle).as_posix()] = path.stat().st_size
    return found


def bundle_intact(bundle: Path) -> bool:
    """A kept bundle is used only as Pagefind wrote it: a real folder, no link inside, every
    file it listed there with its size (a damaged one is indexed again)."""
    if bundle.is_symlink() or not bundle.is_dir():
        return False
    try:
        listed = json.loads((bundle / BUNDLE_FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return listed == _bundle_files(bundle)


def _remove(path: Path) -> None:
    """Remove a folder of the store, or a link or file standing in its place (never its target)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def assemble(site_dir: Path, bundles: list[Path]) -> None:
    """site_dir/PAGEFIND_DIR: the bundles (hard links, each under its own folder name), Pagefind's
    module, SHARDS_FILE naming them in order and FILTERS_FILE, the bundles' filter values
    together. Bundles made on other machines (one job per shard) are assembled the same way."""
    out = site_dir / PAGEFIND_DIR
    out.mkdir(parents=True, exist_ok=True)
    values: dict[str, set[str]] = {}
    for bundle in bundles:
        link_tree(bundle, out / bundle.name)
        for name, listed in json.loads((bundle / FILTERS_FILE).read_text(encoding="utf-8")).items():
            values.setdefault(name, set()).update(listed)
    if bundles:
        shutil.copyfile(bundles[0] / MODULE_FILE, out / MODULE_FILE)
    (out / FILTERS_FILE).write_text(json.dumps({name: sorted(v) for name, v in values.items()}, ensure_ascii=False,
                                               sort_keys=True), encoding="utf-8")
    (out / SHARDS_FILE).write_text(json.dumps({"bundles": [f"{b.name}/" for b in bundles]}) + "\n", encoding="utf-8")


def index_groups(docs: list[Document], topics: SectionTopics, store: Path,
                 shard_documents: int | None = None) -> Indexed:
    """store/<key>: the Pagefind bundle of each group of docs' records (assemble() puts them in a
    site). store is kept in the build folder: a group whose records did not change keeps its
    bundle from there, and bundles no group has any more are deleted."""
    groups = search_groups(docs, topics, shard_documents)
    keys = [shard_key(group) for group in groups]
    made = []
    store.mkdir(parents=True, exist_ok=True)
    with progress.stage("search", len(groups), "组"):
        for key, group in zip(keys, groups):
            if not bundle_intact(store / key):
                if os.path.lexists(store / key):
                    _remove(store / key)
                index_shard(group, store / key)
                made.append(key)
                progress.advance()
            else:
                progress.kept(1)
    for old in store.iterdir():  # only what this tool named (a killed build's scratch too), nothing else
        if SHARD_KEY.fullmatch(old.name) and old.name not in keys or old.name.startswith(SCRATCH_PREFIX):
            _remove(old)
    return Indexed(sum(len(record.sections) for group in groups for record in group), keys, made)


def pinyin_readings(docs: list[Document]) -> dict[str, str]:
    """{"省": "sheng xing xian", …}: each Han character of docs' records and its readings without tones."""
    seen: set[str] = set()
    for doc in docs:
        seen.update(doc.meta.title, *(section.text for section in sections(doc)))
    chars = sorted(c for c in seen if HAN_CHAR.fullmatch(c))
    return {c: " ".join(dict.fromkeys(r)) for c, r in zip(chars, pinyin(chars, style=Style.NORMAL, heteronym=True))}


def write_pinyin(readings: dict[str, str], site_dir: Path) -> None:
    """site_dir/PAGEFIND_DIR/PINYIN_FILE (readings: pinyin_readings), beside Pagefind's index."""
    path = site_dir / PAGEFIND_DIR / PINYIN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(readings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_search_script(docs: list[Document], site_dir: Path, topics: SectionTopics) -> int:
    """The file:// copy's index, site_dir/SEARCH_PATH: every record (with its filters) and the
    readings, as a script (browsers refuse fetch() from file://, not <script src>), searched
    in memory by the same box (search-offline.js). Returns the number of sections."""
    records = [search_document(doc, topics) for doc in docs]
    documents = [{**record.data(OFFLINE_PAGE_FILE), "filters": _filter_lists(record.filters)} for record in records]
    payload = json.dumps({"documents": documents, "pinyin": pinyin_readings(docs)}, ensure_ascii=False,
                         separators=(",", ":"))
    path = site_dir / SEARCH_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.__policySearch({payload});\n", encoding="utf-8")  # JSON is a JS expression
    return sum(len(record.sections) for record in records)


def _filter_lists(filters: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in filters:
        found.setdefault(key, []).append(value)
    return found
