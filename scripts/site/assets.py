"""The static files a reader downloads: the theme's files the portal never loads are left out, the
portal's own scripts and styles are minified, and pages name them with a version (`?v=` and a hash of
the file), so browsers keep them for a year and a repeat visit asks only for the page.

Every byte counts on a metered phone, and the offline app, the bundle and the ZIM files carry what the
site carries. Left out: Material's search worker and lunr with its language files (the portal's own
search answers the search box, see overrides/assets/search/portal-search.js) and Material's palette
stylesheet (the colours are in overrides/assets/portal.css). The sources in overrides/assets stay
readable; only the built copies are minified.
"""
from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.structure.files import Files

UNUSED_THEME_FILES = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/",
                      "assets/stylesheets/palette.")
OWN_ASSETS = Path(__file__).resolve().parents[2] / "overrides" / "assets"
MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}
ASSET_LINK = re.compile(r'((?:src|href)="(?:\.\./)*assets/)([^"?#]+)"')
# Text whose spaces and line breaks matter, and what lies between
KEEP_AS_IS = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+")
THEME_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>\s*')
LOADER = re.compile(r'(<script src="[^"]*assets/theme\.js[^"]*")')


def drop_unused(files: Files) -> Files:
    for file in [f for f in files if f.src_uri.startswith(UNUSED_THEME_FILES)]:
        files.remove(file)
    return files


def served(source: Path) -> tuple[bytes, str]:
    """A file of overrides/assets as the site serves it, and its version (a hash of those bytes)."""
    return _served(source, source.stat().st_mtime_ns)


@functools.cache
def _served(source: Path, modified: int) -> tuple[bytes, str]:   # `modified`: an edit during `mkdocs serve` is seen
    minifier = MINIFIERS.get(source.suffix)
    data = minifier(source.read_text(encoding="utf-8")).encode() if minifier else source.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:8]


def version_links(html: str) -> str:
    """'assets/portal.css' → 'assets/portal.css?v=1a2b3c4d' for the portal's own files (the theme's
    names carry their hash already). The hash is of the file as served, so a new version gets a new name."""
    def versioned(match: re.Match) -> str:
        source = OWN_ASSETS / match.group(2)
        if not source.is_file():
            return match.group(0)
        return f'{match.group(1)}{match.group(2)}?v={served(source)[1]}"'
    return ASSET_LINK.sub(versioned, html)


def load_theme_script_when_needed(html: str) -> str:
    """Material's bundle is not loaded by the page: assets/theme.js loads it when the reader opens
    search, or at once on a wide screen (see there). The page is read without it."""
    match = THEME_BUNDLE.search(html)
    if not match or not LOADER.search(html):
        return html
    html = html[:match.start()] + html[match.end():]
    return LOADER.sub(lambda m: f'{m.group(1)} data-bundle="{match.group(1)}"', html, count=1)


def compact_html(html: str) -> str:
    """Drop the indentation of the theme's templates (a line break stays, so nothing renders
    differently); preformatted text, scripts and styles are left as they are."""
    parts = KEEP_AS_IS.split(html)
    # split() with two groups gives: text, whole element, tag name, text, …
    return "".join(INDENT.sub("\n", part) if index % 3 == 0 else part if index % 3 == 1 else ""
                   for index, part in enumerate(parts))


def minify(site: Path) -> None:
    """Minify the built copies of overrides/assets/**/*.js|css. Each is made from its source, so
    running it again changes nothing."""
    for source in sorted(OWN_ASSETS.rglob("*")):
        built = site / "assets" / source.relative_to(OWN_ASSETS)
        if source.suffix in MINIFIERS and built.is_file():
            built.write_bytes(served(source)[0])
