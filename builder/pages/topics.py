"""专题索引: a page per topic (its clauses, by document; a large topic's by jurisdiction, on pages
of their own), the A–Z index of topics, and data/topics.json."""
from __future__ import annotations

from dataclasses import dataclass

from ..extract.topics import pinyin_key, topics_a_to_z
from ..model import Document, Page, Topic, TopicTag, without_templates
from ..render import json_text, page_address, render_template
from ..render_links import Link, doc_page, href, topic_page
from ..site_names import FOLDER_INDEX, TOPICS_DIR
from .jurisdictions import by_year, jurisdiction_slugs
from . import Nav, PageKind
from .site import Listing, Site

# A topic page gives each document a heading, and each heading an entry in the table of
# contents, which Material writes into the page twice. Beyond this many documents the
# headings are years and the documents are list entries under them.
TOPIC_HEADINGS_MAX = 30
# A topic of more documents than TOPIC_HEADINGS_MAX gets an overview page (its clauses counted
# by jurisdiction) and a page of clauses per jurisdiction, or per jurisdiction and year when a
# jurisdiction has more than TOPIC_PAGE_MAX documents on it: a page a phone can load at any
# size of the library, and a document added or removed makes only its own part again.
TOPIC_PAGE_MAX = 100
UNDATED_PART = "undated"  # the file name of the year part of documents without a date


@dataclass(frozen=True)
class TopicPart:
    """One page of a large topic's clauses: a jurisdiction's documents, or one year's of them."""

    path: str
    jurisdiction: str
    year: str  # 2023年, 日期不详, or "" for all of a jurisdiction's documents
    docs: tuple[Document, ...]  # newest first


def topic_parts(topic: Topic, tagged: list[tuple[Document, list[TopicTag]]],
                groups: list[tuple[str, list[Document]]], names: list[str]) -> list[TopicPart]:
    """The pages of a topic past TOPIC_HEADINGS_MAX documents (none for a smaller one), in the
    site's order of jurisdictions, each jurisdiction's years newest first (names: as
    jurisdiction_slugs takes them)."""
    if len(tagged) <= TOPIC_HEADINGS_MAX:
        return []
    slugs = jurisdiction_slugs(names)
    on_topic = {doc.slug for doc, _ in tagged}
    parts = []
    for name, docs in groups:
        found = [doc for doc in docs if doc.slug in on_topic]
        folder = f"{TOPICS_DIR}/{topic.slug}/{slugs[name]}"
        if len(found) <= TOPIC_PAGE_MAX:
            parts += [TopicPart(f"{folder}.md", name, "", tuple(found))] if found else []
            continue
        for year, group in by_year(found):
            parts.append(TopicPart(f"{folder}/{group[0].meta.date[:4] or UNDATED_PART}.md", name, year, tuple(group)))
    return parts


def clause_groups(page: str, tagged: list[tuple[Listing, list[TopicTag]]]) -> list[dict]:
    """Each document's clauses on the topic, as page (a path in the docs folder) links to them."""
    return [{"title": doc.title, "slug": doc.slug, "href": href(page, doc_page(doc.slug)),
             "clauses": [{"link": Link(doc.labels[t.anchor], href(page, doc_page(doc.slug), t.anchor)),
                          "snippet": t.snippet, "keywords": t.keywords} for t in tags]}
            for doc, tags in tagged]


def topic_md(topic: Topic, *tagged: Listing | list[TopicTag]) -> str:
    """The page of a topic of at most TOPIC_HEADINGS_MAX documents: a heading per document.
    tagged: each document, then its tags of the topic, as arguments of their own (a
    document's Listing is shared by the pages listing it: its digest is made once per build)."""
    groups = clause_groups(topic_page(topic.slug), list(zip(tagged[::2], tagged[1::2])))
    return render_template("topic.md.j2", {"topic": topic, "part": "", "groups": groups, "years": [],
                                           "jurisdictions": [], "count": sum(len(g["clauses"]) for g in groups)})


def overview_md(topic: Topic, rows: list[tuple[str, str, str, int, int]]) -> str:
    """The overview of a large topic; rows: each part's (jurisdiction, year, path, documents,
    clauses), in the order of topic_parts."""
    page = topic_page(topic.slug)
    jurisdictions: dict[str, dict] = {}
    for name, year, path, docs, clauses in rows:
        row = jurisdictions.setdefault(name, {"name": name, "docs": 0, "clauses": 0, "href": "", "years": []})
        row["docs"] += docs
        row["clauses"] += clauses
        if year:
            row["years"].append({"year": year, "docs": docs, "href": href(page, path)})
            row["href"] = href(page, year_folder(path))
        else:
            row["href"] = href(page, path)
    return render_template("topic.md.j2", {"topic": topic, "part": "", "groups": [], "years": [],
                                           "jurisdictions": list(jurisdictions.values()),
                                           "count": sum(row[4] for row in rows)})


def years_md(topic: Topic, name: str, path: str, rows: list[tuple[str, str, int, int]]) -> str:
    """A jurisdiction's page of a large topic when its documents are split by year: rows are
    each year part's (year, path, documents, clauses). The address a part per jurisdiction had
    before its documents were split stays a page."""
    years = [{"year": year, "docs": docs, "href": href(path, part)} for year, part, docs, _ in rows]
    row = {"name": name, "docs": sum(r[2] for r in rows), "clauses": sum(r[3] for r in rows), "href": "", "years": years}
    return render_template("topic.md.j2", {"topic": topic, "part": name, "back": href(path, topic_page(topic.slug)),
                                           "groups": [], "years": [], "jurisdictions": [row], "count": row["clauses"]})


def part_md(topic: Topic, part: str, path: str, years: list[tuple[str, int]], *tagged: Listing | list[TopicTag]) -> str:
    """One part of a large topic (topic_parts; part: its jurisdiction and year as shown): a
    heading per document, or with years (each year and its number of documents, in order) a
    heading per year and the documents as list entries. tagged as in topic_md."""
    groups = clause_groups(path, list(zip(tagged[::2], tagged[1::2])))
    sections, start = [], 0
    for year, count in years:
        sections.append((year, groups[start:start + count]))
        start += count
    return render_template("topic.md.j2", {
        "topic": topic, "part": part, "back": href(path, topic_page(topic.slug)), "groups": groups, "years": sections,
        "jurisdictions": [], "count": sum(len(g["clauses"]) for g in groups)})


def index_context(site: Site) -> dict:
    page = topic_page(FOLDER_INDEX)
    letters = [(letter, [{"name": t.name, "href": href(page, topic_page(t.slug)), "count": site.topic_counts[t.slug],
                          "pinyin": pinyin_key(t.name)} for t in group])
               for letter, group in topics_a_to_z(site.topics)]
    return {"letters": letters}


@without_templates
def topics_data(topics: list[Topic], counts: list[int], site_url: str, *tagged: list[TopicTag]) -> str:
    """data/topics.json; tagged: each topic's tags, document by document (counts[i] documents'
    lists for topic i), the lists its page takes, so that their digests are made once."""
    lists = iter(tagged)
    by_topic = [[tag for _ in range(count) for tag in next(lists)] for count in counts]
    return json_text([{
        "slug": t.slug, "name": t.name, "pinyin": pinyin_key(t.name), "keywords": list(t.keywords),
        "url": page_address(site_url, topic_page(t.slug)),
        "clauses": [{"doc": tag.doc, "anchor": tag.anchor, "url": page_address(site_url, doc_page(tag.doc), tag.anchor),
                     "keywords": list(tag.keywords), "snippet": tag.snippet} for tag in tags],
    } for t, tags in zip(topics, by_topic)])


def pages(site: Site) -> list[Page]:
    found = [Page(topic_page(FOLDER_INDEX), render_template, ("topics_index.md.j2", index_context(site)))]
    for topic in site.topics:
        tagged = site.tagged[topic.slug]
        parts = topic_parts(topic, tagged, site.groups, site.jurisdiction_order)
        if not parts:
            newest_first = sorted(tagged, key=lambda found: found[0].meta.date, reverse=True)  # stable: then the site's order
            found.append(Page(topic_page(topic.slug), topic_md,
                              (topic, *(x for doc, tags in newest_first for x in (site.listings[doc.slug], tags)))))
            continue
        tags_of = {doc.slug: doc_tags for doc, doc_tags in tagged}
        rows = [(part.jurisdiction, part.year, part.path, len(part.docs), sum(len(tags_of[d.slug]) for d in part.docs))
                for part in parts]
        found.append(Page(topic_page(topic.slug), overview_md, (topic, rows)))
        for path, name in year_folders(parts).items():
            found.append(Page(path, years_md, (topic, name, path, [row[1:] for row in rows
                                                                   if row[0] == name and row[1]])))
        for part in parts:
            years = by_year(list(part.docs)) if len(part.docs) > TOPIC_HEADINGS_MAX else [("", list(part.docs))]
            found.append(Page(part.path, part_md,
                              (topic, " · ".join(filter(None, (part.jurisdiction, part.year))), part.path,
                               [(year, len(group)) for year, group in years if year],
                               *(x for _, group in years for doc in group for x in (site.listings[doc.slug], tags_of[doc.slug])))))
    found.append(Page("data/topics.json", topics_data,
                      (site.topics, [len(site.tagged[t.slug]) for t in site.topics], site.site_url,
                       *(tags for t in site.topics for _, tags in site.tagged[t.slug]))))
    return found


def year_folder(path: str) -> str:
    """The page of the jurisdiction a year part (path) belongs to: its folder's name .md."""
    return path.rsplit("/", 1)[0] + ".md"


def year_folders(parts: list[TopicPart]) -> dict[str, str]:
    """The page of each jurisdiction whose parts are years, and its name."""
    return {year_folder(part.path): part.jurisdiction for part in parts if part.year}


def nav(site: Site) -> Nav:
    """The index page and each topic's page; the parts of a large topic are reached from its page."""
    entries = [{"专题索引": [topic_page(FOLDER_INDEX)] + [{t.name: topic_page(t.slug)} for t in site.topics]}]
    hidden = []
    for topic in site.topics:
        parts = topic_parts(topic, site.tagged[topic.slug], site.groups, site.jurisdiction_order)
        hidden += [part.path for part in parts] + list(year_folders(parts))
    return entries, hidden


KIND = PageKind("topics", 30, pages, nav)
