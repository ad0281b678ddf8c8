"""Tag each section with the topics of site_config/topics.yml whose keywords it contains.

Rule: a topic applies when one of its keywords is in the section's title, or occurs at least
twice in the text, or once in a short text. A single passing mention in a long paragraph
(检测 in a paragraph about standards) is not what the paragraph is about.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from pypinyin import lazy_pinyin

from builder.config import SiteConfig
from builder.extract import Extractor, Found
from builder.extract.sections import Section, sections
from builder.model import Document, Topic, TopicTag

SHORT_TEXT = 120  # characters: below this one mention is enough
SNIPPET_BEFORE, SNIPPET_AFTER = 20, 60


class TopicTagger:
    def __init__(self, topics: list[Topic]):
        self.topics = topics
        # One alternation per topic, longest keyword first, so 检验检测 counts once, not also as 检测.
        self.patterns = {
            t.slug: re.compile("|".join(map(re.escape, sorted(t.keywords, key=len, reverse=True))))
            for t in topics
        }

    def tag_section(self, section: Section) -> list[TopicTag]:
        tags = []
        for topic in self.topics:
            pattern = self.patterns[topic.slug]
            hits = list(pattern.finditer(section.text))
            in_title = bool(section.title and pattern.search(section.title))
            if not (in_title or len(hits) >= 2 or (hits and len(section.text) < SHORT_TEXT)):
                continue
            counts = Counter(h.group() for h in hits)
            tags.append(TopicTag(
                doc=section.doc,
                anchor=section.anchor,
                topic=topic.slug,
                keywords=tuple(k for k, _ in counts.most_common()),
                snippet=_snippet(section.text, hits[0].start(), hits[0].end()),
            ))
        return tags

    def tag(self, doc: Document) -> list[TopicTag]:
        return [tag for section in sections(doc) for tag in self.tag_section(section)]


def _snippet(text: str, start: int, end: int) -> str:
    """The words around a keyword, from the start of its sentence when that is near, on one line."""
    left = max(0, start - SNIPPET_BEFORE)
    sentence_start = max(text.rfind(mark, left, start) for mark in "。；\n")
    if sentence_start >= 0:
        left = sentence_start + 1
    right = min(len(text), end + SNIPPET_AFTER)
    return ("…" if left else "") + text[left:right].replace("\n", " ").strip() + ("…" if right < len(text) else "")


@cache  # the same few topic and agency names, sorted and shown on several pages of every build
def pinyin_key(name: str) -> str:
    """Sort key in pinyin (A–Z) order: 标准化 -> 'biao zhun hua'."""
    return " ".join(lazy_pinyin(name))


def topics_a_to_z(topics: list[Topic]) -> list[tuple[str, list[Topic]]]:
    """Topics grouped under the initial of their pinyin, both in pinyin order."""
    groups: dict[str, list[Topic]] = {}
    for topic in sorted(topics, key=lambda t: pinyin_key(t.name)):
        groups.setdefault(pinyin_key(topic.name)[0].upper(), []).append(topic)
    return list(groups.items())


def _reads(config: SiteConfig, docs: list[Document]) -> tuple[TopicTagger, tuple]:
    return TopicTagger(config.topics), (config.topics,)


def _find(doc: Document, tagger: TopicTagger) -> Found:
    return Found({"topic_tags": tagger.tag(doc)})


EXTRACTOR = Extractor("topics", _reads, _find, versions=False)
