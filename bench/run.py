"""`make bench`: build synthetic libraries of N documents and measure where the time goes.

For each N: builder time by stage, site-generation time, peak RSS of the whole build (its
largest process) and the peak of all its processes together (the search index is made in a
forked process beside MkDocs), site size, search payload, and the first-search latency and bytes in headless
Chromium. Prints a table and writes bench/results.json. Timings are wall-clock on whatever
machine runs this: compare runs on one machine, not across machines.

    python -m bench.run                 # N = 10, 100, 1000
    python -m bench.run --docs 10 100   # a quicker subset
    python -m bench.run --large         # N = 10,000 (make bench-large): bench/results-large.json

End to end (`python -m builder build`, as `make site` runs it): after the full build, one clause
is edited, one document added, one removed, and after each the incremental build is timed
against a build from nothing of the same input, and its site compared with that one's: every
file outside the search bundles byte for byte (build dates aside), and the answers of the box
to the bench queries. A difference is printed as MISMATCH.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench.generate import clause_pool, generate
from bench.serve import CountingServer
from builder.publish import SITE_MARKER
from builder.site_names import PAGEFIND_DIR
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # the browser the tests drive
from tests.browser.test_search import QUERIES, search

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
RESULTS_LARGE = ROOT / "bench" / "results-large.json"
LARGE = 10_000
QUERY = "检验检测"  # a term from the middle of clauses, present in every library size
# the queries whose answers an incremental site must share with a cold one: QUERY and a spread
# of the test queries (terms, phrases, near misses, partial matches)
BENCH_QUERIES = [QUERY] + [item["q"] for item in QUERIES[::8]]
BUILD_DATE = re.compile(rb"<lastmod>[^<]*</lastmod>")  # MkDocs' sitemap: the day of the build
BROWSER_RUNS = 3
BUILDER_PASSES = 3
BUILDER_STAGES = ("config", "ingest", "parse", "extract", "render")
SEARCH_PATHS = ("/search/", "/pagefind/", "/workers/search")  # requests that serve search, not the page

# Set before the page loads; records when the first result is in the DOM (performance.now()).
WATCH_FIRST_RESULT = """() => { window.__firstResult = null;
  new MutationObserver((_, obs) => {
    if (document.querySelector('.md-search-result__item')) { window.__firstResult = performance.now(); obs.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true}); }"""


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def search_payload(site: Path) -> dict:
    """What the search engine put in the site: Material's one JSON index, or Pagefind's chunks."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return {"engine": "material", "bytes": material.stat().st_size, "files": 1}
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        size, count = folder_bytes(pagefind)
        return {"engine": "pagefind", "bytes": size, "files": count}
    return {"engine": "none", "bytes": 0, "files": 0}


def run_build(corpus: Path, site: Path, build_dir: Path, *flags: str, fresh: tuple[Path, ...] | None = None) -> dict:
    """One build in its own process; the folders in fresh (default: site and build_dir, which
    holds the parse cache) are deleted first."""
    for folder in (site, build_dir) if fresh is None else fresh:
        if folder.exists():
            shutil.rmtree(folder)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.build_once", str(corpus), str(site), str(build_dir), *flags],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build of {corpus} failed:\n{proc.stderr[-4000:]}")
    measured = json.loads(proc.stdout)
    measured["process_seconds"] = wall  # includes Python start-up and imports
    return measured


def first_search(site: Path, query: str = QUERY, runs: int = BROWSER_RUNS) -> dict:
    """Median over fresh browser contexts (cold cache) of: load event -> first result shown."""
    from playwright.sync_api import sync_playwright

    samples = []
    with CountingServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            server.reset()
            page.goto(server.url, wait_until="load")
            page_bytes = sum(size for _, size in server.sent)
            page.evaluate(WATCH_FIRST_RESULT)
            loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(query)
            box.press("End")  # Material's search listens to keyup
            page.wait_for_function("window.__firstResult !== null", timeout=120_000)
            shown = page.evaluate("window.__firstResult")
            searched = [(path, size) for path, size in server.sent if any(s in path for s in SEARCH_PATHS)]
            search_bytes = sum(size for _, size in searched)
            by_kind: dict[str, int] = {}
            for path, size in searched:  # pf_meta, pf_index, pf_fragment, the module, the wasm …
                kind = path.rsplit("/", 1)[-1].rsplit(".", 1)[-1]
                by_kind[kind] = by_kind.get(kind, 0) + size
            samples.append({"latency_s": (shown - loaded) / 1000, "search_bytes": search_bytes,
                            "search_bytes_by_kind": by_kind, "search_requests": len(searched),
                            "total_bytes": sum(size for _, size in server.sent), "page_bytes": page_bytes,
                            "requests": len(server.sent)})
            context.close()
        browser.close()
    median = statistics.median(s["latency_s"] for s in samples)
    chosen = min(samples, key=lambda s: abs(s["latency_s"] - median))
    return {"query": query, "runs": [round(s["latency_s"], 3) for s in samples], **chosen}


def zensical_build(build_dir: Path) -> dict:
    """Time `zensical build` on the Markdown and mkdocs.yml the builder generated for MkDocs.

    Zensical 0.0.73 panics on absolute docs_dir/site_dir/custom_dir, which build/mkdocs.yml
    has, so the same files are copied into a project with relative paths.
    """
    zensical = os.environ.get("ZENSICAL") or shutil.which("zensical")
    zensical = zensical and str(Path(zensical).resolve())  # it runs in the project folder
    if not zensical:
        return {"status": "not installed"}
    import yaml

    project = build_dir.parent / "zensical"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(build_dir / "docs", project / "docs")
    settings = yaml.safe_load((build_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = settings.get("theme", {})
    if theme.get("custom_dir"):
        shutil.copytree(theme["custom_dir"], project / "overrides")
        theme["custom_dir"] = "overrides"
    settings.update(docs_dir="docs", site_dir="site")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")
    version = subprocess.run([zensical, "--version"], capture_output=True, text=True).stdout.strip()
    started = time.perf_counter()
    proc = subprocess.run([zensical, "build", "-f", "mkdocs.yml"], cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        return {"status": "failed", "version": version, "error": (proc.stderr or proc.stdout).strip()[-500:]}
    size, files = folder_bytes(project / "site")
    return {"status": "ok", "version": version, "seconds": seconds, "site_bytes": size, "site_files": files}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(terse=True),
            "load_average_at_start": os.getloadavg()[0]}


def measure(n: int, pool) -> dict:
    corpus = WORK / str(n)
    generate(n, corpus, pool)
    site, build_dir = corpus / "site", corpus / "build"
    # The builder's per-document cost is compared across N, so it is the best of a few passes:
    # on a shared machine a single pass mostly measures the neighbours.
    passes = [run_build(corpus, site, build_dir, "--builder-only") for _ in range(BUILDER_PASSES)]
    builder_pass = min(sum(p["timings"].get(s, 0.0) for s in BUILDER_STAGES) for p in passes)
    build = run_build(corpus, site, build_dir)
    timings = build["timings"]
    builder = sum(timings.get(stage, 0.0) for stage in BUILDER_STAGES)
    site_generation = timings.get("mkdocs", 0.0) + timings.get("search", 0.0)
    size, files = folder_bytes(site)
    row = {"documents": build["documents"], "clauses": build["clauses"], "timings": timings,
           "builder_seconds": builder, "site_generation_seconds": site_generation,
           "builder_share": builder / (builder + site_generation),
           "builder_pass_best_seconds": builder_pass, "builder_ms_per_document": 1000 * builder_pass / n,
           "build_seconds": build["seconds"],
           "peak_rss_mib": build["peak_rss_mib"], "peak_memory_mib": build["peak_memory_mib"],
           "site_bytes": size, "site_files": files,
           "search_payload": search_payload(site), "first_search": first_search(site),
           "zensical": zensical_build(build_dir)}
    row["end_to_end"] = end_to_end(corpus, site, build_dir, pool, n)
    row["incremental"] = incremental(corpus, site, build_dir, builder_pass)
    return row


def measure_large(n: int, pool, smaller: dict | None) -> dict:
    """bench-large: the cold build (time, peak RSS, cost per document against `smaller`, the
    N=1,000 row of results.json), the first search, and a one-clause edit end to end."""
    corpus = WORK / str(n)
    generate(n, corpus, pool)
    site, build_dir = corpus / "site", corpus / "build"
    build = run_build(corpus, site, build_dir)
    row = {"documents": build["documents"], "clauses": build["clauses"], "timings": build["timings"],
           "build_seconds": build["process_seconds"], "seconds_per_document": build["process_seconds"] / n,
           "peak_rss_mib": build["peak_rss_mib"], "peak_memory_mib": build["peak_memory_mib"],
           "search_shards": build["search_shards"],
           "search_payload": search_payload(site), "first_search": first_search(site)}
    if smaller:
        cold = smaller["end_to_end"]["edit"]["cold_seconds"] / smaller["documents"]
        row["per_document_vs_smaller"] = row["seconds_per_document"] / cold
    # a second cold build of 10,000 documents to compare with would take as long again: the
    # share is against the cold build above, and the site is compared at N <= 1,000
    row["end_to_end"] = {"edit": change_and_build(corpus, site, build_dir, edit_one_clause, cold=None)}
    row["end_to_end"]["edit"]["share_of_cold"] = row["end_to_end"]["edit"]["seconds"] / build["process_seconds"]
    return row


def published_files(site: Path) -> dict[str, str]:
    """Digest of every file of the site outside the search bundles (compared by their groups,
    shards.json, and by the box's answers), the day of the build left out."""
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.name == SITE_MARKER or (
                relative.startswith(f"{PAGEFIND_DIR}/") and relative.count("/") > 1):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)  # its header holds the time it was written
        files[relative] = hashlib.sha256(BUILD_DATE.sub(b"", data)).hexdigest()
    return files


def search_answers(site: Path, queries: list[str]) -> dict[str, list[str]]:
    """The clauses the header box lists for each query (the browser tests' way of asking)."""
    from playwright.sync_api import sync_playwright

    with CountingServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url)
        answers = {q: search(page, server.url, q) for q in queries}
        browser.close()
    return answers


def compare_sites(site: Path, cold_site: Path) -> dict:
    """An incremental site against a cold one; a difference is printed loudly."""
    warm_files, cold_files = published_files(site), published_files(cold_site)
    pages = sorted(f for f in warm_files.keys() | cold_files.keys() if warm_files.get(f) != cold_files.get(f))
    warm_answers, cold_answers = search_answers(site, BENCH_QUERIES), search_answers(cold_site, BENCH_QUERIES)
    queries = [q for q in BENCH_QUERIES if warm_answers[q] != cold_answers[q]]
    if pages or queries:
        print(f"MISMATCH: {site} differs from a cold build: {len(pages)} files ({', '.join(pages[:5])}), "
              f"{len(queries)} queries ({', '.join(queries[:5])})", file=sys.stderr, flush=True)
    return {"pages_identical": not pages, "files_compared": len(warm_files), "differing_files": pages[:20],
            "search_identical": not queries, "queries_compared": len(BENCH_QUERIES), "differing_queries": queries}


def change_and_build(corpus: Path, site: Path, build_dir: Path, change, cold: Path | None) -> dict:
    """change(corpus), then `python -m builder build` with what the last build kept, timed
    from process start to exit; with cold (a folder), a build from nothing of the same input
    there too, and the two sites compared."""
    anchors = corpus / "anchors-before.json"  # the cold build reports disappeared anchors against the same
    shutil.copy(site / "data" / "anchors.json", anchors)
    what = change(corpus)
    warm = run_build(corpus, site, build_dir, fresh=())
    row = {"change": what, "seconds": warm["process_seconds"], "timings": warm["timings"],
           "search_shards": warm["search_shards"], "search_indexed": warm["search_indexed"]}
    if cold is not None:
        reference = run_build(corpus, cold / "site", cold / "build", "--previous", str(anchors))
        row.update(cold_seconds=reference["process_seconds"], share_of_cold=warm["process_seconds"]
                   / reference["process_seconds"], **compare_sites(site, cold / "site"))
    return row


def edit_one_clause(corpus: Path) -> str:
    """A sentence added to the longest line (a clause) of the middle document: its words, its
    related sections and the pages showing them all change."""
    seeds = sorted((corpus / "seeds").glob("*.txt"))
    edited = seeds[len(seeds) // 2]
    lines = edited.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += "各地区要结合实际抓好落实，确保取得实效。"
    edited.write_text("\n".join(lines), encoding="utf-8")
    return f"edit {edited.name}"


def documents_yml(corpus: Path, change) -> None:
    path = corpus / "site_config" / "documents.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["documents"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_document(pool, n: int):
    """A change adding the document the generator makes next (the n first are the same for any n)."""
    def add(corpus: Path) -> str:
        spare = corpus.parent / f"{corpus.name}-spare"
        entry = generate(n + 1, spare, pool)[-1]
        shutil.copy(spare / "seeds" / entry["source"], corpus / "seeds" / entry["source"])
        shutil.rmtree(spare)
        documents_yml(corpus, lambda documents: documents.append(entry))
        return f"add {entry['source']}"
    return add


def remove_document(corpus: Path) -> str:
    """The document a third of the way through the list, and its entry, removed; documents
    implementing it lose the relation (as a maintainer would edit documents.yml)."""
    seeds = sorted((corpus / "seeds").glob("*.txt"))
    removed = seeds[len(seeds) // 3]
    removed.unlink()

    def drop(documents: list) -> None:
        slug = next(d["slug"] for d in documents if d["source"] == removed.name)
        documents[:] = [d for d in documents if d["source"] != removed.name]
        for d in documents:
            implements = (d.get("relations") or {}).get("implements") or []
            if slug in implements:
                implements.remove(slug)
                if not implements:
                    del d["relations"]
    documents_yml(corpus, drop)
    return f"remove {removed.name}"


def end_to_end(corpus: Path, site: Path, build_dir: Path, pool, n: int) -> dict:
    """After the full build: a clause edited, a document added, one removed; each built end to
    end with what the previous build kept, against a build from nothing of the same input."""
    cold = corpus / "cold"
    return {name: change_and_build(corpus, site, build_dir, change, cold)
            for name, change in (("edit", edit_one_clause), ("add", add_document(pool, n)), ("remove", remove_document))}


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def incremental(corpus: Path, site: Path, build_dir: Path, cold_builder_seconds: float) -> dict:
    """Edit one document after a full build (edit_one_clause), then time the builder pass that
    uses the parse cache, and check its output (build/docs) against a cold pass over the same
    edited corpus."""
    edited = edit_one_clause(corpus).removeprefix("edit ")
    warm = run_build(corpus, site, build_dir, "--builder-only", fresh=())
    warm_docs = tree_digest(build_dir / "docs")
    cold_dir = build_dir.with_name(build_dir.name + "-cold")
    cold = run_build(corpus, site, cold_dir, "--builder-only", fresh=(cold_dir,))
    seconds = sum(warm["timings"].get(s, 0.0) for s in BUILDER_STAGES)
    cold_seconds = sum(cold["timings"].get(s, 0.0) for s in BUILDER_STAGES)
    return {"edited": edited, "parsed": warm["parsed"], "cached": warm["cached"],
            "builder_seconds": seconds, "timings": warm["timings"],
            "cold_builder_seconds_same_edit": cold_seconds,
            "share_of_cold": seconds / cold_builder_seconds,
            "identical_to_cold": warm_docs == tree_digest(cold_dir / "docs")}


def table(rows: dict[int, dict]) -> str:
    head = ("| N | clauses | config | ingest | parse | extract | render | builder | ms/doc (best pass) | mkdocs | search index "
            "| builder share | peak RSS | all processes | site | search payload | first result | search bytes |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, r in rows.items():
        t = r["timings"]
        fs = r["first_search"]
        lines.append(
            f"| {n:,} | {r['clauses']:,} | " + " | ".join(f"{t.get(s, 0.0):.2f} s" for s in BUILDER_STAGES)
            + f" | {r['builder_seconds']:.1f} s | {r['builder_ms_per_document']:.1f} | {t.get('mkdocs', 0):.1f} s"
            f" | {t.get('search', 0):.1f} s | {r['builder_share']:.0%} | {r['peak_rss_mib']:.0f} MiB"
            f" | {r['peak_memory_mib']:.0f} MiB"
            f" | {r['site_bytes'] / 2**20:.1f} MiB | {r['search_payload']['bytes'] / 2**20:.1f} MiB"
            f" ({r['search_payload']['engine']}) | {fs['latency_s']:.2f} s | {fs['search_bytes'] / 1024:.0f} KiB |")
    lines.append("\n| N | edited | parsed / cached | incremental builder pass | cold builder pass | share | output identical to cold |")
    lines.append("|---|---|---|---|---|---|---|")
    for n, r in rows.items():
        inc = r["incremental"]
        lines.append(f"| {n:,} | {inc['edited']} | {inc['parsed']} / {inc['cached']} | {inc['builder_seconds']:.2f} s"
                     f" | {r['builder_pass_best_seconds']:.2f} s | {inc['share_of_cold']:.0%} | {inc['identical_to_cold']} |")
    lines.append("\nEnd to end (`python -m builder build`, process start to exit), after the full build:")
    lines.append("| N | change | incremental build | cold build | share | search groups indexed | pages identical | search identical |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for n, r in rows.items():
        for e in r["end_to_end"].values():
            lines.append(f"| {n:,} | {e['change']} | {e['seconds']:.1f} s | {e['cold_seconds']:.1f} s | {e['share_of_cold']:.0%}"
                         f" | {e['search_indexed']} of {e['search_shards']} | {e['pages_identical']} ({e['files_compared']:,} files)"
                         f" | {e['search_identical']} ({e['queries_compared']} queries) |")
    zensical = [f"N={n}: {r['zensical']['seconds']:.1f} s" for n, r in rows.items() if r["zensical"]["status"] == "ok"]
    if zensical:
        lines.append("\n`zensical build` on the same Markdown: " + ", ".join(zensical))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--large", action="store_true", help=f"N = {LARGE:,} only, to {RESULTS_LARGE.name}")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default: {RESULTS.name})")
    args = parser.parse_args()
    pool = clause_pool()
    if args.large:
        return main_large(pool)
    results = {"machine": machine(), "query": QUERY, "sizes": {}}
    for n in args.docs:
        print(f"N={n} ...", file=sys.stderr, flush=True)
        results["sizes"][n] = measure(n, pool)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results["sizes"]))
    m = results["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
          f"load average {m['load_average_at_start']:.1f} at start")


def main_large(pool) -> None:
    smaller = json.loads(RESULTS.read_text(encoding="utf-8"))["sizes"].get("1000") if RESULTS.is_file() else None
    print(f"N={LARGE} ...", file=sys.stderr, flush=True)
    results = {"machine": machine(), "query": QUERY, "sizes": {LARGE: measure_large(LARGE, pool, smaller)}}
    RESULTS_LARGE.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    r, fs = results["sizes"][LARGE], results["sizes"][LARGE]["first_search"]
    edit = r["end_to_end"]["edit"]
    print(f"N={LARGE:,}: cold build {r['build_seconds']:.0f} s ({1000 * r['seconds_per_document']:.0f} ms/doc"
          + (f", {r['per_document_vs_smaller']:.2f} x N=1,000" if "per_document_vs_smaller" in r else "")
          + f"), peak RSS {r['peak_rss_mib']:.0f} MiB ({r['peak_memory_mib']:.0f} MiB all processes together), "
          f"{r['search_shards']} search groups; first result "
          f"{fs['latency_s']:.2f} s, {fs['search_bytes'] / 1024:.0f} KiB; one-clause edit end to end "
          f"{edit['seconds']:.1f} s ({edit['share_of_cold']:.0%} of the cold build), {edit['search_indexed']} group indexed")


if __name__ == "__main__":
    main()
