"""What both benchmarks share: a reader's slow phone (network and CPU), a local server that compresses and
caches like the hosting example, Chromium, and the same content built by stock Material for comparison.
"""
from __future__ import annotations

import email.utils
import functools
import gzip
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from scripts.site.languages import ROOT, load_mkdocs_yml

SLOW_NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8}   # "slow 3G"-like: 400 kbit/s, 400 ms round trip
CPU_SLOWDOWN = 4
# The cache rule of scripts/hosting/nginx.conf: names or addresses that carry the content's hash
IMMUTABLE = re.compile(r"^/assets/((javascripts|stylesheets)/|[^?]*\?v=[0-9a-f]+$)")


class _CompressingHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, with the hosting example's cache policy."""

    def log_message(self, *args) -> None:
        pass

    def log_request(self, code="-", size="-") -> None:
        """Who asked: the page (a document, script, style, image) or a script's fetch (the app's worker)."""
        self.server.requests.append((self.path.split("?")[0], self.headers.get("Sec-Fetch-Dest", "")))

    def setup(self) -> None:
        """Count every byte sent (headers and bodies, 304s too): the page's requests and the worker's."""
        super().setup()
        raw, sent = self.wfile, self.server.sent

        class Counting:
            def write(self, data) -> int:
                sent.append(len(data))
                return raw.write(data)

            def __getattr__(self, name):
                return getattr(raw, name)

        self.wfile = Counting()

    def end_headers(self) -> None:
        hashed = IMMUTABLE.match(self.path)
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
    server.sent, server.requests = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


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


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
