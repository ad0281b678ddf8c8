"""`make bench`: build synthetic libraries of N documents and measure where the time goes.

For each N: builder time by stage, site-generation time, peak RSS of the whole build (its
own process), site size, search payload, and the first-search latency and bytes in headless
Chromium. Prints a table and writes bench/results.json. Timings are wall-clock on whatever
machine runs this: compare runs on one machine, not across machines.

    python -m bench.run                 # N = 10, 100, 1000
    python -m bench.run --docs 10 100   # a quicker subset
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import clause_pool, generate
from bench.serve import CountingServer
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # the browser the tests drive

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
QUERY = "检验检测"  # a term from the middle of clauses, present in every library size
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
            search_bytes = sum(size for path, size in server.sent if any(s in path for s in SEARCH_PATHS))
            samples.append({"latency_s": (shown - loaded) / 1000, "search_bytes": search_bytes,
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
           "peak_rss_mib": build["peak_rss_mib"], "site_bytes": size, "site_files": files,
           "search_payload": search_payload(site), "first_search": first_search(site),
           "zensical": zensical_build(build_dir)}
    row["incremental"] = incremental(corpus, site, build_dir, builder_pass)
    return row


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def incremental(corpus: Path, site: Path, build_dir: Path, cold_builder_seconds: float) -> dict:
    """Edit one document after a full build, then time the builder pass that uses the parse
    cache, and check its output (build/docs) against a cold pass over the same edited corpus.
    The edit adds a sentence to the document's longest line, a clause: its words, its related
    sections and the pages showing them all change."""
    seeds = sorted((corpus / "seeds").glob("*.txt"))
    edited = seeds[len(seeds) // 2]
    lines = edited.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += "各地区要结合实际抓好落实，确保取得实效。"
    edited.write_text("\n".join(lines), encoding="utf-8")
    warm = run_build(corpus, site, build_dir, "--builder-only", fresh=())
    warm_docs = tree_digest(build_dir / "docs")
    cold_dir = build_dir.with_name(build_dir.name + "-cold")
    cold = run_build(corpus, site, cold_dir, "--builder-only", fresh=(cold_dir,))
    seconds = sum(warm["timings"].get(s, 0.0) for s in BUILDER_STAGES)
    cold_seconds = sum(cold["timings"].get(s, 0.0) for s in BUILDER_STAGES)
    return {"edited": edited.name, "parsed": warm["parsed"], "cached": warm["cached"],
            "builder_seconds": seconds, "timings": warm["timings"],
            "cold_builder_seconds_same_edit": cold_seconds,
            "share_of_cold": seconds / cold_builder_seconds,
            "identical_to_cold": warm_docs == tree_digest(cold_dir / "docs")}


def table(rows: dict[int, dict]) -> str:
    head = ("| N | clauses | config | ingest | parse | extract | render | builder | ms/doc (best pass) | mkdocs | search index "
            "| builder share | peak RSS | site | search payload | first result | search bytes |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, r in rows.items():
        t = r["timings"]
        fs = r["first_search"]
        lines.append(
            f"| {n:,} | {r['clauses']:,} | " + " | ".join(f"{t.get(s, 0.0):.2f} s" for s in BUILDER_STAGES)
            + f" | {r['builder_seconds']:.1f} s | {r['builder_ms_per_document']:.1f} | {t.get('mkdocs', 0):.1f} s"
            f" | {t.get('search', 0):.1f} s | {r['builder_share']:.0%} | {r['peak_rss_mib']:.0f} MiB"
            f" | {r['site_bytes'] / 2**20:.1f} MiB | {r['search_payload']['bytes'] / 2**20:.1f} MiB"
            f" ({r['search_payload']['engine']}) | {fs['latency_s']:.2f} s | {fs['search_bytes'] / 1024:.0f} KiB |")
    lines.append("\n| N | edited | parsed / cached | incremental builder pass | cold builder pass | share | output identical to cold |")
    lines.append("|---|---|---|---|---|---|---|")
    for n, r in rows.items():
        inc = r["incremental"]
        lines.append(f"| {n:,} | {inc['edited']} | {inc['parsed']} / {inc['cached']} | {inc['builder_seconds']:.2f} s"
                     f" | {r['builder_pass_best_seconds']:.2f} s | {inc['share_of_cold']:.0%} | {inc['identical_to_cold']} |")
    zensical = [f"N={n}: {r['zensical']['seconds']:.1f} s" for n, r in rows.items() if r["zensical"]["status"] == "ok"]
    if zensical:
        lines.append("\n`zensical build` on the same Markdown: " + ", ".join(zensical))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default: {RESULTS.name})")
    args = parser.parse_args()
    pool = clause_pool()
    results = {"machine": machine(), "query": QUERY, "sizes": {}}
    for n in args.docs:
        print(f"N={n} ...", file=sys.stderr, flush=True)
        results["sizes"][n] = measure(n, pool)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results["sizes"]))
    m = results["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
          f"load average {m['load_average_at_start']:.1f} at start")


if __name__ == "__main__":
    main()
