"""Leaflets in the site: the "Download as PDF" line of a page, the {{ leaflets }} listing of every file,
and, once the PDFs exist, each file's size written into the links that point to it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from pathlib import Path

from babel.numbers import format_decimal

from scripts.leaflets.paper import language_name
from scripts.leaflets.plan import (BOOKLET_FORMATS, LeafletError, Plan, booklet_file, booklets_of_page, leaflet_path,
                                   sheet_file, sheet_of_page, zip_path)
from scripts.site import build_info, pages
from scripts.site.languages import codes, default_code, language_prefix, page_language
from scripts.site.strings import strings


def human_size(size: int, language: str) -> str:
    units = strings(language)["leaflet"]
    if size >= 1024 * 1024:
        return units["mb"].format(size=format_decimal(round(size / 1024 / 1024, 1), locale=language))
    return units["kb"].format(size=format_decimal(max(1, round(size / 1024)), locale=language))


SIZE_MARK = re.compile(r'(<span class="leaflet-size" data-leaflet-size="([^"]+)">)[^<]*(</span>)')
LINK_MARK = re.compile(r'data-leaflet="([^"]+)"')


def fill_sizes(site_dir: Path) -> int:
    """Write each leaflet's size into the pages that link to it; a link to a missing file stops the build."""
    changed = 0
    for file in site_dir.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        if "data-leaflet" not in html:
            continue
        missing = [path for path in LINK_MARK.findall(html) + [m.group(2) for m in SIZE_MARK.finditer(html)]
                   if not (site_dir / path).is_file()]
        if missing:
            raise LeafletError(f"{file.relative_to(site_dir)} links to leaflets that were not made: "
                               f"{', '.join(sorted(set(missing)))}")
        language = page_language(html)
        filled = SIZE_MARK.sub(lambda m: m.group(1) + escape(human_size((site_dir / m.group(2)).stat().st_size,
                                                                            language)) + m.group(3), html)
        if filled != html:
            file.write_text(filled, encoding="utf-8")
            changed += 1
    return changed


def page_links(plan: Plan, content_path: str, language: str, href) -> str:
    """The 'download as PDF' line of a page that belongs to a booklet or has a contact sheet."""
    leaflet = strings(language)["leaflet"]
    items = []
    for booklet in booklets_of_page(plan, content_path):
        for fmt in BOOKLET_FORMATS:
            items.append(_file_link(leaflet_path(language, booklet_file(booklet.name, fmt)),
                                    leaflet["a4"] if fmt == "a4" else leaflet["a5"], href))
    country = sheet_of_page(plan, content_path)
    if country:
        items.append(_file_link(leaflet_path(language, sheet_file(country)), leaflet["contact_sheet"], href))
    if not items:
        return ""
    return (f'<p class="leaflet-links"><span class="leaflet-links__label">{escape(leaflet["download"])}:</span> '
            + " · ".join(items) + f' · <a href="{escape(href(language_prefix(language) + "leaflets/"))}">'
            f'{escape(leaflet["all"])}</a></p>')


def _file_link(path: str, label: str, href, described: str = "") -> str:
    """A link to a leaflet with a place for its size; `described` names it fully for screen readers.
    The name starts with the visible text ("PDF: Before you go, A4"), so a reader who says what they see
    (voice control) reaches the link (WCAG 2.5.3, axe's label-content-name-mismatch)."""
    aria = f' aria-label="{escape(label)}: {escape(described)}"' if described else ""
    return (f'<a href="{escape(href(path))}" data-leaflet="{escape(path)}"{aria}>{escape(label)}</a> '
            f'<span class="leaflet-size" data-leaflet-size="{escape(path)}"></span>')


@lru_cache(maxsize=None)
def page_title(language: str, path: str) -> str:
    """A page's title in a language (the English one while that translation does not exist)."""
    for code in (language, default_code()):
        file = pages.source_file(code, path)
        if file.exists():
            page = pages.Page(code, path, file)
            pages.read(page)
            return str(page.meta.get("title", path))
    return path


def listing(plan: Plan, language: str, href) -> str:
    """Every leaflet of every language (this page's language first), with sizes filled in after the build.

    href(path) turns a path from the site root into a URL relative to the listing page.
    """
    s = strings(language)
    leaflet = s["leaflet"]
    order = [language] + [code for code in codes() if code != language]
    html = []
    for code in order:
        rows = []
        for booklet in plan.booklets:
            # The column says which format; a phone screen has room for "PDF" and the size only.
            title = page_title(code, booklet.pages[0])
            cells = "".join(
                f"<td>{_file_link(leaflet_path(code, booklet_file(booklet.name, fmt)), 'PDF', href, f'{title}, {label}')}</td>"
                for fmt, label in zip(BOOKLET_FORMATS, (leaflet["a4"], leaflet["a5"])))
            rows.append(f'<tr><th scope="row" lang="{code}">{escape(title)}</th>{cells}</tr>')
        for country in plan.contact_sheets:
            name = strings(code)["site"]["contacts_in"].format(country=strings(code)["countries"][country])
            sheet = _file_link(leaflet_path(code, sheet_file(country)), "PDF", href, f'{name}, {leaflet["a4"]}')
            rows.append(f'<tr><th scope="row" lang="{code}">{escape(name)}</th><td>{sheet}</td><td></td></tr>')
        name = language_name(code)
        zipped = "" if build_info.offline_mode() else \
            f'<p class="leaflets__zip">{_file_link(zip_path(code), leaflet["zip"].format(language=name), href)}</p>'
        # The language's own name, and what the reader calls it (so each language's page has its own headings).
        heading = f'<span lang="{code}">{escape(name)}</span>' + \
            ("" if code == language else f' ({escape(s["language_names"][code])})')
        html.append(f'<section class="leaflets" data-language="{code}">'
                    f'<h2 id="leaflets-{code}">{heading}</h2>{zipped}'
                    f'<table class="leaflets__table"><thead><tr><th scope="col">{escape(leaflet["leaflet"])}</th>'
                    f'<th scope="col">{escape(leaflet["a4"])}</th><th scope="col">{escape(leaflet["a5"])}</th>'
                    f'</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')
    return "".join(html)
