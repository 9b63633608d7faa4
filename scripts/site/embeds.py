"""Directory entries embedded in pages, so a number is written once (in data/contacts.yaml).

Syntax, on a line of its own in any page:
    {{ contacts country=RU type=hotline,ngo }}   cards of the matching entries
    {{ contacts type=emergency view=compact }}   just names and numbers, linking to the full card
    {{ directory country=KG }}                   a country's whole directory, grouped by type, with a filter
    {{ directory }}                              every country, grouped
    {{ map type=centre }}                        a map of the matching places (static SVG)
    {{ translation_status }}                     the table of pages × languages for editors
    {{ leaflets }}                               every printable leaflet in every language (scripts/leaflets/)
    {{ downloads }}                              the offline copies for centres: size, date, checksum (scripts/offline/downloads.py)
    {{ where }}                                  "Where are you now?": that country's numbers first (assets/where.js)
and inline: {{ phone kg-anti-trafficking-hotline }} for a tap-to-call number.
"""
from __future__ import annotations

import re
from html import escape
from typing import Callable

from scripts.check.problems import Problem
from scripts.directory import contacts, contacts_map, freshness
from scripts.directory.contacts import Entry
from scripts.directory.contacts_render import card, compact_card, text
from scripts.leaflets.listing import listing
from scripts.leaflets.plan import load_plan
from scripts.offline import downloads
from scripts.site.languages import translated_codes
from scripts.site.strings import strings
from scripts.translations import data_translations, page_translations

KINDS = ("contacts", "directory", "map", "translation_status", "leaflets", "where", "downloads")
BLOCK = re.compile(r"^\{\{\s*(" + "|".join(KINDS) + r")\b([^}]*)\}\}[ \t]*$", re.M)
INLINE = re.compile(r"\{\{\s*phone\s+([a-z0-9-]+)\s*\}\}")
ANY = re.compile(r"\{\{(.*?)\}\}")
FILTER_KEYS = ("id", "country", "type", "serves")
VIEWS = ("full", "compact")


def parse_filters(arguments: str) -> tuple[dict[str, list[str]], str]:
    """'country=RU type=hotline,ngo view=compact' → ({'country': ['RU'], 'type': [...]}, 'compact').

    Raises ValueError on anything else.
    """
    filters: dict[str, list[str]] = {}
    view = "full"
    for word in arguments.split():
        key, _, values = word.partition("=")
        if key == "view" and values in VIEWS:
            view = values
        elif key in FILTER_KEYS and values:
            filters[key] = values.split(",")
        else:
            raise ValueError(f"'{word}' is not a filter")
    return filters, view


def check(markdown: str, entries: list[Entry], file: str, first_line: int) -> list[Problem]:
    """Problems with the embeds of one page: bad syntax, unknown ids, filters matching nothing."""
    problems = []
    by_id = {entry.get("id"): entry for entry in entries}
    for match in ANY.finditer(markdown):
        line = first_line + markdown.count("\n", 0, match.start())
        words = match.group(1).split()
        kind = words[0] if words else ""
        if kind == "phone":
            if len(words) != 2 or words[1] not in by_id:
                problems.append(Problem(file, line, f"unknown contact id in '{match.group(0)}'",
                                        "use the id of an entry in data/contacts.yaml"))
            elif not contacts.live_phones(by_id[words[1]]):
                problems.append(Problem(file, line, f"'{words[1]}' has no phone number that works",
                                        "embed its card instead: {{ contacts id=" + words[1] + " }}"))
            continue
        block = BLOCK.match(markdown, markdown.rfind("\n", 0, match.start()) + 1)
        if kind not in KINDS or not block:
            problems.append(Problem(file, line, f"'{match.group(0)}' is not an embed this site knows",
                                    "write {{ contacts country=RU type=hotline }}, {{ directory country=KG }}, "
                                    "{{ map type=centre }} on a line of its own, or {{ phone ID }} inline"))
            continue
        try:
            filters, _ = parse_filters(block.group(2))
        except ValueError as error:
            problems.append(Problem(file, line, f"{error} in '{match.group(0)}'",
                                    f"filters are {', '.join(FILTER_KEYS)}, written key=value,value, "
                                    f"and view={'|'.join(VIEWS)}"))
            continue
        unknown = [wanted for wanted in filters.get("id", []) if wanted not in by_id]
        for wanted in unknown:
            problems.append(Problem(file, line, f"unknown contact id '{wanted}'",
                                    "use the id of an entry in data/contacts.yaml (check the spelling)"))
        if kind != "contacts" or unknown:
            continue
        matched = contacts.select(entries, filters)
        if not matched:
            problems.append(Problem(file, line, f"'{match.group(0)}' matches no entry in the directory",
                                    "loosen the filters or add the entries to data/contacts.yaml"))
        elif not _offers_help(matched):
            problems.append(Problem(file, line, f"'{match.group(0)}' matches only entries with old sources or no "
                                    "way to reach them, so readers would see nothing",
                                    "add a current entry (a source from the last years, or a confirmation) to "
                                    "data/contacts.yaml, widen the filters, or remove the embed"))
    return problems


def _offers_help(entries: list[Entry]) -> bool:
    """Whether any of these (possibly invalid) entries would be shown; invalid ones count as shown,
    since the directory check already reports them."""
    try:
        return bool(freshness.for_help(entries))
    except (KeyError, TypeError, ValueError, AttributeError):
        return True


def expand(markdown: str, entries: list[Entry], language: str, href: Callable[[str], str],
           root_href: Callable[[str], str] | None = None,
           translation_states: dict[tuple[str, str], str] | None = None,
           report: Callable[[str | None], str] | None = None) -> str:
    """Replace embeds with HTML.

    href(path) turns a path in this language's part of the site ('contacts/vcf/x.vcf') into a
    page-relative URL; root_href(path) does the same for a path from the site root ('ru/about/');
    report(entry id) is where a reader reports a mistake in that entry (scripts/site/report.py).
    Embedded blocks offer only entries fit to help (scripts/directory/freshness.py); a country's directory
    shows all but history, which it lists apart.
    """
    by_id = {entry["id"]: entry for entry in entries}
    report = report or (lambda entry_id: "")

    def block(match: re.Match) -> str:
        kind, (filters, view) = match.group(1), parse_filters(match.group(2))
        if kind == "translation_status":
            return translation_table(root_href or href, translation_states or page_translations.states()) + \
                data_translation_table(data_translations.status())
        if kind == "leaflets":
            # The PDFs live at the site root (leaflets/<language>/), not under a language.
            return listing(load_plan(), language, root_href or href)
        if kind == "where":
            return where_chooser(language, href)
        if kind == "downloads":
            # The files live at the site root (downloads/, leaflets/), not under a language.
            return downloads.listing(language, root_href or href)
        chosen = contacts.select(entries, filters)
        if kind == "contacts":
            return cards(freshness.for_help(chosen), language, href, view, report)
        if kind == "map":
            return contacts_map.svg(freshness.listed(chosen), language)
        return directory(chosen, language, href, filters, report)

    def inline(match: re.Match) -> str:
        entry = by_id[match.group(1)]
        number = entry["phones"][0]["number"]
        shown = escape(contacts.display_phone(number))
        if freshness.of(entry).old:   # old evidence: the number as text, never a call button
            return f'<span class="contact__number">{shown}</span>'
        return f'<a class="contact__call" href="tel:{escape(number)}">{shown}</a>'

    return INLINE.sub(inline, BLOCK.sub(block, markdown))


def where_chooser(language: str, href: Callable[[str], str]) -> str:
    """Links to each country's contacts page; assets/where.js turns them into a choice kept on the device
    that brings that country's numbers first on this page."""
    s = strings(language)
    links = "".join(f'<li><a href="{escape(href("contacts/" + place["page"] + "/"))}" data-country="{code}">'
                    f'{escape(s["countries"][code])}</a></li>' for code, place in contacts.countries().items())
    return (f'<nav class="where-now" data-where aria-labelledby="where-now"><p id="where-now"><strong>'
            f'{escape(s["site"]["where_now"])}</strong></p><ul>{links}</ul></nav>')


def cards(chosen: list[Entry], language: str, href: Callable[[str], str], view: str = "full",
          report: Callable[[str | None], str] = lambda entry_id: "") -> str:
    if not chosen:
        return f'<p class="directory__empty">{escape(strings(language)["site"]["directory_empty"])}</p>'
    if view == "compact":
        return '<div class="contacts contacts--compact">' + "".join(
            compact_card(entry, language, href(f"contacts/{contacts.countries()[entry['country']]['page']}/")
                         + f"#{entry['id']}") for entry in chosen) + "</div>"
    return '<div class="contacts">' + "".join(
        card(entry, language, href(f"contacts/vcf/{entry['id']}.vcf"), report(entry["id"])) for entry in chosen) + "</div>"


# What the directory of every country (the contacts index) shows of each: the numbers to call first.
INDEX_TYPES = ("emergency", "hotline")


def directory(chosen: list[Entry], language: str, href: Callable[[str], str], filters: dict,
              report: Callable[[str | None], str] = lambda entry_id: "") -> str:
    """Entries grouped by country, then type, with a type filter that needs no script (radio buttons + CSS);
    organisations known only from old reports are listed once, apart, as history.

    Without a country filter (the contacts index, every country) each country shows only its emergency
    numbers and helplines, as compact cards, and links its own page for the rest: the index stays as
    light as a booklet page however many entries the directory grows to (the full cards, with their
    sources and report links, are each on one country page only)."""
    if "country" not in filters and len({entry["country"] for entry in chosen}) > 1:
        return directory_index(chosen, language, href)
    s = strings(language)
    order = list(s["types"])
    history = [entry for entry in chosen if freshness.historical(entry)]
    chosen = freshness.listed(chosen)
    html = []
    for country in contacts.countries():
        here = [entry for entry in chosen if entry["country"] == country]
        if not here:
            continue
        types = sorted({entry["type"] for entry in here}, key=order.index)
        group = f"f-{country}"
        html.append(f'<div class="directory" data-country="{country}">')
        if "country" not in filters:
            page = contacts.countries()[country]["page"]
            html.append(f'<h2 id="{country.lower()}"><a href="{escape(href(f"contacts/{page}/"))}">'
                        f'{escape(s["countries"][country])}</a></h2>')
        if len(types) > 1:
            html.append(f'<input type="radio" class="directory__choice" name="{group}" id="{group}-all" value="all" checked>')
            html.extend(f'<input type="radio" class="directory__choice" name="{group}" id="{group}-{t}" value="{t}">'
                        for t in types)
            html.append(f'<p class="directory__filter" tabindex="0"><span>{escape(s["site"]["filter_show"])}:</span> '
                        f'<label for="{group}-all">{escape(s["site"]["filter_all"])}</label>'
                        + "".join(f'<label for="{group}-{t}">{escape(s["types"][t])}</label>' for t in types) + "</p>")
        for kind in types:
            html.append(f'<section class="directory__group" data-type="{kind}"><h3>{escape(s["types"][kind])}</h3>')
            html.append(cards([e for e in here if e["type"] == kind], language, href, report=report))
            html.append("</section>")
        html.append(f'<p class="contact__save"><a href="{escape(href(f"contacts/vcf/{country.lower()}.vcf"))}" download>'
                    f'{escape(s["site"]["save_all"])} ({escape(s["countries"][country])})</a></p>')
        html.append("</div>")
    return ("".join(html) or cards([], language, href)) + history_list(history, language)


def directory_index(chosen: list[Entry], language: str, href: Callable[[str], str]) -> str:
    """Each country: a heading linking its page, its emergency numbers and helplines (compact cards, each
    linking its full card), a link to all its contacts, and "save all" (the country's vCard file)."""
    s = strings(language)
    listed = freshness.listed(chosen)
    html = []
    for country, place in contacts.countries().items():
        here = [entry for entry in listed if entry["country"] == country]
        if not here:
            continue
        page = href(f"contacts/{place['page']}/")
        first = [entry for entry in freshness.for_help(here) if entry["type"] in INDEX_TYPES]
        first.sort(key=lambda entry: INDEX_TYPES.index(entry["type"]))
        name = s["countries"][country]
        html.append(f'<div class="directory directory--index" data-country="{country}">'
                    f'<h2 id="{country.lower()}"><a href="{escape(page)}">{escape(name)}</a></h2>')
        if first:
            html.append(cards(first, language, href, "compact"))
        html.append(f'<p class="directory__more"><a href="{escape(page)}">'
                    f'{escape(s["site"]["contacts_in"].format(country=name))} ({len(here)})</a></p>')
        html.append(f'<p class="contact__save"><a href="{escape(href(f"contacts/vcf/{country.lower()}.vcf"))}" download>'
                    f'{escape(s["site"]["save_all"])} ({escape(name)})</a></p></div>')
    return "".join(html) or cards([], language, href)


def history_list(entries: list[Entry], language: str) -> str:
    """Organisations named in earlier reports, each once with its year: the project's provenance, not help."""
    if not entries:
        return ""
    s = strings(language)
    items = []
    for entry in entries:
        name, _ = text(entry, "name", language)
        city, _ = text(entry, "city", language)
        source = entry["source"]
        cited = escape(source["title"]) + (f" ({escape(str(source['date']))})" if source.get("date") else "")
        items.append(f'<li id="{escape(entry["id"])}"><strong>{escape(name)}</strong>'
                     + (f", {escape(city)}" if city else "") + f' — {cited}</li>')
    return (f'<details class="directory__history"><summary>{escape(s["site"]["history_title"])} ({len(entries)})</summary>'
            f'<p>{escape(s["site"]["history_intro"])}</p><ul>{"".join(items)}</ul></details>')


def translation_table(href: Callable[[str], str], states: dict[tuple[str, str], str]) -> str:
    """Pages × languages with their state, each cell linking to the page in that language."""
    rows = []
    for path in sorted({p for _, p in states}):
        url = path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
        cells = "".join(
            f'<td class="status status--{states[(code, path)].replace(" ", "-")}">'
            f'<a href="{escape(href(f"{code}/{url}"))}">{escape(states[(code, path)])}</a></td>'
            for code in translated_codes())
        rows.append(f'<tr><th scope="row"><a href="{escape(href(url))}">{escape(path)}</a></th>{cells}</tr>')
    head = "".join(f'<th scope="col">{code}</th>' for code in translated_codes())
    return f'<table class="translation-status"><thead><tr><th scope="col">page</th>{head}</tr></thead>' \
           f'<tbody>{"".join(rows)}</tbody></table>'


def data_translation_table(found: list[data_translations.Status]) -> str:
    """Interface strings and directory fields: counts per language, then each outdated or missing text with
    the English it should now say (scripts/translations/data_translations.py)."""
    codes = translated_codes()
    head = "".join(f'<th scope="col">{code}</th>' for code in codes)
    rows = []
    for label, is_group in (("interface strings", lambda g: g == "strings"),
                            ("directory fields", lambda g: g.startswith("contacts:"))):
        cells = []
        for code in codes:
            mine = [s for s in found if s.language == code and is_group(s.unit.group)]
            late = [s for s in mine if s.state != data_translations.UP_TO_DATE]
            state = "up-to-date" if not late else "outdated"
            text = f"{len(mine) - len(late)} of {len(mine)} up to date"
            cells.append(f'<td class="status status--{state}">{escape(text)}</td>')
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
    table = f'<table class="translation-status"><thead><tr><th scope="col">texts</th>{head}</tr></thead>' \
            f'<tbody>{"".join(rows)}</tbody></table>'
    late = [s for s in found if s.state != data_translations.UP_TO_DATE]
    if not late:
        return table
    items = "".join(f"<li><code>{escape(s.file)}:{s.line}</code> {escape(s.unit.group)} {escape(s.unit.key)} "
                    f"({escape(s.language)}): {escape(s.state)}; the English is now: {escape(s.unit.english)}</li>"
                    for s in late)
    return table + f'<ul class="translation-status__late">{items}</ul>'
