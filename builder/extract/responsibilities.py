"""Who does what: responsibility notes at the end of tasks.

Two styles are in use:
- provincial action plans: （责任单位：省财政厅、省发展改革委。配合单位：…，各市县政府、…。）,
  also 牵头单位 for the lead;
- State Council documents: （工业和信息化部、发展改革委、科技部等负责。列第一位者为牵头单位，下同）,
  then （农业农村部、财政部等负责） — the first listed leads from that note on; without that
  rule every unit listed leads together, as in （农业农村部、工业和信息化部牵头负责）.

The task is the section the note ends (see extract.sections): the numbered item, not the
body paragraph the parser split from its run-in heading.

A task table (builder/tables.py) says it in columns: each row is a task, anchored at the row;
its 牵头单位/责任单位 cells name who leads, its 配合单位 cells who supports.
"""
from __future__ import annotations

import re

from builder import tables
from builder.extract.sections import section_anchors
from builder.config import SiteConfig, pinyin_slug
from builder.site_names import FOLDER_INDEX
from builder.extract import Extractor, Found
from builder.model import ROW, Agency, BuildWarning, Clause, Document, Responsibility
from builder.patterns import outermost_groups

_LEAD_LABELS = ("责任单位", "牵头单位", "负责单位")
_SUPPORT_LABELS = ("配合单位", "参与单位", "协办单位")
_LABEL = re.compile("(" + "|".join(_LEAD_LABELS + _SUPPORT_LABELS) + ")[：:]")
_STATE_COUNCIL = re.compile(
    r"^(?P<names>[^。，；：]+?)(?P<jointly>牵头)?负责(?:。(?P<rule>列第一位者为牵头单位)[，,]?下同)?。?$"
)
_NAME_SEPARATORS = re.compile(r"[、，,；;]")
_LONGEST_NAME = 30  # characters: longer "names" are sentences, not agencies
_LEADS_MARK = re.compile(r"[（(]?牵头[）)]?$")  # 区市场监管局（牵头） in a 责任单位 cell


class AgencyDirectory:
    """Canonical agencies from agencies.yml; names not listed get a pinyin slug and a warning."""

    def __init__(self, agencies: list[Agency]):
        self.by_slug: dict[str, Agency] = {a.slug: a for a in agencies}
        self.by_name: dict[str, Agency] = {}
        for agency in agencies:
            for name in (agency.name, *agency.aliases):
                self.by_name[name] = agency
        self.unlisted: set[str] = set()  # slugs of agencies not in agencies.yml

    def resolve(self, name: str) -> Agency:
        if name not in self.by_name:
            slug = pinyin_slug(name) or "agency"
            while slug in self.by_slug or slug == FOLDER_INDEX:  # another name read alike; the index page's
                slug += "-x"
            agency = Agency(slug=slug, name=name)
            self.by_name[name] = self.by_slug[slug] = agency
            self.unlisted.add(slug)
        return self.by_name[name]


def _names(listing: str) -> list[str]:
    names = [n.strip(" 。\u3000") for n in _NAME_SEPARATORS.split(listing)]
    names = [re.sub(r"等$", "", n) for n in names if n]
    return [n for n in names if n]


def parse_note(inside: str, first_listed_leads: bool) -> tuple[list[str], list[str], bool] | None:
    """(lead names, support names, declares first-listed rule) of one note, None if not a note."""
    inside = inside.strip()
    if _LABEL.match(inside):
        parts = _LABEL.split(inside)[1:]  # label, listing, label, listing …
        lead, support = [], []
        for label, listing in zip(parts[::2], parts[1::2]):
            (lead if label in _LEAD_LABELS else support).extend(_names(listing))
        return lead, support, False
    note = _STATE_COUNCIL.match(inside)
    if not note:
        return None
    names = _names(note.group("names"))
    if not names or any(len(n) > _LONGEST_NAME for n in names):
        return None
    declares = bool(note.group("rule"))
    if note.group("jointly") or not (first_listed_leads or declares):
        return names, [], declares
    return names[:1], names[1:], declares


def row_duties(row: Clause, table: Clause) -> tuple[list[str], list[str], str] | None:
    """(lead names, support names, the cells as a note) of a task table's row; None if the
    table names no unit or the row's lines could not be matched to its columns."""
    cols = tables.columns(table.cells)
    if len(row.cells) != len(cols) or not any(c.role in ("lead", "support") for c in cols):
        return None
    lead, support, note = [], [], []
    for header, col, cell in zip(table.cells, cols, row.cells):
        if col.role in ("lead", "support") and cell:
            names = _names(cell)
            # "区市场监管局（牵头）、区商务委" in a 责任单位 column: the marked unit leads, the rest support
            marked = any(_LEADS_MARK.search(name) for name in names)
            for name in names:
                leads = col.role == "lead" and (not marked or bool(_LEADS_MARK.search(name)))
                (lead if leads else support).append(_LEADS_MARK.sub("", name))
            note.append(f"{header}：{cell}")
    return lead, support, "；".join(note)


def find_responsibilities(doc: Document, directory: AgencyDirectory
                          ) -> tuple[list[Responsibility], list[BuildWarning]]:
    owner = section_anchors(doc)
    found: list[Responsibility] = []
    warnings: list[BuildWarning] = []
    first_listed_leads = False  # switched on by "列第一位者为牵头单位，下同"
    warned: set[str] = set()

    def add(clause: Clause, anchor: str, lead: list[str], support: list[str], note: str) -> None:
        for name in lead + support:
            # warn once in each document, where first seen: whatever other documents this process
            # (a worker, or the cache) read before, so that every build reports the same
            known = name in directory.by_name and directory.by_name[name].slug not in directory.unlisted
            if not known and name not in warned:
                warned.add(name)
                warnings.append(BuildWarning(
                    doc.source.name, clause.line, "unknown-agency",
                    f"单位“{name}”不在 site_config/agencies.yml 中",
                    "在该文件中添加此单位，或把这种写法添加为已列单位的别名（aliases）"))
        found.append(Responsibility(
            doc=doc.slug, anchor=anchor,
            lead=tuple(directory.resolve(n).slug for n in lead),
            support=tuple(directory.resolve(n).slug for n in support),
            note=note,
        ))

    for clause in doc.clauses:
        if clause.kind == ROW:
            if (duties := row_duties(clause, doc.clause(clause.parent))) and (duties[0] or duties[1]):
                add(clause, clause.anchor, *duties)
            continue
        for start, end in outermost_groups(clause.text, "（", "）"):
            note, inside = clause.text[start:end], clause.text[start + 1:end - 1]
            parsed = parse_note(inside, first_listed_leads)
            if parsed is None:
                continue
            lead, support, declares = parsed
            first_listed_leads = first_listed_leads or declares
            add(clause, owner.get(clause.anchor, clause.anchor), lead, support, note)
    return found, warnings


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[AgencyDirectory, tuple]:
    return AgencyDirectory(config.agencies), (config.agencies,)


def _find(doc: Document, directory: AgencyDirectory) -> Found:
    """The document's responsibilities, and the agencies they name: a unit agencies.yml does
    not list is known only to the directory of the process that found it (a worker's, or an
    earlier build's), so the build learns it from here."""
    found, warnings = find_responsibilities(doc, directory)
    named = sorted({slug for duty in found for slug in duty.lead + duty.support})
    return Found({"responsibilities": found, "agencies": [directory.by_slug[slug] for slug in named]}, warnings)


EXTRACTOR = Extractor("responsibilities", _reads, _find, versions=False)
