"""专题索引: a page per topic (its clauses, by document) and the A–Z index of topics, with
data/topics.json."""
from __future__ import annotations

from ..extract.topics import pinyin_key, topics_a_to_z
from ..model import Page, Topic, TopicTag, without_templates
from ..render import json_text, page_address, render_template
from ..render_links import Link, doc_page, href, topic_page
from ..site_names import FOLDER_INDEX
from . import Nav, PageKind
from .site import Listing, Site

# A topic page gives each document a heading, and each heading an entry in the table of
# contents, which Material writes into the page twice. Beyond this many documents the
# headings are the jurisdictions and the documents are list entries under them, so the
# table of contents stops growing with the library.
TOPIC_HEADINGS_MAX = 30


def topic_context(topic: Topic, tagged: list[tuple[Listing, list[TopicTag]]],
                  jurisdictions: list[tuple[str, list[str]]]) -> dict:
    """The template context of a topic's page: its clauses grouped by document (tagged: each
    document and its tags of the topic), and the documents by jurisdiction (each with its
    documents' slugs, in the site's order) when there are more than TOPIC_HEADINGS_MAX of them."""
    page = topic_page(topic.slug)
    groups = {}
    for doc, tags in tagged:
        items = [{"link": Link(doc.labels[t.anchor], href(page, doc_page(doc.slug), t.anchor)),
                  "snippet": t.snippet, "keywords": t.keywords} for t in tags]
        groups[doc.slug] = {"title": doc.title, "href": href(page, doc_page(doc.slug)), "clauses": items}
    by_jurisdiction = []
    if len(groups) > TOPIC_HEADINGS_MAX:
        for name, slugs in jurisdictions:
            found = [groups[slug] for slug in slugs if slug in groups]
            if found:
                by_jurisdiction.append((name, found))
    return {"topic": topic, "groups": list(groups.values()), "jurisdictions": by_jurisdiction,
            "count": sum(len(g["clauses"]) for g in groups.values())}


def topic_md(topic: Topic, jurisdictions: list[tuple[str, list[str]]], *tagged: Listing | list[TopicTag]) -> str:
    """tagged: each document, then its tags of the topic, as arguments of their own (a
    document's Listing is shared by the pages listing it: its digest is made once per build)."""
    return render_template("topic.md.j2", topic_context(topic, list(zip(tagged[::2], tagged[1::2])), jurisdictions))


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
    jurisdictions = [(name, [doc.slug for doc in docs]) for name, docs in site.groups]
    return [
        Page(topic_page(FOLDER_INDEX), render_template, ("topics_index.md.j2", index_context(site))),
        *(Page(topic_page(t.slug), topic_md,
               (t, jurisdictions, *(x for doc, tags in site.tagged[t.slug] for x in (site.listings[doc.slug], tags))))
          for t in site.topics),
        Page("data/topics.json", topics_data,
             (site.topics, [len(site.tagged[t.slug]) for t in site.topics], site.site_url,
              *(tags for t in site.topics for _, tags in site.tagged[t.slug]))),
    ]


def nav(site: Site) -> Nav:
    return [{"专题索引": [topic_page(FOLDER_INDEX)] + [{t.name: topic_page(t.slug)} for t in site.topics]}], []


KIND = PageKind("topics", 30, pages, nav)
