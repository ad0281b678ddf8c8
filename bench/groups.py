"""How the size of the search groups trades the first query's bytes against an edit's re-index.

    python -m bench.groups <corpus folder> [documents per group …]

The corpus is one `make bench` built (bench/work/1000: its seeds, site and build folder). For
each group size the search index of the same documents is made again in a copy of the site,
with no cap on the number of groups (builder.pagefind.MAX_SHARDS lifted), and measured: the
number of bundles, the time Pagefind takes for the largest group (what an edit in it waits for),
and the first search in a cold browser (bench.run.first_search: latency,
bytes, bytes by kind of file). Prints one JSON object; the README's extrapolation reads it.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import builder.pagefind as pagefind
from bench.run import first_search
from builder.build import prepare
from builder.publish import link_tree
from builder.site_names import PAGEFIND_DIR

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    corpus = Path(sys.argv[1])
    sizes = sorted(int(a) for a in sys.argv[2:]) or [63, 125, 250, 500, 1000]
    prepared = prepare(corpus / "seeds", corpus / "site_config", corpus / "site", corpus / "build",
                       ROOT / "mkdocs.yml", log=lambda *_: None)
    docs = prepared.result.documents
    topics = pagefind.section_topics(docs, prepared.result.facts, {t.slug: t.name for t in prepared.config.topics})
    pagefind.MAX_SHARDS = 1 << 20  # the sizes measured here, not the cap
    timed: list[tuple[int, float]] = []
    index_shard = pagefind.index_shard

    def timed_index(records, bundle):
        started = time.perf_counter()
        index_shard(records, bundle)
        timed.append((len(records), time.perf_counter() - started))

    pagefind.index_shard = timed_index
    rows = []
    with tempfile.TemporaryDirectory(dir=corpus) as scratch:
        for size in sizes:
            site, store = Path(scratch) / f"site-{size}", Path(scratch) / f"store-{size}"
            link_tree(corpus / "site", site)
            shutil.rmtree(site / PAGEFIND_DIR)
            timed.clear()
            started = time.perf_counter()
            indexed = pagefind.index_groups(docs, topics, store, size)
            pagefind.assemble(site, [store / key for key in indexed.shards])
            pagefind.write_pinyin(pagefind.pinyin_readings(docs), site)
            seconds = time.perf_counter() - started
            largest = max(timed)
            search = first_search(site)
            rows.append({"documents_per_group": size, "groups": len(indexed.shards),
                         "index_seconds": seconds, "largest_group_documents": largest[0],
                         "largest_group_seconds": largest[1],
                         "first_search": search})
            print(f"{size}: {rows[-1]['groups']} groups, largest {largest[0]} docs in {largest[1]:.1f} s, "
                  f"first query {search['search_bytes'] / 1024:.0f} KiB in {search['latency_s']:.2f} s",
                  file=sys.stderr, flush=True)
            shutil.rmtree(site)
            shutil.rmtree(store)
    print(json.dumps({"documents": len(docs), "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
