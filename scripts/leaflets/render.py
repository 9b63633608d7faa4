"""HTML to PDF with WeasyPrint, and the checks that no letter prints as an empty box or in another font.

WeasyPrint lays the pages out (pure Python on Debian's pango) and embeds subsets of Noto Sans, which has
every Kyrgyz, Tajik and Uzbek letter. A leaflet loads nothing from outside the build.
"""
from __future__ import annotations

import io
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from scripts.leaflets.paper import FONT_FAMILY
from scripts.leaflets.plan import LeafletError
from scripts.site.languages import ROOT


@lru_cache(maxsize=None)
def font_cmap() -> frozenset[int]:
    """The code points Noto Sans has glyphs for; fails if fontconfig would substitute another font."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", FONT_FAMILY], capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError) as error:
        raise LeafletError(f"fontconfig (fc-match) is not available: {error}") from error
    if len(found) < 2 or FONT_FAMILY not in found[0].split(","):
        raise LeafletError(f"the font '{FONT_FAMILY}' is not installed (fontconfig offers {found[:1]}): "
                           f"apt-get install fonts-noto-core")
    from fontTools.ttLib import TTFont
    return frozenset(TTFont(found[1], lazy=True).getBestCmap())


def check_glyphs(html: str, what: str) -> None:
    """Refuse a leaflet with a letter the font lacks: it would print as an empty box or another font."""
    import tinyhtml5
    body = tinyhtml5.parse(html, namespace_html_elements=False).find("body")
    cmap = font_cmap()
    missing = sorted({ch for ch in "".join(body.itertext()) if not ch.isspace()
                      and not unicodedata.category(ch).startswith("C") and ord(ch) not in cmap})
    if missing:
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
        raise LeafletError(f"{what}: {FONT_FAMILY} has no glyph for {shown}; replace the character in the page "
                           f"or the directory")


def check_fonts(pdf: bytes, what: str) -> None:
    """Refuse a PDF that uses any font but Noto Sans: fontconfig put in another font for a missing letter
    (a list bullet or a symbol from the stylesheet, which check_glyphs cannot see)."""
    from pypdf import PdfReader
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        names |= {str(font.get_object().get("/BaseFont", "")) for font in fonts.values()}
    others = sorted(name for name in names if FONT_FAMILY.replace(" ", "-") not in name)
    if others:
        raise LeafletError(f"{what}: some letters were set in {', '.join(others)} because {FONT_FAMILY} lacks them; "
                           f"find the character (pdffonts, pdftotext) and replace it")


def _fetcher(roots: Iterable[Path] = ()):
    """Leaflets load nothing from outside the build: data: URLs (the QR code) and files of the built
    site only. Anything else is refused without a request and reported by render(): a page with an
    external image must not make the build wait on another site, leak that it runs, or die."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class OwnFiles(URLFetcher):
        refused: list[str]

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            own = parts.scheme == "data" or (parts.scheme == "file" and any(
                Path(unquote(parts.path)).resolve().is_relative_to(root.resolve()) for root in roots))
            if not own:
                self.refused.append(url)
                raise ValueError(f"not a file of the build: {url}")
            return super().fetch(url, headers)

    fetcher = OwnFiles(timeout=5, allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=False)
    fetcher.refused = []
    return fetcher


def render(html: str, site_dir: Path | None = None):
    """The laid-out document; images may come only from site_dir, the built site the leaflet is made from."""
    from weasyprint import HTML
    fetcher = _fetcher([site_dir] if site_dir else [])
    rendered = HTML(string=html, base_url=str(site_dir or ROOT), url_fetcher=fetcher).render()
    if fetcher.refused:
        raise LeafletError(f"refers to {', '.join(sorted(set(fetcher.refused))[:3])}, which is not a file of the site: "
                           "pages may show only images kept in content/ (run python -m scripts.check)")
    return rendered
