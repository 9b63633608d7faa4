"""Directory entries as HTML cards and vCards, in the reader's language.

Cards are plain HTML with no script: a number is a tel: link (one tap to call), a place has a
geo: link for the phone's own map app, and every card says when and from where it was checked.
"""
from __future__ import annotations

from html import escape
from typing import Iterable

import vobject

from scripts.directory import freshness
from scripts.directory.contacts import Entry, display_phone
from scripts.site.strings import localized_date, strings

MESSENGER_URLS = {"telegram": "https://t.me/{}", "instagram": "https://instagram.com/{}", "whatsapp": "https://wa.me/{}"}


def text(entry: Entry, key: str, language: str) -> tuple[str, str]:
    """The entry's text in the language, else the first fallback that has it: (text, language used)."""
    values = entry.get(key) or {}
    for code in [language, *strings(language)["fallback"], "en"]:
        if values.get(code):
            return values[code], code
    return "", language


def vcf_name(entry: Entry) -> str:
    return f"{entry['id']}.vcf"


def phone_extra(phone: dict, language: str) -> str:
    """What is said beside a number: its note and its labels ('24/7 · free'), in the reader's language."""
    labels = [strings(language)["phone_labels"][label] for label in phone.get("labels", [])]
    note, _ = text(phone, "note", language) if phone.get("note") else ("", language)
    return " · ".join(filter(None, [note, *labels]))


def _phone_list(entry: Entry, language: str, name: str) -> str:
    """Numbers as one-tap call buttons; a number resting on old evidence only as text, with a warning."""
    s = strings(language)
    old = freshness.of(entry).old
    items = []
    for phone in entry.get("phones") or []:
        extra = phone_extra(phone, language)
        if old:
            extra = " · ".join(filter(None, [extra, s["site"]["old_number"]]))
        shown = escape(display_phone(phone["number"]))
        number = (f'<span class="contact__number">{shown}</span>' if old else
                  f'<a class="contact__call" href="tel:{escape(phone["number"])}" '
                  f'aria-label="{escape(s["site"]["call"])} {escape(name)}: {shown}">{shown}</a>')
        items.append(f'<li>{number}' + (f' <span class="contact__labels">{escape(extra)}</span>' if extra else "")
                     + "</li>")
    return f'<ul class="contact__phones">{"".join(items)}</ul>' if items else ""


def compact_card(entry: Entry, language: str, details_href: str) -> str:
    """Name and numbers only, for the home page and booklets; the full card is one tap away."""
    s = strings(language)
    name, _ = text(entry, "name", language)
    state = freshness.of(entry)
    return (f'<article class="contact contact--compact" data-type="{entry["type"]}" data-country="{entry["country"]}">'
            f'<p class="contact__name"><strong>{escape(name)}</strong></p>'
            + (_phone_list(entry, language, name) or f'<p class="contact__nophone">{escape(s["site"]["no_phone"])}</p>')
            + f'<p class="contact__status contact__status--{state.level}">{escape(state.words(language))}</p>'
            + f'<p class="contact__more"><a href="{escape(details_href)}">{escape(s["site"]["details"])}</a></p></article>')


def card(entry: Entry, language: str, vcf_href: str, report_href: str = "") -> str:
    """One entry as an <article>; vcf_href is the relative URL of its vCard, report_href where a reader
    reports a wrong number (scripts/site/report.py)."""
    s = strings(language)
    site = s["site"]
    name, name_lang = text(entry, "name", language)
    services, services_lang = text(entry, "services", language)
    borrowed = {code for code in (name_lang, services_lang) if code != language}
    parts = [f'<article class="contact" id="{escape(entry["id"])}" data-type="{entry["type"]}" '
             f'data-country="{entry["country"]}">',
             f'<p class="contact__name"><strong>{escape(name)}</strong>'
             f' <span class="contact__type">{escape(s["types"][entry["type"]])}</span></p>']
    if borrowed:
        parts.append(f'<p class="contact__fallback">{escape(s["fallback_notice"][sorted(borrowed)[0]])}</p>')
    parts.append(f'<p class="contact__services">{escape(services)}</p>')
    phones = _phone_list(entry, language, name)
    if phones:
        parts.append(phones)
    elif entry["type"] in ("hotline", "emergency"):
        parts.append(f'<p class="contact__nophone">{escape(site["no_phone"])}</p>')
    details = _details(entry, language)
    links = _links(entry, language, name)
    parts.append('<dl class="contact__details">' + "".join(
        f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in details) + "</dl>")
    if links:
        parts.append('<p class="contact__links">' + " · ".join(links) + "</p>")
    if savable(entry):
        parts.append(f'<p class="contact__save"><a href="{escape(vcf_href)}" download>{escape(site["save_contact"])}</a></p>')
    parts.append(_provenance(entry, language, report_href))
    parts.append("</article>")
    return "".join(parts)


def _details(entry: Entry, language: str) -> list[tuple[str, str]]:
    """Where, address, hours, languages and whom it serves, as (term, escaped value) pairs."""
    s = strings(language)
    site = s["site"]
    city, _ = text(entry, "city", language)
    details = [(site["where"], escape(", ".join(filter(None, [city, s["countries"][entry["country"]]]))))]
    for key in ("address", "hours"):
        value, _ = text(entry, key, language)
        if value:
            details.append((site[key], escape(value)))
    if entry.get("languages"):
        names = [s["language_names"].get(code, code) for code in entry["languages"]]
        details.append((site["languages"], escape(", ".join(names))))
    serves = entry.get("serves", [])
    served = site["serves_all"] if "all" in serves else ", ".join(s["countries"][c] for c in serves)
    details.append((site["serves"], escape(served)))
    return details


def _links(entry: Entry, language: str, name: str) -> list[str]:
    """Website, e-mail, messengers and map links; outside sites are contacted only when tapped."""
    s = strings(language)
    site = s["site"]
    links = []
    if entry.get("website"):
        links.append(f'<a href="{escape(entry["website"])}" rel="noopener">{escape(site["website"])}</a>')
    if entry.get("email"):
        links.append(f'<a href="mailto:{escape(entry["email"])}">{escape(entry["email"])}</a>')
    for network, handle in (entry.get("messengers") or {}).items():
        url = MESSENGER_URLS[network].format(handle.lstrip("+"))
        links.append(f'<a href="{escape(url)}" rel="noopener">{s["phone_labels"].get(network, network.title())}</a>')
    place = entry.get("coordinates")
    if place:
        lat, lon = place["lat"], place["lon"]
        note = f' <span class="contact__labels">({escape(site["city_only"])})</span>' if place["precision"] == "city" else ""
        links.append(f'<a href="geo:{lat},{lon}?q={lat},{lon}({escape(name)})">{escape(site["open_map"])}</a>{note}')
        links.append(f'<a href="https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}#map=13/{lat}/{lon}" '
                     f'rel="noopener">OpenStreetMap</a>')
    return links


def _provenance(entry: Entry, language: str, report_href: str = "") -> str:
    """How fresh the entry is, in words; its source; the day it was compared with that source; and
    where to report a mistake. A review is never worded as a confirmation (scripts/directory/freshness.py)."""
    site = strings(language)["site"]
    state = freshness.of(entry)
    source = entry["source"]
    title = escape(source["title"])
    if source.get("url"):
        title = f'<a href="{escape(source["url"])}" rel="noopener">{title}</a>'
    status = f'<strong class="contact__status contact__status--{state.level}">{escape(state.words(language))}</strong>'
    bits = [f'{escape(site["source"])}: {title}' + (f' ({escape(str(source["date"]))})' if source.get("date") else ""),
            f'{escape(site["source_reviewed"])}: {localized_date(entry["last_reviewed"], language)}']
    report = f'<br><a class="contact__report" href="{escape(report_href)}">{escape(site["report"])}</a>' if report_href else ""
    return f'<p class="contact__provenance">{status}<br>{" · ".join(bits)}{report}</p>'


def savable(entry: Entry) -> bool:
    """Something a phone's address book can keep: a number, an e-mail, a web page or an address."""
    return bool(entry.get("phones") or entry.get("email") or entry.get("website") or entry.get("address"))


def vcard(entries: Iterable[Entry], language: str) -> str:
    """vCard 3.0 text, one card per entry: Android and iOS import it from a download."""
    out = []
    for entry in filter(savable, entries):
        card_ = vobject.vCard()
        name, _ = text(entry, "name", language)
        card_.add("fn").value = name
        card_.add("n").value = vobject.vcard.Name(family=name)
        card_.add("org").value = [name]
        for phone in entry.get("phones") or []:
            tel = card_.add("tel")
            tel.value = phone["number"]
            tel.type_param = "VOICE"
        if entry.get("email"):
            card_.add("email").value = entry["email"]
        if entry.get("website"):
            card_.add("url").value = entry["website"]
        address, _ = text(entry, "address", language)
        city, _ = text(entry, "city", language)
        if address or city:
            card_.add("adr").value = vobject.vcard.Address(street=address, city=city,
                                                           country=strings(language)["countries"][entry["country"]])
        services, _ = text(entry, "services", language)
        # The same status as the card, with its year: a number saved years ago still says how old it was.
        card_.add("note").value = f"{services} ({freshness.of(entry).words(language)})"
        out.append(card_.serialize())
    return "".join(out)
