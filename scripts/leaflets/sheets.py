"""Contacts on paper: a one-page contact sheet per country, and the entry blocks the booklets' back page
shares. Paper lasts, so only entries fit to help are printed (scripts/directory/freshness.py).
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from scripts.directory import contacts, freshness
from scripts.directory.contacts_render import phone_extra, text as entry_text
from scripts.leaflets.paper import PAGE_CSS, document, language_name, qr_block, read_built, shown_url
from scripts.leaflets.plan import LeafletError
from scripts.site import build_info
from scripts.site.languages import site_name
from scripts.site.strings import strings

SHEET_FONT_SIZES = (8.5, 8, 7.5, 7, 6.5)   # a contact sheet shrinks until it fits on one page


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
