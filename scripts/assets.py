"""The static files a reader downloads: the theme's files the portal never loads are left out, and the
portal's own scripts and styles are minified.

Every byte counts on a metered phone, and the offline app, the bundle and the ZIM files carry what the
site carries. Left out: Material's search worker and lunr with its language files (the portal's own
search answers the search box, see overrides/assets/search/portal-search.js) and Material's palette
stylesheet (the colours are in overrides/assets/portal.css). The sources in overrides/assets stay
readable; only the built copies are minified.
"""
from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.structure.files import Files

UNUSED_THEME_FILES = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/",
                      "assets/stylesheets/palette.")
OWN_ASSETS = Path(__file__).resolve().parent.parent / "overrides" / "assets"
MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def drop_unused(files: Files) -> Files:
    for file in [f for f in files if f.src_uri.startswith(UNUSED_THEME_FILES)]:
        files.remove(file)
    return files


def minify(site: Path) -> int:
    """Minify the built copies of overrides/assets/**/*.js|css; returns the bytes saved.

    Each is minified from its source, so running it again (every language's build) changes nothing."""
    saved = 0
    for source in sorted(OWN_ASSETS.rglob("*")):
        minifier = MINIFIERS.get(source.suffix)
        built = site / "assets" / source.relative_to(OWN_ASSETS)
        if minifier is None or not built.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        small = minifier(text)
        built.write_text(small, encoding="utf-8")
        saved += len(text.encode()) - len(small.encode())
    return saved
