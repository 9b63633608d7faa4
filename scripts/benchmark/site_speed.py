"""Measure what readers get, against the budgets of the speed issue; write the figures to BENCHMARKS.md.

Not a test: figures depend on the machine. It runs ./scripts/build itself, then measures:

    .venv/bin/python -m scripts.benchmark            # everything (about 20 minutes on 2 cores)
    .venv/bin/python -m scripts.benchmark --quick    # the built site/ only: pages and accessibility

It exits non-zero when a budget is not met (every page type's first visit, LCP, CLS, axe…), after
writing the figures, so CI can run the `--quick` form.

- pages: a reader's first, second and third visit on a slow phone (Chromium: slow 3G-like network, CPU
  slowed 4×), bytes counted at a local server that compresses and caches like scripts/hosting/nginx.conf;
  the same content built with a plain mkdocs-material + mkdocs-static-i18n configuration for comparison;
- accessibility: axe-core on every page type in every language;
- search: scripts/benchmark/search.py (index sizes, time to results);
- build: the whole build, `mkdocs build` of 1×, 4× and 16× the content, and `mkdocs serve` rebuilds.
A table of budgets, met or not, heads the file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.benchmark import search as benchmark_search
from scripts.benchmark.common import CPU_SLOWDOWN, SLOW_NETWORK, launch_chromium, plain_build, serve
from scripts.site.languages import ROOT, codes, language_prefix

# Every page type, with the pages of that type (paths in the English part of the site; the same path
# under each language prefix is that language's page). The budget holds for every one of them: the
# heaviest page of each type across the five languages is measured in the browser (see heaviest()).
PAGE_TYPES = {
    "home": [""],
    "booklet": ["safe-migration/", "safe-migration/documents/", "safe-migration/jobs-and-contracts/",
                "safe-migration/money/", "safe-migration/family/", "safe-migration/warning-signs/",
                "entry-exit/", "entry-exit/kazakhstan/", "entry-exit/returning-home/", "health/", "health/hiv/",
                "health/tb/", "trafficking/", "centres/", "about/"],
    "booklet (long)": ["entry-exit/russia/"],
    "guide": ["what-to-do/", "what-to-do/police/", "what-to-do/unpaid-wages/", "what-to-do/passport-lost/",
              "what-to-do/entry-ban/", "what-to-do/sick-or-injured/", "what-to-do/missing-or-died/"],
    "contacts index": ["contacts/"],
    "country directory": ["contacts/russia/", "contacts/kazakhstan/", "contacts/kyrgyzstan/",
                          "contacts/tajikistan/", "contacts/uzbekistan/"],
    "leaflets": ["leaflets/"],
    "status": ["status/"],
}
BUDGET_FIRST_VISIT = 50 * 1024
STRETCH_FIRST_VISIT = 40 * 1024
BUDGET_LCP_MS = 2500
BUDGET_SEARCH_MS = 150
BUDGET_BUILD_S = 5 * 60
BUDGET_REBUILD_S = 15
# axe-core on every page type, in every language (tests/browser/test_accessibility.py runs the same).
AUDITED_PAGES = {"home": "", "booklet": "health/tb/", "booklet (long)": "entry-exit/russia/",
                 "guide": "what-to-do/police/", "contacts index": "contacts/", "country directory": "contacts/kyrgyzstan/",
                 "leaflets": "leaflets/", "status": "status/"}
# What a first visit downloads: the page and the scripts and styles its tags name (not what is loaded later)
FIRST_VISIT_TAG = re.compile(r'<(?:script\b[^>]*\bsrc|link\b[^>]*\brel="stylesheet"[^>]*\bhref)="([^"]+)"')
HEADERS = 250   # bytes of response headers per request, about (the browser measurement counts them exactly)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# target-size (WCAG 2.2 AA: 24×24 px, or enough space around) is off by default in axe: turned on.
AXE_RUN = "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
OUTPUT = ROOT / "BENCHMARKS.md"
APP_READY = """(async () => {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false
    const keys = await caches.keys()
    return keys.some(name => name.startsWith('sm-pages-')) && keys.some(name => name.startsWith('sm-shell-'))
})()"""


def measure_page(browser, server, url: str, app: bool = True) -> dict:
    """A reader's first, second and third visit to a page: bytes the server sent (the page's requests,
    and the offline app's when it is set up), requests, largest contentful paint, layout shift."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page_bytes: dict[str, int] = {}
    outside: list[str] = []
    cdp.on("Network.loadingFinished", lambda e: page_bytes.__setitem__(e["requestId"], e["encodedDataLength"]))
    origin = "/".join(url.split("/")[:3])
    page.on("request", lambda r: None if r.url.startswith((origin, "data:")) else outside.append(r.url))
    page.add_init_script("""
        window.__lcp = 0; window.__cls = 0;
        new PerformanceObserver(l => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
          .observe({type: 'largest-contentful-paint', buffered: true});
        new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
          .observe({type: 'layout-shift', buffered: true});
    """)
    results = {}
    for visit in ("first", "second", "third"):
        page_bytes.clear()
        server.sent.clear()
        server.requests.clear()
        page.goto(url, wait_until="load", timeout=180_000)          # the page and everything it names,
        page.wait_for_load_state("networkidle", timeout=180_000)     # then what its scripts fetch
        if visit == "second" and app:                               # and the app it sets up
            deadline = time.monotonic() + 120
            while not page.evaluate(APP_READY) and time.monotonic() < deadline:
                page.wait_for_timeout(250)
            page.wait_for_timeout(2000)
        results[visit] = {"bytes": sum(server.sent), "page_bytes": sum(page_bytes.values()),
                          "requests": len(server.requests),
                          "page_requests": [path for path, dest in server.requests if dest not in ("", "empty")],
                          "lcp_ms": round(page.evaluate("window.__lcp")),
                          "cls": round(page.evaluate("window.__cls"), 3)}
    results["outside_requests"] = len(outside)
    context.close()
    return results


def first_visit_bytes(site: Path, path: str) -> int:
    """About what a first visit to a built page costs (gzip, as served, plus headers): the page and the
    scripts and styles its tags name. Used to find the heaviest page of each type; the browser then
    measures that page exactly."""
    page = site / path / "index.html"
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 6)) + HEADERS
    for href in set(FIRST_VISIT_TAG.findall(html)):
        file = (page.parent / href.split("?")[0]).resolve()
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), 6)) + HEADERS
    return total


def heaviest(site: Path) -> dict[str, tuple[str, dict[str, tuple[str, int]]]]:
    """For each page type: the site path of its heaviest page over every language, and for each language
    its heaviest page of the type and that page's estimated first visit."""
    found = {}
    for kind, paths in PAGE_TYPES.items():
        per_language = {}
        for language in codes():
            prefix = language_prefix(language)
            weights = [(prefix + path, first_visit_bytes(site, prefix + path)) for path in paths
                       if (site / prefix / path / "index.html").is_file()]
            per_language[language] = max(weights, key=lambda item: item[1])
        found[kind] = (max(per_language.values(), key=lambda item: item[1])[0], per_language)
    return found


def plain_path(path: str) -> str:
    """The same page in the plain build, which has English, Russian and Uzbek only (English for the rest)."""
    first = path.split("/", 1)[0]
    return path.split("/", 1)[1] if first in codes() and first not in ("ru", "uz") else path


def copy_project(target: Path) -> Path:
    """What a build reads, copied where a benchmark may change it."""
    for part in ("content", "data", "overrides", "scripts", "mkdocs.yml"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    return target


def build_scaling() -> list[tuple[int, int, float]]:
    """Build time with 1×, 4× and 16× the pages (copies of the real ones), to show it grows near linearly."""
    rows = []
    for factor in (1, 4, 16):
        with tempfile.TemporaryDirectory() as folder:
            project = copy_project(Path(folder))
            content = project / "content"
            originals = list(content.rglob("*.md"))
            for copy in range(1, factor):
                for page in originals:
                    relative = page.relative_to(content)
                    parts = relative.parts
                    language = parts[0] if parts[0] in codes() else None
                    inner = Path(*parts[1:]) if language else relative
                    target = content / (language or "") / f"copy{copy}" / inner
                    target.parent.mkdir(parents=True, exist_ok=True)
                    text = page.read_text(encoding="utf-8")
                    target.write_text(re.sub(r"^title: (.*)$", rf"title: \1 ({copy})", text, count=1, flags=re.M),
                                      encoding="utf-8")
            config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("omitted_files: warn", "omitted_files: info")
            (project / "mkdocs.yml").write_text(config, encoding="utf-8")
            pages = len(list(content.rglob("*.md")))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], cwd=project,
                           check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            rows.append((factor, pages, time.perf_counter() - start))
    return rows


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def audit_accessibility(browser, url: str) -> dict[tuple[str, str], dict[str, int]]:
    """axe-core on every page type in every language: violations counted by impact."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for language in codes():
        prefix = language_prefix(language)
        for kind, path in AUDITED_PAGES.items():
            page.goto(url + prefix + path)
            page.add_script_tag(path=str(AXE))
            counts = {"minor": 0, "moderate": 0, "serious": 0, "critical": 0}
            for violation in page.evaluate(AXE_RUN)["violations"]:
                counts[violation["impact"]] += 1
            found[(kind, language)] = counts
    context.close()
    return found


def full_build_seconds() -> float:
    """./scripts/build as an editor or CI runs it: site, leaflets, offline bundle, ZIM files."""
    start = time.perf_counter()
    subprocess.run([str(ROOT / "scripts" / "build")], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def serve_rebuild_seconds(runs: int = 3) -> tuple[float, float]:
    """`mkdocs serve` as an editor uses it: seconds until it serves, and (median) from saving a page
    to the changed page being served."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        page_url = f"http://127.0.0.1:{port}/ky/health/tb/"
        try:
            _wait_for(page_url, "</html>")
            startup = time.perf_counter() - start
            times = []
            page = project / "content" / "ky" / "health" / "tb.md"
            for run in range(runs):
                marker = f"editor-change-{run}"
                page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
                start = time.perf_counter()
                _wait_for(page_url, marker)
                times.append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(30)
    return startup, statistics.median(times)


def _wait_for(url: str, text: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} never showed {text!r}")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="measure the built site/ only: no builds (full, scaling, mkdocs serve), no search timing")
    args = parser.parse_args()
    site = ROOT / "site"
    build_seconds = None if args.quick else full_build_seconds()
    if not site.exists():
        raise SystemExit("build the site first: ./scripts/build")
    load = os.getloadavg()[0]
    pages, a11y = {}, {}
    chosen = heaviest(site)
    with tempfile.TemporaryDirectory() as folder:
        plain = plain_build(Path(folder) / "plain")
        ours_server, ours_url = serve(site)
        plain_server, plain_url = serve(plain)
        with sync_playwright() as playwright:
            for name, (path, _) in chosen.items():
                measured = []
                for server, url, app in ((ours_server, ours_url + path, True),
                                         (plain_server, plain_url + plain_path(path), False)):
                    browser = launch_chromium(playwright)   # a new browser for each reader: nothing cached
                    measured.append(measure_page(browser, server, url, app))
                    browser.close()
                pages[name] = (path, *measured)
            browser = launch_chromium(playwright)
            a11y = audit_accessibility(browser, ours_url)
            browser.close()
        ours_server.shutdown()
        plain_server.shutdown()
        sizes = (folder_size(site), folder_size(plain))
        search_lines, search_times = ([], {}) if args.quick else benchmark_search.measure(site, plain)
    scaling = [] if args.quick else build_scaling()
    serve_times = None if args.quick else serve_rebuild_seconds()

    # A repeat visit asks the server for the page alone (the worker may check sw.js for a new build)
    html_only = all("/" + path in ours["second"]["page_requests"] and
                    set(ours[visit]["page_requests"]) <= {"/" + path, "/sw.js"}
                    for path, ours, _ in pages.values() for visit in ("second", "third"))
    worst_lcp = max(ours["first"]["lcp_ms"] for _, ours, _ in pages.values())
    worst_cls = max(ours["first"]["cls"] for _, ours, _ in pages.values())
    outside = sum(ours["outside_requests"] for _, ours, _ in pages.values())
    serious = sum(c["serious"] + c["critical"] for c in a11y.values())
    budget = [(f"First visit, {name} ≤ {BUDGET_FIRST_VISIT // 1024} KB (stretch {STRETCH_FIRST_VISIT // 1024} KB)",
               f"{kb(ours['first']['bytes'])} (`/{path}`, the heaviest of {len(PAGE_TYPES[name]) * len(codes())} "
               f"pages); stock build {kb(stock['first']['bytes'])}", ours["first"]["bytes"] <= BUDGET_FIRST_VISIT)
              for name, (path, ours, stock) in pages.items()]
    budget += [("Repeat visit: only the HTML", "the page alone (second visit), then nothing but the app's "
                "check for a new build" if html_only else "more than the page", html_only),
               ("LCP < 2.5 s", f"{worst_lcp} ms (slowest page)", worst_lcp < BUDGET_LCP_MS),
               ("No layout shift", f"CLS {worst_cls}", worst_cls == 0),
               ("Only same-origin requests", f"{outside} to other origins", outside == 0),
               ("axe-core: no serious or critical violation", f"{serious} on {len(a11y)} pages "
                f"({len(AUDITED_PAGES)} types × {len(codes())} languages)", serious == 0)]
    if search_times:
        slowest = max(times["next"] for times in search_times.values())
        budget.append(("Search: results < 150 ms after typing, index loaded", f"{slowest:.0f} ms (slowest language)",
                       slowest < BUDGET_SEARCH_MS))
    if build_seconds is not None:
        budget.append(("Whole build (5 languages, leaflets, bundle) within a few minutes on 2 cores",
                       f"{build_seconds / 60:.1f} min", build_seconds < BUDGET_BUILD_S))
    if scaling:
        per_page = [seconds / count for _, count, seconds in scaling]
        budget.append(("Build time near linear in content (1×, 4×, 16×)",
                       " · ".join(f"{1000 * p:.0f}" for p in per_page) + " ms per page",
                       max(per_page) <= 1.5 * min(per_page)))
    if serve_times:
        budget.append((f"`mkdocs serve`: a saved page is served again within {BUDGET_REBUILD_S} s",
                       f"{serve_times[1]:.1f} s (first start {serve_times[0]:.0f} s)", serve_times[1] <= BUDGET_REBUILD_S))

    lines = ["# Benchmarks", "", f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"by `python -m scripts.benchmark`{' --quick' if args.quick else ''}. "
             f"Network: {SLOW_NETWORK['downloadThroughput'] * 8 / 1024:.0f} kbit/s, "
             f"{SLOW_NETWORK['latency']} ms latency; CPU slowed {CPU_SLOWDOWN}×; phone viewport 360×640. "
             f"Load average at the start: {load:.1f} (other work on the machine slows the emulated CPU further).",
             "", "## Budgets", "", "| budget | measured | |", "|---|---|---|"]
    lines += [f"| {what} | {measured} | {verdict(ok)} |" for what, measured, ok in budget]
    lines += ["", "## Page weight and speed", "",
              "Bytes the server sent (headers and compressed bodies), counted at the server, so the "
              "offline app's own downloads are included. The app is set up on a reader's second page "
              "(scripts/offline/pwa.py: the frame it keeps comes from the browser's cache); from then on, "
              "pages it has are shown without asking the network.", "",
              "| page | first visit | requests | LCP | CLS | second visit: the page · the app set up (once) "
              "| third visit | plain build first visit | ratio |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, (path, ours, stock) in pages.items():
        first, second = ours["first"], ours["second"]
        lines.append(f"| {name} (`/{path}`) | {kb(first['bytes'])} | {first['requests']} | {first['lcp_ms']} ms | "
                     f"{first['cls']} | {kb(second['page_bytes'])} · {kb(second['bytes'] - second['page_bytes'])} | "
                     f"{kb(ours['third']['bytes'])} | {kb(stock['first']['bytes'])} | "
                     f"{first['bytes'] / max(stock['first']['bytes'], 1):.2f} |")
    lines += ["", "Every page of every type in every language, first visit estimated from the built files (gzip -6 "
              "of the page and of the styles and scripts its tags name, plus about "
              f"{HEADERS} bytes of headers a request): the heaviest page of each type and language. The browser "
              "measured the heaviest of each row above.", "",
              "| page type | pages | " + " | ".join(codes()) + " |", "|---|---|" + "---|" * len(codes())]
    for name, (_, per_language) in chosen.items():
        lines.append(f"| {name} | {len(PAGE_TYPES[name])} | " + " | ".join(
            f"{kb(per_language[language][1])}" + ("" if len(PAGE_TYPES[name]) == 1 else
                                                   f" (`{per_language[language][0].removeprefix(language_prefix(language))}`)")
            for language in codes()) + " |")
    lines += ["", "## Accessibility", "",
              f"axe-core {json.loads((AXE.parent / 'package.json').read_text())['version']} (rules of WCAG 2.2 AA and best practice, tap-target size on), "
              "violations by impact: critical · serious · moderate · minor.", "",
              "| page | " + " | ".join(codes()) + " |", "|---|" + "---|" * len(codes())]
    for kind in AUDITED_PAGES:
        cells = [a11y[(kind, language)] for language in codes()]
        lines.append(f"| {kind} | " + " | ".join(
            f"{c['critical']} · {c['serious']} · {c['moderate']} · {c['minor']}" for c in cells) + " |")
    lines += ["", "## Size on disk", "", f"- built site: {sizes[0] / 1024 / 1024:.1f} MB "
              f"(plain build of en, ru, uz: {sizes[1] / 1024 / 1024:.1f} MB)", ""]
    if scaling:
        lines += ["## Build time", "", f"`./scripts/build` (everything): {build_seconds:.0f} s. "
                  "`mkdocs build` of copies of the content:", "",
                  "| content | pages (all languages) | seconds |", "|---|---|---|"]
        lines += [f"| {factor}× | {count} | {seconds:.1f} |" for factor, count, seconds in scaling]
        lines += ["", f"`mkdocs serve`: serving after {serve_times[0]:.0f} s; a saved page is served again "
                  f"{serve_times[1]:.1f} s later (median of 3 saves; every language is rebuilt).", ""]
    previous = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    mine = {"Budgets", "Page weight and speed", "Accessibility", "Size on disk"}
    if not args.quick:
        mine |= {"Build time", "Search"}
    kept = ["## " + part for part in re.split(r"^## ", previous, flags=re.M)[1:]
            if part.split("\n", 1)[0].strip() not in mine]
    lines += search_lines
    OUTPUT.write_text("\n".join(lines).rstrip("\n") + "\n" + ("\n" + "".join(kept).rstrip("\n") + "\n" if kept else ""),
                      encoding="utf-8")
    print("\n".join(lines[:len(lines) - len(search_lines)]))
    missed = [what for what, _, ok in budget if not ok]
    if missed:   # CI runs `--quick`: a page type over its budget fails the run
        print("\nbudgets NOT met:\n" + "\n".join(f"- {what}" for what in missed), file=sys.stderr)
        raise SystemExit(1)
