"""Search figures for BENCHMARKS.md: index size per language, time to the first result on a slow phone.

Not a test: the times depend on the machine. Run after ./scripts/build:

    .venv/bin/python -m scripts.benchmark.search

The site is served as scripts/benchmark/site_speed.py serves it (gzip, the hosting example's cache headers).
Chromium runs with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), first on the local network,
then also on the slow network of scripts/benchmark/site_speed.py. For each language a reader opens search on a
page and types a word at once ("first result": the index is downloaded, read and searched), then
types another word ("next query"). Times are from the tap on the search button (or the key) to the
results being on screen, medians of several runs. The stock Material index of the same content is
measured for comparison.
"""
from __future__ import annotations

import copy
import datetime as dt
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import yaml
from playwright.sync_api import Browser, sync_playwright

from scripts.benchmark.common import CPU_SLOWDOWN, SLOW_NETWORK, launch_chromium, plain_build, serve
from scripts.search import search_index
from scripts.search.search_text import Analyzer, load_rules
from scripts.site.languages import ROOT, codes, default_code, language_prefix

OUTPUT = ROOT / "BENCHMARKS.md"
RUNS = 7
QUERIES = {   # first query, next query: words readers type (from tests/fixtures/search-queries.yaml)
    "en": ("lost my pasport", "migration card"),
    "ru": ("миграционную карту", "пасспорт потерял"),
    "ky": ("паспортумду жоготтум", "кургак учук"),
    "tg": ("хуччатхо", "корти мухочират"),
    "uz": ("ҳужжатлар", "migratsiya kartasi"),
}

# Runs in the page: tap the search button, type the query, wait until its results are painted.
TYPE_AND_WAIT = """async ([query, tap]) => {
    const list = document.querySelector('.md-search-result__list')
    const box = document.querySelector('[data-md-component=search-query]')
    const start = performance.now()
    if (tap) document.querySelector('label.md-header__button[for=__search]').click()
    box.focus()
    box.value = query
    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}))
    await new Promise(done => {
        const check = () => window.PortalSearch && PortalSearch.answered === query && list.children.length
            ? done() : requestAnimationFrame(check)
        check()
    })
    await new Promise(done => requestAnimationFrame(() => setTimeout(done)))
    return {ms: performance.now() - start, setup: PortalSearch.timings.setup, query: PortalSearch.timings.query,
            groups: list.children.length}
}"""


# Ways of matching words, measured on the relevance suite: (label, rules change, engine options).
STRATEGIES = [
    ("words as typed: no endings removed, whole words only", "no-stem",
     {"prefix": False, "reverse": False, "typos": False}),
    ("stock Material's way: no endings removed, every word a prefix", "no-stem",
     {"prefix": True, "reverse": False, "typos": False}),
    ("endings removed (Snowball for Russian, suffix lists for the others), whole keys only", None,
     {"prefix": False, "reverse": False, "typos": False}),
    ("endings removed + prefixes", None, {"prefix": True, "reverse": False, "typos": False}),
    ("chosen: endings removed + prefixes both ways + typos", None, {}),
    ("chosen, but no Russian-keyboard folding and no Uzbek transliteration", "no-fold", {}),
]


def variant_rules(change: str | None) -> dict:
    rules = copy.deepcopy(load_rules())
    for language in rules["languages"].values():
        if change == "no-stem":
            language["stem"] = "none"
        if change == "no-fold":
            language.pop("translit", None)
            language["fold"] = [name for name in language.get("fold", []) if name == "apostrophe"]
    return rules


def site_documents() -> dict[str, list[search_index.Document]]:
    """The documents of every language, as the build gives them to the index (a build in this process)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    captured: dict[str, list[search_index.Document]] = {}
    original = search_index.build

    def capture(documents, language, rules=None):
        captured[language] = list(documents)
        return original(documents, language, rules)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(search_index, "build", capture):
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=folder))
    return captured


def trigram_sizes(documents: dict[str, list[search_index.Document]]) -> dict[str, dict[str, int]]:
    """The alternative not chosen: the same documents indexed by trigrams of their folded words."""
    sizes = {}
    for language, docs in documents.items():
        analyzer = Analyzer(language)
        grams: dict[str, list[int]] = {}
        for number, document in enumerate(docs):
            found = set()
            for text in (document.title, document.context, document.text, document.extra):
                for token in analyzer.tokens(text):
                    word = analyzer.fold(analyzer.normalize(token.surface))
                    if word not in analyzer.stopwords:
                        padded = f" {word} "
                        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
            for gram in found:
                grams.setdefault(gram, []).append(number)
        packed = {g: [(n - p) * 8 + 1 for p, n in zip([0, *numbers[:-1]], numbers)] for g, numbers in grams.items()}
        ours = search_index.build(docs, language)["keys"]
        gz = lambda keys: len(gzip.compress(json.dumps(keys, ensure_ascii=False, separators=(",", ":")).encode(), 9))  # noqa: E731
        sizes[language] = {"keys": len(ours), "postings": sum(map(len, ours.values())), "gzip": gz(ours),
                           "trigrams": len(grams), "trigram_postings": sum(map(len, grams.values())),
                           "trigram_gzip": gz(packed)}
    return sizes


def relevance_by_strategy(documents: dict[str, list[search_index.Document]]
                          ) -> tuple[list[tuple[str, dict[str, int]]], dict[str, int]]:
    queries = yaml.safe_load((ROOT / "tests" / "fixtures" / "search-queries.yaml").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        for label, change, options in STRATEGIES:
            rules = variant_rules(change)
            for language, docs in documents.items():
                index = search_index.build(docs, language, rules)
                (work / f"{language}.js").write_text(search_index.script(index), encoding="utf-8")
            (work / "options.json").write_text(json.dumps(options), encoding="utf-8")
            done = subprocess.run(["node", str(ROOT / "tests" / "js" / "search-relevance.js"), str(work),
                                   str(work / "queries.json"), str(work / "options.json")],
                                  capture_output=True, text=True, check=True)
            rows.append((label, json.loads(done.stdout)))
    return rows, {language: len(queries[language]) for language in codes()}


def index_sizes(site: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for language in codes():
        raw = (site / "search" / f"{language}.js").read_bytes()
        text = raw.decode("utf-8")
        data = json.loads(text[text.index("(") + 1:text.rstrip().rindex(")")])
        sizes[language] = {"raw": len(raw), "gzip": len(gzip.compress(raw, 9)), "docs": len(data["docs"]),
                           "keys": len(data["keys"])}
    for name in ("search-text.js", "search-engine.js", "portal-search.js"):
        raw = (site / "assets" / "search" / name).read_bytes()
        sizes[name] = {"raw": len(raw), "gzip": len(gzip.compress(raw, 9))}
    return sizes


def stock_index(plain: Path) -> dict[str, int]:
    raw = (plain / "search" / "search_index.json").read_bytes()
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, 9))}


def time_to_results(browser: Browser, url: str, language: str, slow_network: bool) -> dict[str, float]:
    first, following, setup, engine = [], [], [], []
    for _ in range(RUNS):
        context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        if slow_network:
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        page.goto(url, wait_until="networkidle", timeout=180_000)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        cold = page.evaluate(TYPE_AND_WAIT, [QUERIES[language][0], True])
        warm = page.evaluate(TYPE_AND_WAIT, [QUERIES[language][1], False])
        assert cold["groups"] and warm["groups"], f"{language}: no results"
        first.append(cold["ms"])
        following.append(warm["ms"])
        setup.append(cold["setup"])
        engine.append(warm["query"])
        context.close()
    return {"first": statistics.median(first), "next": statistics.median(following),
            "setup": statistics.median(setup), "engine": statistics.median(engine)}


def section(sizes: dict, stock: dict, local: dict, slow: dict, relevance: tuple, trigrams: dict) -> list[str]:
    rows, totals = relevance
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    lines = [
        "## Search", "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} by "
        f"`python -m scripts.benchmark.search`: Chromium with the CPU slowed {CPU_SLOWDOWN}×, phone viewport; "
        f"medians of {RUNS} runs. *First result*: from the tap on the search button to the results of a "
        "word typed at once on the screen (downloading, reading and searching the index). *Next query*: "
        "from the key to the results. *Slow network*: "
        f"{SLOW_NETWORK['downloadThroughput'] * 8 / 1024:.0f} kbit/s, {SLOW_NETWORK['latency']} ms latency.", "",
        "| language | first query, next query | documents | keys | index | gzipped | first result | "
        "next query | reading the index | searching | first result, slow network |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    for language in codes():
        size, fast = sizes[language], local[language]
        lines.append(
            f"| {language} | {' · '.join(QUERIES[language])} | {size['docs']} | {size['keys']} | {kb(size['raw'])} | "
            f"{kb(size['gzip'])} | {fast['first']:.0f} ms | {fast['next']:.0f} ms | {fast['setup']:.0f} ms | "
            f"{fast['engine']:.0f} ms | {slow[language]['first']:.0f} ms |")
    code = sum(sizes[name]["gzip"] for name in ("search-text.js", "search-engine.js"))
    lines += [
        "",
        f"- Loaded only when the reader opens search, and only the page's language: `search/<language>.js` "
        f"plus the search code ({kb(code)} gzipped, `assets/search/`). Pages load only the "
        f"{kb(sizes['portal-search.js']['gzip'])} (gzipped) `portal-search.js` that answers Material's search box, and a "
        f"{(ROOT / 'site' / 'search' / 'search_index.json').stat().st_size if (ROOT / 'site').exists() else 0}-byte stub "
        "where Material loads its index.",
        f"- Stock mkdocs-material + mkdocs-static-i18n, same content (en, ru, uz only: it cannot build ky, tg): "
        f"one index of all languages, {kb(stock['raw'])} ({kb(stock['gzip'])} gzipped), fetched by every page.",
        "",
        "Ways of matching, measured on the queries of `tests/fixtures/search-queries.yaml`: how many find "
        "their page first · among the first three (the browser suite runs the chosen way; these rows use "
        "the same engine in node, with indexes built for each way).", "",
        "| matching | " + " | ".join(f"{c} ({totals[c]})" for c in codes()) + f" | all ({sum(totals.values())}) |",
        "|---|" + "---|" * (len(codes()) + 1)]
    for label, passed in rows:
        first = sum(p["first"] for p in passed.values())
        top3 = sum(p["top3"] for p in passed.values())
        lines.append(f"| {label} | " + " | ".join(f"{passed[c]['first']} · {passed[c]['top3']}" for c in codes()) +
                     f" | {first} · {top3} |")
    lines += [
        "",
        "Why suffix lists and prefixes for Kyrgyz, Tajik and Uzbek, not n-grams: the suffix lists take "
        "plural, possessive and case endings off (паспортуңузду → паспорт, hujjatlaringizni → hujjat), "
        "prefix matching covers what they miss and words still being typed, and each family of word forms "
        "is one key. A trigram index of the same documents (measured below) holds several times the "
        "postings, so it is about twice the download, and it matches any word sharing three letters.", "",
        "| language | keys | postings | keys gzipped | trigrams | trigram postings | trigrams gzipped |",
        "|---|---|---|---|---|---|---|"]
    for language in codes():
        t = trigrams[language]
        lines.append(f"| {language} | {t['keys']} | {t['postings']} | {kb(t['gzip'])} | {t['trigrams']} | "
                     f"{t['trigram_postings']} | {kb(t['trigram_gzip'])} |")
    lines.append("")
    return lines


def write(lines: list[str]) -> None:
    """Replace the Search section of BENCHMARKS.md, keeping the others (scripts/benchmark/site_speed.py writes them)."""
    previous = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else "# Benchmarks\n"
    head, *sections = re.split(r"^(?=## )", previous, flags=re.M)
    kept = [s for s in sections if not s.startswith("## Search\n")]
    OUTPUT.write_text(head + "".join(kept).rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


def measure(site: Path, plain: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    """The Search section, and the times per language (for scripts/benchmark/site_speed.py's budget table).
    `plain`: the same content built by stock Material (scripts/benchmark/site_speed.py's plain_build)."""
    sizes = index_sizes(site)
    stock = stock_index(plain)
    documents = site_documents()
    relevance = relevance_by_strategy(documents)
    trigrams = trigram_sizes(documents)
    server, url = serve(site)
    local, slow = {}, {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for language in codes():
            page = url + language_prefix(language)
            local[language] = time_to_results(browser, page, language, slow_network=False)
            slow[language] = time_to_results(browser, page, language, slow_network=True)
        browser.close()
    server.shutdown()
    return section(sizes, stock, local, slow, relevance, trigrams), local


def main() -> None:
    site = ROOT / "site"
    if not (site / "search" / f"{default_code()}.js").exists():
        raise SystemExit("build the site first: ./scripts/build")
    with tempfile.TemporaryDirectory() as folder:
        lines, _ = measure(site, plain_build(Path(folder) / "plain"))
    write(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
