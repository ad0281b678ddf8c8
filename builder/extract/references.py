"""Find mentions of documents, clauses, boxes and standards in clause text.

- 《title》, with nested 〈…〉 and wrapped forms (《中共中央、国务院关于印发〈质量强国建设纲要〉的
  通知》 cites 质量强国建设纲要), resolved through each document's title, short title and
  `aliases` from documents.yml; unresolved titles are kept for the 引用文件 page.
- a clause number right after a cited title, or after a bare alias: 纲要（十）, 《…》第三条.
- 专栏N: the box of the same document.
- standard codes (GB3838-2002, GB/T 9704-2012, ISO22000), and a 《title》 followed by a code or
  ending in 标准: standards, not documents.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from functools import cached_property

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder.patterns import CN_NUM, STANDARD_CODE, cn_to_int, number_value, outermost_groups
from builder.model import (
    BOX, REF_BOX, REF_CLAUSE, REF_DOCUMENT, REF_STANDARD, REF_UNRESOLVED,
    CitedTitle, Clause, Document, Facts, Reference,
)

_CN_NUMERAL = CN_NUM

# Wrapped forms cite the inner title: X关于印发〈Y〉的通知 cites Y.
_WRAPPED = re.compile(r"关于(?:印发|转发|发布|颁布)《(?P<inner>.+)》(?:的通知|的决定)?$")
# What may follow a cited title or alias to name one of its clauses.
_NUMBER = rf"(?:[（(]({_CN_NUMERAL})[）)]|第({_CN_NUMERAL})条|专栏(\d+|{_CN_NUMERAL}))"
_CLAUSE_NUMBER = re.compile("^" + _NUMBER)
_ANY_CLAUSE_NUMBER = re.compile(_NUMBER)  # a text without one cites no clause by a bare alias
_BOX_MENTION = re.compile(rf"专栏\s?([0-9０-９]+|{_CN_NUMERAL})")


def normalize_title(title: str) -> str:
    """Compare titles regardless of spacing, 、 between issuers and bracket style."""
    title = re.sub(r"[\s、·]", "", title)
    return title.translate(str.maketrans("〈〉()", "《》（）"))


def cited_title(title: str) -> str:
    """The title a 《…》 mention cites: the inner title of a wrapped form, else itself."""
    wrapped = _WRAPPED.search(normalize_title(title))
    return wrapped.group("inner") if wrapped else normalize_title(title)


class TitleCatalog:
    """What the site's documents are called: titles and aliases -> slug; numbers -> anchors."""

    def __init__(self, documents: list[Document]):
        self.slug_by_title: dict[str, str] = {}
        self.documents = {d.slug: d for d in documents}
        for doc in documents:
            for name in (doc.meta.title, doc.meta.short_title, doc.title, *doc.meta.aliases):
                if name:
                    self.slug_by_title.setdefault(normalize_title(name), doc.slug)
        # What resolving reads: the names, and each document's numbered clauses and boxes
        # (clause_anchor: a clause without a number is never the one named). References
        # cached with an equal digest are still right.
        digest = hashlib.sha256(repr(sorted(self.slug_by_title.items())).encode("utf-8"))
        for doc in documents:
            digest.update("\0".join([doc.slug, *(f"{c.anchor}\1{c.kind}\1{c.part}\1{c.number}" for c in doc.clauses
                                                if c.number or c.kind == BOX)]).encode("utf-8") + b"\2")
        self.digest = digest.hexdigest()

    @cached_property
    def bare_alias(self) -> re.Pattern | None:
        """Any of the names. Bare aliases only count when a clause number follows (纲要（十）):
        alone they are ordinary words. Longest first so that 质量强国建设纲要 wins over 纲要.
        Made when first needed: its size grows with the library, and a build that finds every
        document's references in its cache never needs it."""
        names = sorted(self.slug_by_title, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names))) if names else None

    def resolve(self, title: str) -> str:
        """Slug of the document a 《title》 cites, or ""."""
        full = normalize_title(title)
        return self.slug_by_title.get(full) or self.slug_by_title.get(cited_title(title), "")

    def clause_anchor(self, slug: str, number_match: re.Match) -> str:
        """Anchor of the clause or box named after a title, "" when absent or ambiguous."""
        paren, article, box = number_match.groups()
        doc = self.documents[slug]
        if box:
            anchor = f"box-{cn_to_int(box)}"
            return anchor if doc.clause(anchor) else ""
        wanted = cn_to_int(paren or article)
        hits = [c for c in doc.clauses if c.kind != BOX and c.part == "" and _number_value(c) == wanted
                and c.style == ("paren-cn" if paren else "article")]
        return hits[0].anchor if len(hits) == 1 else ""


def _code(code: str) -> str:
    """GB/T 9704—2012 -> GB/T9704-2012: one spelling per standard."""
    return re.sub(r"[—–－]", "-", re.sub(r"\s", "", code))


def _number_value(clause: Clause) -> int | None:
    """The number of a （N） item or a 第N条 article, as a cited clause number names it."""
    return number_value(clause.style, clause.number) if clause.style in ("paren-cn", "article") else None


def find_references(doc: Document, catalog: TitleCatalog) -> list[Reference]:
    refs: list[Reference] = []
    for clause in doc.clauses:
        refs.extend(_clause_references(doc, clause, catalog))
    return refs


def _clause_references(doc: Document, clause: Clause, catalog: TitleCatalog) -> list[Reference]:
    text = clause.text
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, title: str, target_doc: str = "", target_anchor: str = ""):
        refs.append(Reference(doc.slug, clause.anchor, start, end, kind, title, target_doc, target_anchor))
        taken.append((start, end))

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for start, end in outermost_groups(text, "《", "》"):
        title = text[start + 1:end - 1]
        after = text[end:]
        code = re.match(r"[（(]\s?(" + STANDARD_CODE.pattern + r")\s?[）)]", after)
        if code:  # 《地表水环境质量标准》（GB3838-2002）: one standard, named by code and title
            add(start, end + code.end(), REF_STANDARD, f"{_code(code.group(1))} {cited_title(title)}")
            continue
        if normalize_title(title).endswith("标准"):
            add(start, end, REF_STANDARD, cited_title(title))
            continue
        slug = catalog.resolve(title)
        if not slug:
            add(start, end, REF_UNRESOLVED, cited_title(title))
            continue
        number = _CLAUSE_NUMBER.match(after)
        anchor = catalog.clause_anchor(slug, number) if number else ""
        if slug == doc.slug and not anchor:
            continue  # a document naming itself (its title line, its transmittal notice) links nowhere
        if anchor:
            add(start, end + number.end(), REF_CLAUSE, cited_title(title), slug, anchor)
        else:
            add(start, end, REF_DOCUMENT, cited_title(title), slug)

    if _ANY_CLAUSE_NUMBER.search(text) and catalog.bare_alias:
        for alias in catalog.bare_alias.finditer(text):
            number = _CLAUSE_NUMBER.match(text[alias.end():])
            if not number or not free(alias.start(), alias.end()):
                continue
            slug = catalog.slug_by_title[alias.group()]
            anchor = catalog.clause_anchor(slug, number)
            if anchor:
                add(alias.start(), alias.end() + number.end(), REF_CLAUSE, alias.group(), slug, anchor)

    for box in _BOX_MENTION.finditer(text):
        anchor = f"box-{cn_to_int(box.group(1))}"
        if free(box.start(), box.end()) and doc.clause(anchor):
            add(box.start(), box.end(), REF_BOX, box.group(), doc.slug, anchor)

    for code in STANDARD_CODE.finditer(text):
        if free(code.start(), code.end()):
            add(code.start(), code.end(), REF_STANDARD, _code(code.group()))

    return sorted(refs, key=lambda r: r.start)


def cited_titles(found: list[Facts]) -> list[CitedTitle]:
    """Titles the site cannot link (and standards), most cited first, for the 引用文件 page:
    from the facts found in each document."""
    mentions: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for facts in found:
        for ref in facts.references:
            if ref.kind in (REF_UNRESOLVED, REF_STANDARD):
                mentions[(ref.kind, ref.title)].append((ref.doc, ref.anchor))
    cited = [CitedTitle(title, kind, tuple(where)) for (kind, title), where in mentions.items()]
    return sorted(cited, key=lambda c: (c.kind != REF_UNRESOLVED, -len(c.mentions), c.title))


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[TitleCatalog, tuple]:
    catalog = TitleCatalog(docs)
    return catalog, (catalog.digest,)


def _find(doc: Document, catalog: TitleCatalog) -> Found:
    return Found({"references": find_references(doc, catalog)})


EXTRACTOR = Extractor("references", _reads, _find, versions=False)
