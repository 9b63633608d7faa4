"""One booklet as HTML: a cover with the QR code, contents and sources, each page of the booklet as a
chapter made fit for paper, and a back page of hotlines.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Iterable
from urllib.parse import urljoin, urlsplit

from scripts.directory import contacts, freshness
from scripts.leaflets.paper import (FONT_FAMILY, PAGE_CSS, BuiltPage, classes_of, document, find_class, language_name,
                                    qr_block, read_built, serialize, shown_url, site_url, text_of)
from scripts.leaflets.plan import Booklet
from scripts.leaflets.sheets import entry_block
from scripts.site import build_info
from scripts.site.languages import ROOT, site_name
from scripts.site.strings import strings

PORTAL_CSS = ROOT / "overrides" / "assets" / "portal.css"


# --- Turning a page into a chapter of a leaflet -------------------------------------------------

DROP_CLASSES = {"leaflet-links", "md-content__button", "headerlink", "directory__choice", "directory__filter",
                "contact__save", "contact__more", "translation-status"}


def _remove(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Remove an element but keep the text that follows it."""
    parent = parents[element]
    index = list(parent).index(element)
    if element.tail:
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass
class Chapter:
    page: BuiltPage
    html: str
    reviewed: tuple[str, str]     # (ISO date, date as the page shows it)
    sources: list[str]            # <li> HTML
    rules_change: str


def chapter(page: BuiltPage, number: int, chapter_urls: dict[str, int]) -> Chapter:
    """The page's article made fit for paper: no buttons or filters, links written out, ids made unique."""
    article = page.article
    parents = {child: parent for parent in article.iter() for child in parent}
    for el in list(article.iter()):
        if classes_of(el) & DROP_CLASSES and el in parents:
            _remove(el, parents)
    for links in find_class(article, "contact__links"):
        kept = [a for a in links.iter("a") if not a.get("href", "").startswith("geo:")
                and "openstreetmap.org" not in a.get("href", "")]
        for child in list(links):
            links.remove(child)
        links.text = None
        for i, a in enumerate(kept):
            a.tail = " · " if i < len(kept) - 1 else None
            links.append(a)
        if not kept:
            _remove(links, parents)
    for provenance in find_class(article, "contact__provenance"):
        # On paper: when it was checked, and a warning if the source is old; the source itself is online.
        checked = (provenance.text or "").split(" · ")[0]
        warning = [el for el in provenance if el.tag == "strong"]
        for child in list(provenance):
            provenance.remove(child)
        provenance.text = checked
        if warning:
            warning[0].tail = None
            provenance.append(ET.Element("br"))
            provenance.append(warning[0])
    for svg in (el for el in article.iter() if isinstance(el.tag, str) and el.tag.endswith("svg")):
        # WeasyPrint styles an SVG only from inside it: give the map the site's colours and font.
        style = ET.Element("style")
        style.text = map_style()
        svg.insert(0, style)
    for details in list(article.iter("details")):
        details.tag, details.attrib = "div", {"class": "admonition " + (details.get("class") or "")}
        for summary in details.iter("summary"):
            summary.tag, summary.attrib = "p", {"class": "admonition-title"}
    time_el = next((t for p in find_class(article, "page-reviewed") for t in p.iter("time")), None)
    reviewed = (time_el.get("datetime", ""), text_of(time_el)) if time_el is not None else ("", "")
    prefix = f"c{number}-"
    for el in article.iter():
        if el.get("id"):
            el.set("id", prefix + el.get("id"))
    h1 = next(article.iter("h1"), None)
    if h1 is not None:
        h1.set("id", f"c{number}")
    parents = {child: parent for parent in article.iter() for child in parent}
    for a in list(article.iter("a")):
        href = a.get("href") or ""
        if href.startswith(("tel:", "mailto:")):
            continue
        if href.startswith("#"):
            a.set("href", "#" + prefix + href[1:])
            continue
        target = urljoin(page.url, href)
        base, _, fragment = target.partition("#")
        if base in chapter_urls:
            a.set("href", f"#c{chapter_urls[base]}" + (f"-{fragment}" if fragment else ""))
            continue
        a.set("href", target)
        if not target.startswith(("http://", "https://")):
            continue
        if text_of(a) in (target, shown_url(target)):
            continue
        written = ET.Element("span", {"class": "url"})
        written.text = f" ({shown_url(target)})"
        written.tail, a.tail = a.tail, None
        parent = parents[a]
        parent.insert(list(parent).index(a) + 1, written)
    # The sources go on the cover, with their links written out like the others.
    sources, rules = [], ""
    for section in find_class(article, "page-sources"):
        sources += [serialize(li, inner=False) for li in section.iter("li")]
        rules = next((text_of(p) for p in section.iter("p")), "")
        _remove(section, parents)
    return Chapter(page, serialize(article), reviewed, sources, rules)


# --- The map, the cover and the back page ------------------------------------------------------

@lru_cache(maxsize=None)
def map_style() -> str:
    """The map's rules from the site's stylesheet, so the printed map looks like the one online."""
    rules = re.findall(r"^\.contacts-map__[\w-]+(?:\.[\w-]+)*\s*\{[^}]*\}", PORTAL_CSS.read_text(encoding="utf-8"), re.M)
    # WeasyPrint has no paint-order, so the white halo of the labels would cover the letters.
    return "\n".join(rules) + f'\ntext, .contacts-map__label {{ font-family: "{FONT_FAMILY}"; stroke: none; }}'


def cover(chapters: list[Chapter], language: str, fmt: str, preview: bool = False) -> str:
    s = strings(language)
    leaflet, site = s["leaflet"], s["site"]
    first = chapters[0].page
    reviewed = min((c.reviewed for c in chapters if c.reviewed[0]), default=("", ""))
    sources: list[str] = []
    for c in chapters:
        sources += [item for item in c.sources if item not in sources]
    contents = ""
    if len(chapters) > 1:
        contents = (f'<nav class="cover__contents"><h2>{escape(s["theme"]["toc"])}</h2><ol>'
                    + "".join(f'<li><a href="#c{i}">{escape(c.page.title)}</a></li>'
                              for i, c in enumerate(chapters) if i) + "</ol></nav>")
    kind = leaflet["a4"] if fmt == "a4" else leaflet["a5"]
    # The front holds what a reader needs first; on A5 the sources follow on the inside of the cover.
    return (f'<section class="cover" id="cover"><div class="cover__front">'
            f'<p class="cover__site">{escape(site_name(language))} · {escape(leaflet["leaflet"])} · {escape(kind)}</p>'
            f'<h1 class="cover__title">{escape(first.title)}</h1>'
            f'<p class="cover__description">{escape(first.description)}</p>'
            f'<p class="cover__language" lang="{language}">{escape(language_name(language))}</p>'
            + qr_block(first.url, language, preview)
            + (f'<p class="cover__reviewed">{escape(site["last_reviewed"])}: '
               f'<time datetime="{reviewed[0]}">{escape(reviewed[1])}</time></p>' if reviewed[0] else "")
            + contents + "</div>"
            + (f'<section class="cover__sources"><h2>{escape(site["sources"])}</h2><ol>{"".join(sources)}</ol>'
               f'<p>{escape(chapters[0].rules_change)}</p></section>' if sources else "")
            + "</section>")


def back_page(entries: list[contacts.Entry], countries: Iterable[str], types: Iterable[str],
              language: str, directory_url: str) -> str:
    s = strings(language)
    leaflet = s["leaflet"]
    # Paper lasts: only numbers fit to help (scripts/directory/freshness.py), never one resting on an old source.
    chosen = [e for e in contacts.select(freshness.for_help(entries), {"country": list(countries), "type": list(types)})
              if e.get("phones")]
    order = list(contacts.countries())
    type_order = list(s["types"])
    chosen.sort(key=lambda e: (order.index(e["country"]), type_order.index(e["type"])))
    groups = []
    for country in order:
        here = [e for e in chosen if e["country"] == country]
        if here:
            groups.append(f'<div class="back__country"><h3>{escape(s["countries"][country])}</h3>'
                          + "".join(entry_block(e, language) for e in here) + "</div>")
    host = urlsplit(directory_url).netloc
    return (f'<section class="back" id="back"><h2>{escape(leaflet["helplines"])}</h2>'
            f'<div class="back__groups">{"".join(groups)}</div>'
            f'<p class="back__more">{escape(leaflet["more_contacts"])}: <a href="{escape(directory_url)}">'
            f'{escape(shown_url(directory_url))}</a></p>'
            f'<p class="back__printed">{escape(leaflet["printed"].format(site=host, date=build_info.build_date_text(language)))}</p>'
            "</section>")


def booklet_html(booklet: Booklet, language: str, fmt: str, site_dir: Path, entries: list[contacts.Entry],
                 types: Iterable[str], preview: bool = False) -> str:
    built = [read_built(site_dir, language, path) for path in booklet.pages]
    chapter_urls = {page.url: i for i, page in enumerate(built)}
    chapters = [chapter(page, i, chapter_urls) for i, page in enumerate(built)]
    directory_url = site_url(built[0], language) + "contacts/"
    body = cover(chapters, language, fmt, preview)
    body += "".join(f'<section class="chapter">{c.html}</section>' for c in chapters)
    body += back_page(entries, booklet.countries, types, language, directory_url)
    title = built[0].title
    return document(body, language, title, built[0].description, PAGE_CSS[fmt], fmt)
