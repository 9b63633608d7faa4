"""Measure what readers get: page weight, paint times, build time; write the figures to BENCHMARKS.md.

Not a test: figures depend on the machine. Run after ./scripts/build:

    .venv/bin/python -m scripts.benchmark            # everything (a few minutes)
    .venv/bin/python -m scripts.benchmark --quick    # skip the build-scaling runs

Pages are served by a local server that compresses like a production server (gzip) and sends the cache
headers of scripts/hosting/nginx.conf; Chromium emulates a slow 3G-like network and a 4× slower CPU.
The same content is also built with a plain mkdocs-material + mkdocs-static-i18n configuration
(default settings), and the two are compared.
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import functools
import gzip
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from scripts.languages import ROOT, codes, load_mkdocs_yml

SLOW_NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8}   # "slow 3G"-like: 400 kbit/s, 400 ms round trip
CPU_SLOWDOWN = 4
# The weight budget is for booklet pages; home and a directory page are measured alongside.
PAGES = {"home": "", "booklet": "ru/health/tb/", "booklet (long)": "uz/entry-exit/russia/",
         "booklet (en)": "safe-migration/documents/", "directory": "ky/contacts/kyrgyzstan/"}
BUDGET_FIRST_VISIT = 80 * 1024
BUDGET_LCP_MS = 2500
OUTPUT = ROOT / "BENCHMARKS.md"


class _CompressingHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, with the hosting example's cache policy."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        hashed = re.match(r"/assets/(javascripts|stylesheets)/", self.path)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or \
                path.suffix not in (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml"):
            return super().send_head()
        modified = email.utils.formatdate(int(path.stat().st_mtime), usegmt=True)
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_CompressingHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def measure_page(browser, url: str) -> dict:
    """First and repeat visit: bytes on the wire, requests, largest contentful paint, layout shift."""
    # The service worker is blocked so the figures show what the network and HTTP cache deliver;
    # with it, a repeat visit costs nothing at all.
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    transferred: dict[str, int] = {}
    outside: list[str] = []
    cdp.on("Network.loadingFinished", lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]))
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
    for visit in ("first", "repeat"):
        transferred.clear()
        page.goto(url, wait_until="networkidle", timeout=180_000)   # everything the page loads by itself
        results[visit] = {"bytes": sum(transferred.values()), "requests": len(transferred),
                          "lcp_ms": round(page.evaluate("window.__lcp")),
                          "cls": round(page.evaluate("window.__cls"), 3)}
    results["outside_requests"] = len(outside)
    context.close()
    return results


def plain_build(destination: Path) -> Path:
    """The same content with stock mkdocs-material + mkdocs-static-i18n defaults, for comparison."""
    ours = load_mkdocs_yml()
    languages = next(p["i18n"]["languages"] for p in ours["plugins"] if isinstance(p, dict) and "i18n" in p)
    config = {"site_name": ours["site_name"], "docs_dir": str(ROOT / "content"), "site_dir": str(destination),
              "theme": {"name": "material"},
              "plugins": ["search", {"i18n": {"docs_structure": "folder",
                                              "languages": [{k: v for k, v in lang.items() if k in ("locale", "name", "default", "build")}
                                                            for lang in languages if lang["locale"] in ("en", "ru", "uz")]}}],
              "markdown_extensions": ["admonition", "attr_list", "tables"]}
    # Stock Material has no Kyrgyz or Tajik: those two are left out of the plain build (it would crash).
    with tempfile.TemporaryDirectory() as folder:
        config_file = Path(folder) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
    return destination


def build_scaling() -> list[tuple[int, int, float]]:
    """Build time with 1×, 4× and 16× the pages (copies of the real ones), to show it grows near linearly."""
    rows = []
    for factor in (1, 4, 16):
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder)
            for part in ("content", "data", "overrides", "scripts", "mkdocs.yml"):
                source = ROOT / part
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the build-scaling runs")
    args = parser.parse_args()
    site = ROOT / "site"
    if not site.exists():
        raise SystemExit("build the site first: ./scripts/build")
    lines = [f"# Benchmarks", "", f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"by `python -m scripts.benchmark`. Network: {SLOW_NETWORK['downloadThroughput'] * 8 / 1024:.0f} kbit/s, "
             f"{SLOW_NETWORK['latency']} ms latency; CPU slowed {CPU_SLOWDOWN}×; phone viewport 360×640.", ""]
    with tempfile.TemporaryDirectory() as folder:
        plain = plain_build(Path(folder) / "plain")
        ours_server, ours_url = serve(site)
        plain_server, plain_url = serve(plain)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            lines += ["## Page weight and speed", "",
                      "| page | first visit | requests | LCP | CLS | repeat visit | plain build first visit | ratio | outside requests |",
                      "|---|---|---|---|---|---|---|---|---|"]
            verdicts = []
            for name, path in PAGES.items():
                ours = measure_page(browser, ours_url + path)
                plain_path = path if not path.startswith("ky/") else path[3:]
                stock = measure_page(browser, plain_url + plain_path)
                first, repeat = ours["first"], ours["repeat"]
                lines.append(f"| {name} (`/{path}`) | {first['bytes'] / 1024:.1f} KB | {first['requests']} | "
                             f"{first['lcp_ms']} ms | {first['cls']} | {repeat['bytes'] / 1024:.1f} KB | "
                             f"{stock['first']['bytes'] / 1024:.1f} KB | {first['bytes'] / max(stock['first']['bytes'], 1):.2f} | "
                             f"{ours['outside_requests']} |")
                weight_ok = first["bytes"] <= BUDGET_FIRST_VISIT if name.startswith("booklet") else None
                verdicts.append((name, weight_ok, first["lcp_ms"] <= BUDGET_LCP_MS))
            browser.close()
        ours_server.shutdown()
        plain_server.shutdown()
        lines += ["", f"Budgets: first visit to a booklet page ≤ {BUDGET_FIRST_VISIT // 1024} KB; LCP ≤ {BUDGET_LCP_MS} ms "
                  f"and CLS 0 everywhere. Load average at the start: {os.getloadavg()[0]:.1f} (other work on the "
                  "machine slows the emulated CPU further).", ""]
        lines += [f"- {name}: weight {'(no budget)' if weight is None else 'met' if weight else 'NOT met'}, "
                  f"LCP {'met' if lcp else 'NOT met'}" for name, weight, lcp in verdicts]
        lines += ["", "## Size on disk", "", f"- built site: {folder_size(site) / 1024 / 1024:.1f} MB "
                  f"(plain build of en, ru, uz: {folder_size(plain) / 1024 / 1024:.1f} MB)", ""]
    if not args.quick:
        lines += ["## Build time", "", "| content | pages (all languages) | seconds |", "|---|---|---|"]
        lines += [f"| {factor}× | {pages} | {seconds:.1f} |" for factor, pages, seconds in build_scaling()]
        lines.append("")
    previous = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    kept = re.split(r"^## ", previous, flags=re.M)[1:]
    mine = {"Page weight and speed", "Size on disk"} | (set() if args.quick else {"Build time"})
    others = ["## " + section for section in kept if section.split("\n", 1)[0].strip() not in mine]
    OUTPUT.write_text("\n".join(lines) + ("\n" + "\n".join(others) if others else ""), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
