"""Printable leaflets: every booklet in every language as an A4 PDF and an A5 folded booklet, and a
one-page contact sheet per country, for NGOs to print for desks, trainings and outreach.

    python -m scripts.leaflets SITE_DIR     # after `mkdocs build`; writes SITE_DIR/leaflets/

They are made from the BUILT site, not from the Markdown, so a leaflet says exactly what its page
says: directory embeds expanded, the localized review date, the sources, the translation notices.
Which pages make a booklet is data (data/leaflets.yaml), not code. The QR code on each cover points
to the page's canonical URL, which mkdocs writes from `site_url`: a mirror that builds with its own
site_url prints its own QR codes.

WeasyPrint lays the pages out (pure Python on Debian's pango) and embeds subsets of Noto Sans, which
has every Kyrgyz, Tajik and Uzbek letter; pypdf imposes the A5 pages two to an A4 sheet in
saddle-stitch order, so double-sided printing (flip on the short edge), folding and stapling gives
a booklet in reading order. Nothing is skipped: any problem stops the build with a message.
"""
from __future__ import annotations

import argparse
import io
import logging
import multiprocessing
import os
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urljoin, urlsplit

import yaml
from babel.numbers import format_decimal

from scripts import build_info, contacts, freshness, pages
from scripts.contacts_render import phone_extra, text as entry_text
from scripts.languages import MKDOCS_YML, ROOT, codes, default_code, language_prefix, languages, load_mkdocs_yml, site_name
from scripts.strings import strings

LEAFLETS_YML = ROOT / "data" / "leaflets.yaml"
# Longest wait for the next leaflet: the biggest takes about 20 s of CPU; a worker that died never answers.
LEAFLET_TIMEOUT = int(os.environ.get("PORTAL_LEAFLET_TIMEOUT", "600"))
STYLESHEET = Path(__file__).with_name("leaflets.css")
FONT_FAMILY = "Noto Sans"        # Debian's fonts-noto-core: Cyrillic extended and U+02BB/U+02BC
FOLDER = "leaflets"
BOOKLET_FORMATS = ("a4", "a5-booklet")
# Page size, margins and base type size of each format. The A5 margins leave room for the printer's
# unprintable edge and the fold, since each A5 page becomes half an A4 sheet.
PAGE_CSS = {
    "a4": "@page { size: A4; margin: 16mm 18mm 17mm; } html { font-size: 10.5pt; }",
    "a5-booklet": "@page { size: A5; margin: 11mm 11mm 13mm 12mm; } html { font-size: 8.8pt; }",
    "sheet": "@page { size: A4; margin: 9mm 10mm 10mm; } html { font-size: %spt; }",
}
SHEET_FONT_SIZES = (8.5, 8, 7.5, 7, 6.5)   # a contact sheet shrinks until it fits on one page
A4_LANDSCAPE_PT = (297 / 25.4 * 72, 210 / 25.4 * 72)
PORTAL_CSS = ROOT / "overrides" / "assets" / "portal.css"

log = logging.getLogger("leaflets")


class LeafletError(Exception):
    """A problem that stops the build; the message says what and where."""


# --- What to make -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Booklet:
    name: str
    pages: tuple[str, ...]        # content paths in reading order, e.g. ("health/hiv.md",)
    countries: tuple[str, ...]    # from the pages' front matter: whose hotlines go on the back


@dataclass(frozen=True)
class Plan:
    booklets: tuple[Booklet, ...]
    back_page_types: tuple[str, ...]
    contact_sheets: tuple[str, ...]


def _nav_paths(items: Iterable) -> list[str]:
    """Every page path of a nav list (nested sections included), in order."""
    found: list[str] = []
    for item in items or []:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(_nav_paths(value))
    return found


def section_pages(nav: list, index: str) -> list[str]:
    """The pages of the nav section whose index page is `index`, in nav order ([] if none)."""
    def walk(items: list) -> list[str]:
        direct = [v for item in items for v in (item.values() if isinstance(item, dict) else [item])
                  if isinstance(v, str)]
        if index in direct:
            return _nav_paths(items)
        for item in items:
            for value in (item.values() if isinstance(item, dict) else []):
                if isinstance(value, list) and (found := walk(value)):
                    return found
        return []
    return walk(nav or [])


def load_plan(path: Path = LEAFLETS_YML, mkdocs_yml: Path = MKDOCS_YML,
              content: Path = pages.CONTENT) -> Plan:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LeafletError(f"{name}: cannot read it ({error})") from error
    nav = load_mkdocs_yml(mkdocs_yml).get("nav") or []
    in_nav = set(_nav_paths(nav))
    booklets, seen = [], set()
    for number, item in enumerate(data.get("booklets") or [], start=1):
        where = f"{name}: booklet #{number}"
        if not isinstance(item, dict) or not re.fullmatch(r"[a-z0-9-]+", str(item.get("name", ""))):
            raise LeafletError(f"{where}: needs a `name` of lowercase letters, digits and hyphens")
        if item["name"] in seen:
            raise LeafletError(f"{where}: the name '{item['name']}' is used twice")
        seen.add(item["name"])
        if ("page" in item) == ("section" in item):
            raise LeafletError(f"{where} ({item['name']}): give either `page: PATH` or `section: INDEX_PATH`")
        chosen = section_pages(nav, item["section"]) if "section" in item else [item["page"]]
        if not chosen:
            raise LeafletError(f"{where} ({item['name']}): '{item['section']}' is not a section index in the "
                               f"nav of mkdocs.yml")
        countries: list[str] = []
        for page_path in chosen:
            if page_path not in in_nav or not (content / page_path).exists():
                raise LeafletError(f"{where} ({item['name']}): '{page_path}' is not a page in content/ and "
                                   f"the nav of mkdocs.yml")
            page = pages.Page(default_code(), page_path, content / page_path)
            pages.read(page)
            countries += [c for c in page.meta.get("countries") or [] if c not in countries]
        booklets.append(Booklet(item["name"], tuple(chosen), tuple(countries)))
    if not booklets:
        raise LeafletError(f"{name}: lists no booklets")
    types = tuple(data.get("back_page_types") or ())
    unknown = [t for t in types if t not in strings(default_code())["types"]]
    sheets = tuple(data.get("contact_sheets") or ())
    unknown += [c for c in sheets if c not in contacts.countries()]
    if unknown or not types:
        raise LeafletError(f"{name}: unknown or missing back_page_types / contact_sheets: {unknown or 'none given'}")
    return Plan(tuple(booklets), types, sheets)


# --- Where things are ---------------------------------------------------------------------------

def url_path(content_path: str) -> str:
    """'health/hiv.md' → 'health/hiv/', 'safe-migration/index.md' → 'safe-migration/'."""
    stem = content_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def booklet_file(booklet: str, fmt: str) -> str:
    return f"{booklet}-{fmt}.pdf"


def sheet_file(country: str) -> str:
    return f"contacts-{contacts.countries()[country]['page']}-a4.pdf"


def leaflet_path(language: str, filename: str) -> str:
    """Site-relative path of a leaflet, e.g. 'leaflets/ky/hiv-a4.pdf'."""
    return f"{FOLDER}/{language}/{filename}"


def zip_path(language: str) -> str:
    return f"{FOLDER}/leaflets-{language}.zip"


def files_of(plan: Plan, language: str) -> list[str]:
    """Every leaflet file of one language, site-relative, in the order they are listed."""
    names = [booklet_file(b.name, fmt) for b in plan.booklets for fmt in BOOKLET_FORMATS]
    names += [sheet_file(country) for country in plan.contact_sheets]
    return [leaflet_path(language, name) for name in names]


def booklets_of_page(plan: Plan, content_path: str) -> list[Booklet]:
    return [b for b in plan.booklets if content_path in b.pages]


def sheet_of_page(plan: Plan, content_path: str) -> str | None:
    """The country whose contact sheet belongs on a directory page (contacts/russia.md → RU)."""
    for country in plan.contact_sheets:
        if content_path == f"contacts/{contacts.countries()[country]['page']}.md":
            return country
    return None


# --- Reading the built pages -------------------------------------------------------------------

def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _find_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in _classes(el)]


def _text(element: ET.Element) -> str:
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
    article = next((el for el in root.iter("article") if "md-content__inner" in _classes(el)), None)
    if article is None:
        raise LeafletError(f"{file} has no <article class=\"md-content__inner\">: has the theme changed?")
    h1 = next(article.iter("h1"), None)
    return BuiltPage(content_path, canonical, _text(h1) if h1 is not None else "", description, article)


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


def shown_url(url: str) -> str:
    """A URL as a reader types it: no scheme, no lone trailing slash."""
    shown = re.sub(r"^https?://", "", url)
    return shown[:-1] if shown.count("/") == 1 and shown.endswith("/") else shown


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
        if _classes(el) & DROP_CLASSES and el in parents:
            _remove(el, parents)
    for links in _find_class(article, "contact__links"):
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
    for provenance in _find_class(article, "contact__provenance"):
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
    time_el = next((t for p in _find_class(article, "page-reviewed") for t in p.iter("time")), None)
    reviewed = (time_el.get("datetime", ""), _text(time_el)) if time_el is not None else ("", "")
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
        if _text(a) in (target, shown_url(target)):
            continue
        written = ET.Element("span", {"class": "url"})
        written.text = f" ({shown_url(target)})"
        written.tail, a.tail = a.tail, None
        parent = parents[a]
        parent.insert(list(parent).index(a) + 1, written)
    # The sources go on the cover, with their links written out like the others.
    sources, rules = [], ""
    for section in _find_class(article, "page-sources"):
        sources += [serialize(li, inner=False) for li in section.iter("li")]
        rules = next((_text(p) for p in section.iter("p")), "")
        _remove(section, parents)
    return Chapter(page, serialize(article), reviewed, sources, rules)


# --- The pieces of a leaflet ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def map_style() -> str:
    """The map's rules from the site's stylesheet, so the printed map looks like the one online."""
    rules = re.findall(r"^\.contacts-map__[\w-]+(?:\.[\w-]+)*\s*\{[^}]*\}", PORTAL_CSS.read_text(encoding="utf-8"), re.M)
    # WeasyPrint has no paint-order, so the white halo of the labels would cover the letters.
    return "\n".join(rules) + f'\ntext, .contacts-map__label {{ font-family: "{FONT_FAMILY}"; stroke: none; }}'


def qr_data_uri(url: str) -> str:
    import segno
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000", light="#fff")


def language_name(language: str) -> str:
    return next(lang.name for lang in languages() if lang.code == language)


def _phones(entry: contacts.Entry, language: str) -> str:
    items = []
    for phone in entry.get("phones") or []:
        extra = phone_extra(phone, language)
        items.append(f'<li><a class="number" href="tel:{escape(phone["number"])}">'
                     f'{escape(contacts.display_phone(phone["number"]))}</a>'
                     + (f' <span class="note">{escape(extra)}</span>' if extra else "") + "</li>")
    return f'<ul class="phones">{"".join(items)}</ul>' if items else ""


def entry_block(entry: contacts.Entry, language: str, details: bool = False) -> str:
    """One directory entry for paper: name and numbers; with details, where it is and how to reach it."""
    name, _ = entry_text(entry, "name", language)
    parts = [f'<div class="entry"><p class="entry__name">{escape(name)}</p>', _phones(entry, language)]
    if details:
        site = strings(language)["site"]
        city, _ = entry_text(entry, "city", language)
        address, _ = entry_text(entry, "address", language)
        place = ", ".join(filter(None, [city, address]))
        if place:
            parts.append(f'<p class="entry__detail">{escape(place)}</p>')
        hours, _ = entry_text(entry, "hours", language)
        if hours:
            parts.append(f'<p class="entry__detail">{escape(site["hours"])}: {escape(hours)}</p>')
        reach = [escape(entry["email"])] if entry.get("email") else []
        if entry.get("website"):
            reach.append(escape(shown_url(entry["website"])))
        for network, handle in (entry.get("messengers") or {}).items():
            reach.append(f"{escape(strings(language)['phone_labels'].get(network, network.title()))}: {escape(handle)}")
        if reach:
            parts.append(f'<p class="entry__detail">{" · ".join(reach)}</p>')
    parts.append("</div>")
    return "".join(parts)


def qr_block(url: str, language: str, preview: bool = False) -> str:
    """The QR code to the page online; a preview (placeholder address) says it is not for printing."""
    leaflet = strings(language)["leaflet"]
    warning = f'<p class="qr__preview">{escape(leaflet["preview"])}</p>' if preview else ""
    return (f'<div class="qr"><img src="{qr_data_uri(url)}" alt="{escape(url)}">'
            f'<div class="qr__text"><p class="qr__scan">{escape(leaflet["scan"])}</p>'
            f'<p class="qr__url">{escape(shown_url(url))}</p>{warning}</div></div>')


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
    # Paper lasts: only numbers fit to help (scripts/freshness.py), never one resting on an old source.
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


def document(body: str, language: str, title: str, description: str, page_css: str,
             kind: str) -> str:
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title><meta name="description" content="{escape(description)}">'
            f'<meta name="author" content="{escape(site_name(language))}">'
            f'<style>{page_css}\n{STYLESHEET.read_text(encoding="utf-8")}</style></head>'
            f'<body class="leaflet leaflet--{kind}">{body}</body></html>')


def booklet_html(booklet: Booklet, language: str, fmt: str, site_dir: Path, entries: list[contacts.Entry],
                 types: Iterable[str], preview: bool = False) -> str:
    built = [read_built(site_dir, language, path) for path in booklet.pages]
    chapter_urls = {page.url: i for i, page in enumerate(built)}
    chapters = [chapter(page, i, chapter_urls) for i, page in enumerate(built)]
    directory_url = _site_url(built[0], language) + "contacts/"
    body = cover(chapters, language, fmt, preview)
    body += "".join(f'<section class="chapter">{c.html}</section>' for c in chapters)
    body += back_page(entries, booklet.countries, types, language, directory_url)
    title = built[0].title
    return document(body, language, title, built[0].description, PAGE_CSS[fmt], fmt)


def _site_url(page: BuiltPage, language: str) -> str:
    """The language's home URL, from a page's canonical URL (site_url + language prefix)."""
    suffix = language_prefix(language) + url_path(page.path)
    if not page.url.endswith(suffix):
        raise LeafletError(f"the canonical URL {page.url} does not end in {suffix}")
    return page.url[: len(page.url) - len(suffix)] + language_prefix(language)


def sheet_html(country: str, language: str, site_dir: Path, entries: list[contacts.Entry],
               font_size: float, preview: bool = False) -> str:
    s = strings(language)
    page = read_built(site_dir, language, f"contacts/{contacts.countries()[country]['page']}.md")
    chosen = contacts.select(freshness.for_help(entries), {"country": [country]})
    groups = []
    for kind in s["types"]:
        here = [e for e in chosen if e["type"] == kind]
        if here:
            groups.append(f'<section class="sheet__group"><h2>{escape(s["types"][kind])}</h2>'
                          + "".join(entry_block(e, language, details=True) for e in here) + "</section>")
    if not groups:
        raise LeafletError(f"the directory has no entries in {country} for its contact sheet")
    title = s["site"]["contacts_in"].format(country=s["countries"][country])
    host = urlsplit(page.url).netloc
    body = (f'<section class="sheet"><header class="sheet__head">'
            f'<div><p class="cover__site">{escape(site_name(language))} · {escape(s["leaflet"]["leaflet"])}</p>'
            f'<h1>{escape(title)}</h1><p class="cover__language">{escape(language_name(language))}</p>'
            f'<p class="back__printed">{escape(s["leaflet"]["printed"].format(site=host, date=build_info.build_date_text(language)))}</p>'
            f'</div>{qr_block(page.url, language, preview)}</header>'
            f'<div class="sheet__groups">{"".join(groups)}</div></section>')
    return document(body, language, title, page.description, PAGE_CSS["sheet"] % font_size, "sheet")


def notes_html(language: str) -> str:
    """A page for the reader's own notes: fills an A5 booklet up to a multiple of four pages."""
    title = strings(language)["leaflet"]["notes"]
    lines = "".join('<div class="notes__line"></div>' for _ in range(18))
    return document(f'<section class="notes"><h2>{escape(title)}</h2>{lines}</section>', language, title, "",
                    PAGE_CSS["a5-booklet"], "a5-booklet")


# --- Rendering -----------------------------------------------------------------------------------

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


def render(html: str):
    from weasyprint import HTML
    site_dir = _STATE.get("site_dir")
    fetcher = _fetcher([site_dir] if site_dir else [])
    rendered = HTML(string=html, base_url=str(site_dir or ROOT), url_fetcher=fetcher).render()
    if fetcher.refused:
        raise LeafletError(f"refers to {', '.join(sorted(set(fetcher.refused))[:3])}, which is not a file of the site: "
                           "pages may show only images kept in content/ (run python -m scripts.check)")
    return rendered


@lru_cache(maxsize=None)
def _notes_page(language: str):
    return render(notes_html(language)).pages[0]


def pad_to_four(document_, language: str) -> list:
    """The booklet's pages with notes pages before the back page, up to a multiple of four."""
    pages_ = list(document_.pages)
    back = next((i for i, page in enumerate(pages_) if "back" in page.anchors), len(pages_) - 1)
    pad = (-len(pages_)) % 4
    return pages_[:back] + [_notes_page(language)] * pad + pages_[back:]


def impose(pdf: bytes) -> bytes:
    """Two A5 pages to each side of an A4 landscape sheet, in saddle-stitch order.

    With n pages, sheet k carries pages n-2k and 2k+1 on the front and 2k+2 and n-2k-1 on the back
    (1-based): printed double-sided with a flip on the short edge, stacked, folded and stapled,
    the sheets read 1, 2, 3 … n. Each A5 page becomes a form XObject drawn at its place, so its
    content is copied as it is, never parsed.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               TextStringObject)
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    if count % 4:
        raise LeafletError(f"cannot impose {count} pages: a folded booklet needs a multiple of 4")
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    forms = []
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, ArrayObject) else [contents]
        form = DecodedStreamObject()
        form.set_data(b"\n".join(stream.get_object().get_data() for stream in streams))
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
                     NameObject("/Resources"): page["/Resources"].get_object().clone(writer)})
        forms.append(writer._add_object(form.flate_encode()))
    # A sheet is exactly A4 (297 mm), a hair wider than two A5 pages (2 × 148 mm): the pages meet at the fold.
    sheet_width, sheet_height = A4_LANDSCAPE_PT
    fold = sheet_width / 2
    top = (sheet_height - height) / 2
    for sheet in range(count // 4):
        for left, right in ((count - 1 - 2 * sheet, 2 * sheet), (2 * sheet + 1, count - 2 - 2 * sheet)):
            side = writer.add_blank_page(width=sheet_width, height=sheet_height)
            side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject({
                NameObject("/L"): forms[left], NameObject("/R"): forms[right]})})
            drawing = DecodedStreamObject()
            drawing.set_data(f"q 1 0 0 1 {fold - width:.4f} {top:.4f} cm /L Do Q "
                             f"q 1 0 0 1 {fold:.4f} {top:.4f} cm /R Do Q".encode())
            side[NameObject("/Contents")] = writer._add_object(drawing)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    # Print dialogs that read these preselect the right duplex mode and print at 100%.
    preferences = writer.create_viewer_preferences()
    preferences.duplex = NameObject("/DuplexFlipShortEdge")
    preferences.print_scaling = NameObject("/None")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Jobs (one PDF each, spread over all cores) ----------------------------------------------------

@dataclass(frozen=True)
class Job:
    kind: str          # "booklet" or "sheet"
    name: str          # booklet name or country code
    language: str
    fmt: str           # "a4", "a5-booklet" or "sheet"
    output: str        # site-relative path


@dataclass(frozen=True)
class Made:
    job: Job
    size: int          # bytes
    cpu: float         # CPU time of the process that made it


_STATE: dict[str, Any] = {}


def _init(site_dir: Path, plan: Plan, entries: list[contacts.Entry], preview: bool = False) -> None:
    _STATE.update(site_dir=site_dir, plan=plan, entries=entries, preview=preview)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def make(job: Job) -> Made:
    """Write one leaflet; any error is raised as a LeafletError naming the file."""
    cpu = time.process_time()
    site_dir, plan, entries, preview = _STATE["site_dir"], _STATE["plan"], _STATE["entries"], _STATE.get("preview", False)
    target = site_dir / job.output
    try:
        if job.kind == "booklet":
            booklet = next(b for b in plan.booklets if b.name == job.name)
            html = booklet_html(booklet, job.language, job.fmt, site_dir, entries, plan.back_page_types, preview)
            check_glyphs(html, job.output)
            rendered = render(html)
            if job.fmt == "a5-booklet":
                pages_ = pad_to_four(rendered, job.language)
                data = rendered.copy(pages_).write_pdf()
                check_fonts(data, job.output)
                data = impose(data)
            else:
                data = rendered.write_pdf()
                check_fonts(data, job.output)
        else:
            for size in SHEET_FONT_SIZES:
                html = sheet_html(job.name, job.language, site_dir, entries, size, preview)
                rendered = render(html)
                if len(rendered.pages) == 1:
                    break
            else:
                raise LeafletError(f"the contacts of {job.name} do not fit on one A4 page even at "
                                   f"{SHEET_FONT_SIZES[-1]}pt: split the sheet or shorten the entries")
            check_glyphs(html, job.output)
            data = rendered.write_pdf()
            check_fonts(data, job.output)
    except LeafletError as error:
        raise LeafletError(f"{job.output}: {error}") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 — report which leaflet failed, then stop the build.
        # BaseException: WeasyPrint's FatalURLFetchingError is one, and one escaping here killed the pool
        # worker, so the build waited forever for its leaflet.
        raise LeafletError(f"{job.output}: {type(error).__name__}: {error}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Made(job, len(data), time.process_time() - cpu)


def jobs(plan: Plan, language_codes: Iterable[str]) -> list[Job]:
    found = []
    for language in language_codes:
        for booklet in plan.booklets:
            for fmt in BOOKLET_FORMATS:
                found.append(Job("booklet", booklet.name, language, fmt,
                                 leaflet_path(language, booklet_file(booklet.name, fmt))))
        for country in plan.contact_sheets:
            found.append(Job("sheet", country, language, "sheet", leaflet_path(language, sheet_file(country))))
    return found


# --- After the PDFs exist: zips and sizes in the pages ----------------------------------------------

def write_zip(site_dir: Path, language: str, files: list[str]) -> Path:
    """One zip per language for NGOs, dated with the build (the same leaflets give the same zip)."""
    target = site_dir / zip_path(language)
    stamp = build_info.build_time().timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"{language}/{Path(file).name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (site_dir / file).read_bytes())
    return target


def human_size(size: int, language: str) -> str:
    units = strings(language)["leaflet"]
    if size >= 1024 * 1024:
        return units["mb"].format(size=format_decimal(round(size / 1024 / 1024, 1), locale=language))
    return units["kb"].format(size=format_decimal(max(1, round(size / 1024)), locale=language))


SIZE_MARK = re.compile(r'(<span class="leaflet-size" data-leaflet-size="([^"]+)">)[^<]*(</span>)')
LINK_MARK = re.compile(r'data-leaflet="([^"]+)"')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')


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
        language = (HTML_LANG.search(html) or [None, default_code()])[1]
        filled = SIZE_MARK.sub(lambda m: m.group(1) + escape(human_size((site_dir / m.group(2)).stat().st_size,
                                                                            language)) + m.group(3), html)
        if filled != html:
            file.write_text(filled, encoding="utf-8")
            changed += 1
    return changed


# --- Links in the site (used by scripts/leaflet_hooks.py and the {{ leaflets }} embed) -------------

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


# --- Command line ---------------------------------------------------------------------------------

def public_address_of(site_dir: Path) -> str:
    """The address the QR codes lead to: the built home page's canonical URL (site_url, or SITE_URL at build)."""
    return _site_url(read_built(site_dir, default_code(), "index.md"), default_code())


def build(site_dir: Path, processes: int | None = None, language_codes: Iterable[str] | None = None,
          plan: Plan | None = None, preview: bool = False) -> list[Made]:
    """Every leaflet of the plan. An NGO prints hundreds: QR codes that lead to a placeholder address
    (example.org, localhost) are refused unless this is a preview, whose covers say so."""
    address = public_address_of(site_dir)
    if build_info.is_placeholder(address) and not preview:
        raise LeafletError(f"the QR codes would lead to {address}, which is not a real address: set SITE_URL (or "
                           "site_url in mkdocs.yml) to the address where the site is published and build again, or "
                           "make preview leaflets with --preview (their covers say they are not for printing)")
    plan = plan or load_plan()
    directory = contacts.load()
    if directory.problems:
        raise LeafletError("the directory has problems; run python -m scripts.check")
    language_codes = list(language_codes or codes())
    todo = jobs(plan, language_codes)
    # The longest booklets first, so no core idles at the end waiting for one big leaflet.
    weight = {b.name: len(b.pages) for b in plan.booklets}
    todo.sort(key=lambda j: (-weight.get(j.name, 0), j.fmt != "a5-booklet"))
    font_cmap()
    processes = processes or os.cpu_count() or 1
    made: list[Made] = []
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init, initargs=(site_dir, plan, directory.entries, preview)) as pool:
        results = pool.imap_unordered(make, todo)
        for _ in todo:
            try:
                made.append(results.next(timeout=LEAFLET_TIMEOUT))
            except multiprocessing.TimeoutError:
                raise LeafletError(f"no leaflet was finished for {LEAFLET_TIMEOUT} s (a worker died or hangs); "
                                   f"{len(made)} of {len(todo)} were made — run again, and report it if it repeats") from None
    for language in language_codes:
        write_zip(site_dir, language, files_of(plan, language))
    fill_sizes(site_dir)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.leaflets", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path, help="the site built by mkdocs (e.g. build/site-new)")
    parser.add_argument("--processes", type=int, default=None, help="parallel processes (default: all cores)")
    parser.add_argument("--preview", action="store_true",
                        help="allow a placeholder address; every cover then says PREVIEW, not for printing")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        made = build(args.site_dir, args.processes, preview=args.preview)
    except LeafletError as error:
        print(f"leaflets: {error}", file=sys.stderr)
        return 1
    total = sum(m.size for m in made)
    biggest = max(made, key=lambda m: m.size)
    print(f"leaflets: {len(made)} PDFs ({total / 1024 / 1024:.1f} MB, largest {biggest.job.output} "
          f"{biggest.size // 1024} KB) in {time.perf_counter() - start:.0f} s "
          f"({sum(m.cpu for m in made):.0f} s of CPU on {args.processes or os.cpu_count()} processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
