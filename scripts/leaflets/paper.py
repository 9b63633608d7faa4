"""What every leaflet is made of: the built page it is read from, its QR code, and the HTML document
WeasyPrint lays out with leaflets.css.

Leaflets are made from the BUILT site, not from the Markdown, so a leaflet says exactly what its page
says: directory embeds expanded, the localized review date, the sources, the translation notices. The QR
code points to the page's canonical URL, which mkdocs writes from `site_url`: a mirror that builds with
its own site_url prints its own QR codes.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from pathlib import Path

from scripts.leaflets.plan import LeafletError, url_path
from scripts.site.languages import language_prefix, languages, site_name
from scripts.site.strings import strings

STYLESHEET = Path(__file__).with_name("leaflets.css")
FONT_FAMILY = "Noto Sans"        # Debian's fonts-noto-core: Cyrillic extended and U+02BB/U+02BC
# Page size, margins and base type size of each format. The A5 margins leave room for the printer's
# unprintable edge and the fold, since each A5 page becomes half an A4 sheet.
PAGE_CSS = {
    "a4": "@page { size: A4; margin: 16mm 18mm 17mm; } html { font-size: 10.5pt; }",
    "a5-booklet": "@page { size: A5; margin: 11mm 11mm 13mm 12mm; } html { font-size: 8.8pt; }",
    "sheet": "@page { size: A4; margin: 9mm 10mm 10mm; } html { font-size: %spt; }",
}


def classes_of(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def find_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in classes_of(el)]


def text_of(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


@dataclass
class BuiltPage:
    path: str              # content path
    url: str               # canonical URL: what the QR code opens
    title: str
    description: str
    article: ET.Element


def read_built(site_dir: Path, language: str, content_path: str) -> BuiltPage:
    file = site_dir / language_prefix(language) / url_path(content_path) / "index.html"
    if not file.exists():
        raise LeafletError(f"{file} is missing: build the site with mkdocs first, and check that "
                           f"'{content_path}' is in the nav of mkdocs.yml")
    import tinyhtml5
    root = tinyhtml5.parse(file.read_text(encoding="utf-8"), namespace_html_elements=False)
    canonical = next((el.get("href") for el in root.iter("link") if el.get("rel") == "canonical"), None)
    if not canonical:
        raise LeafletError(f"{file} has no canonical URL: set site_url in mkdocs.yml (the QR codes point to it)")
    description = next((el.get("content", "") for el in root.iter("meta") if el.get("name") == "description"), "")
    article = next((el for el in root.iter("article") if "md-content__inner" in classes_of(el)), None)
    if article is None:
        raise LeafletError(f"{file} has no <article class=\"md-content__inner\">: has the theme changed?")
    h1 = next(article.iter("h1"), None)
    return BuiltPage(content_path, canonical, text_of(h1) if h1 is not None else "", description, article)


def serialize(element: ET.Element, inner: bool = True) -> str:
    """HTML of an element (or of its content). Namespaces are dropped: an HTML parser puts <svg> back in its own."""
    for el in element.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
        for key in [k for k in el.attrib if "}" in k]:
            namespace, local = key[1:].split("}", 1)
            el.attrib[("xlink:" if namespace.endswith("xlink") else "") + local] = el.attrib.pop(key)
    if not inner:
        return ET.tostring(element, encoding="unicode", method="html")
    return escape(element.text or "", quote=False) + "".join(
        ET.tostring(child, encoding="unicode", method="html") for child in element)


def shown_url(url: str) -> str:
    """A URL as a reader types it: no scheme, no lone trailing slash."""
    shown = re.sub(r"^https?://", "", url)
    return shown[:-1] if shown.count("/") == 1 and shown.endswith("/") else shown


def qr_data_uri(url: str) -> str:
    import segno
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000", light="#fff")


def language_name(language: str) -> str:
    return next(lang.name for lang in languages() if lang.code == language)


def qr_block(url: str, language: str, preview: bool = False) -> str:
    """The QR code to the page online; a preview (placeholder address) says it is not for printing."""
    leaflet = strings(language)["leaflet"]
    warning = f'<p class="qr__preview">{escape(leaflet["preview"])}</p>' if preview else ""
    return (f'<div class="qr"><img src="{qr_data_uri(url)}" alt="{escape(url)}">'
            f'<div class="qr__text"><p class="qr__scan">{escape(leaflet["scan"])}</p>'
            f'<p class="qr__url">{escape(shown_url(url))}</p>{warning}</div></div>')


def document(body: str, language: str, title: str, description: str, page_css: str,
             kind: str) -> str:
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title><meta name="description" content="{escape(description)}">'
            f'<meta name="author" content="{escape(site_name(language))}">'
            f'<style>{page_css}\n{STYLESHEET.read_text(encoding="utf-8")}</style></head>'
            f'<body class="leaflet leaflet--{kind}">{body}</body></html>')


def site_url(page: BuiltPage, language: str) -> str:
    """The language's home URL, from a page's canonical URL (site_url + language prefix)."""
    suffix = language_prefix(language) + url_path(page.path)
    if not page.url.endswith(suffix):
        raise LeafletError(f"the canonical URL {page.url} does not end in {suffix}")
    return page.url[: len(page.url) - len(suffix)] + language_prefix(language)
