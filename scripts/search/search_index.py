"""One small search index per language, built from the rendered pages and the directory.

Why not Material's own index: it puts all five languages in one file (every reader downloads them all
and gets mixed results), leaves Kyrgyz, Tajik and Uzbek without word forms, and does no stemming at all
in practice. Here each language gets search/<language>.js, which the search box loads only when the
reader opens it (overrides/assets/search/portal-search.js). The file holds the words already reduced to
search keys by scripts/search/search_text.py, so the phone only looks them up; the rules that reduced them
travel in the same file, so a typed query is reduced the same way.

Documents: one per page (title, the text before the first heading, the description), one per section
(each heading with an id), and one per directory card, at its anchor on the country's contacts page,
so "Ош" or "8 800" lands on the card itself.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterable

import phonenumbers

from scripts.directory import contacts
from scripts.directory.contacts import Entry, display_phone
from scripts.directory.contacts_render import text as entry_text
from scripts.search.search_text import Analyzer, rules_for
from scripts.site.strings import strings
from scripts.translations import glossary

FORMAT = 1
IN_TITLE = 4            # flag in a posting: the key is in the document's title
MAX_COUNT = 3           # occurrences elsewhere are counted up to this (two bits)
SHOWN = 240             # characters of text kept to show under a result: two or three lines on a phone
SKIP_CLASSES = {"page-sources", "page-reviewed", "translation-notice", "contacts-map", "contact--compact",
                "directory__filter", "contact__save", "translation-status", "headerlink"}
SKIP_TAGS = {"script", "style", "svg", "template", "input", "button"}
BLOCK_TAGS = {"p", "li", "ul", "ol", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "dt",
              "dd", "dl", "td", "th", "tr", "table", "blockquote", "details", "summary", "figure", "br",
              "pre", "aside", "header", "footer"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"}
SPACES = re.compile(r"\s+")


@dataclass
class Document:
    location: str                 # site path with anchor: "ru/contacts/russia/#ru-mvd"
    title: str
    text: str                     # shown under the title in the results
    extra: str = ""               # searched, not shown: description, entry type, numbers as dialled
    context: str = ""             # the page title, for sections


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list["_Node | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: enough structure to find headings, cards and what to skip."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _text_of(node: _Node | str, parts: list[str]) -> None:
    if isinstance(node, str):
        parts.append(node)
        return
    if node.tag in SKIP_TAGS or node.classes & SKIP_CLASSES:
        return
    block = node.tag in BLOCK_TAGS
    if block:
        parts.append(" ")
    for child in node.children:
        _text_of(child, parts)
    if block:
        parts.append(" ")


def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def shown(text: str, limit: int = SHOWN) -> str:
    """The start of text, cut at a word, for the results list (the whole text is searched)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip(" ,;:·—-") + "…"


def page_documents(html: str, url: str, title: str, description: str = "") -> tuple[list[Document], list[str]]:
    """The page and its sections as documents, and the ids of the directory cards on the page.

    Cards are left out of the section text: each becomes a document of its own (card_documents).
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    page = Document(url, title, "", extra=description)
    documents = [page]
    card_ids: list[str] = []
    parts: list[str] = []
    current = page

    def flush() -> None:
        current.text = clean("".join(parts))
        parts.clear()

    def walk(node: _Node | str) -> None:
        nonlocal current
        if isinstance(node, str):
            parts.append(node)
            return
        if node.tag in SKIP_TAGS or node.classes & SKIP_CLASSES:
            return
        if node.tag == "article" and "contact" in node.classes and node.attrs.get("id"):
            card_ids.append(node.attrs["id"])
            return
        if node.tag in ("h2", "h3", "h4", "h5", "h6") and node.attrs.get("id"):
            flush()
            heading: list[str] = []
            _text_of(node, heading)
            current = Document(f"{url}#{node.attrs['id']}", clean("".join(heading)), "", context=title)
            documents.append(current)
            return
        if node.tag == "h1":
            return
        block = node.tag in BLOCK_TAGS
        if block:
            parts.append(" ")
        for child in node.children:
            walk(child)
        if block:
            parts.append(" ")

    walk(builder.root)
    flush()
    return documents, card_ids


def dialled_forms(number: str) -> list[str]:
    """A number as people type it: +7 800 200-01-22 → 78002000122, 88002000122, 8002000122."""
    digits = re.sub(r"\D", "", number)
    forms = [digits]
    if number.startswith("+"):
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            return forms
        national = re.sub(r"\D", "", phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
        forms += [national, phonenumbers.national_significant_number(parsed)]
    return list(dict.fromkeys(form for form in forms if form))


def card_document(entry: Entry, language: str, location: str) -> Document:
    """A directory entry as the reader sees its card: name, services, numbers, where."""
    s = strings(language)
    name, _ = entry_text(entry, "name", language)
    services, _ = entry_text(entry, "services", language)
    city, _ = entry_text(entry, "city", language)
    address, _ = entry_text(entry, "address", language)
    hours, _ = entry_text(entry, "hours", language)
    phones = [display_phone(phone["number"]) for phone in entry.get("phones") or []]
    where = ", ".join(filter(None, [city, s["countries"][entry["country"]]]))
    visible = " · ".join(filter(None, [where, " · ".join(phones), services, address, hours]))
    numbers = [form for phone in entry.get("phones") or [] for form in dialled_forms(phone["number"])]
    notes = [entry_text(phone, "note", language)[0] for phone in entry.get("phones") or [] if phone.get("note")]
    # Migrants often know places by their Russian or English names (Алматы, not Алмаато or Olmaota).
    places = [*(entry.get("city") or {}).values(),
              *(strings(code)["countries"][entry["country"]] for code in ("ru", "en"))]
    extra = " ".join([s["types"][entry["type"]], *notes, *numbers, *dict.fromkeys(places)])
    return Document(location, name, clean(visible), extra=extra)


def _without_suffix(url: str) -> str:
    """'ru/contacts/russia/' and, in a build without directory URLs, 'ru/contacts/russia.html' alike."""
    return re.sub(r"(/index)?\.html$", "", url).rstrip("/")


def card_documents(entries: Iterable[Entry], language: str, found: dict[str, list[str]]) -> list[Document]:
    """One document per entry shown on a page of this language, at its card on the contacts page.

    found maps entry id → pages (site paths) whose HTML holds its full card; the country's own contacts
    page is preferred, as that is where the reader finds every way to reach it.
    """
    documents = []
    for entry in entries:
        pages = found.get(entry["id"])
        if not pages:
            continue
        own = f"contacts/{contacts.countries()[entry['country']]['page']}"
        page = next((p for p in pages if _without_suffix(p).endswith(own)), pages[0])
        documents.append(card_document(entry, language, f"{page}#{entry['id']}"))
    return documents


def build(documents: list[Document], language: str, rules: dict | None = None) -> dict:
    """The index the search box loads: documents to show, and for each search key who has it where.

    A posting is packed as (document number − previous document number) × 8 + 4 if the key is in the
    document's title + how often it is in the rest (page title of a section, text, extra), at most 3.
    Each document also carries how many different keys its title has, so that a short title that is
    all query ("HIV") beats a long one that merely contains it.
    """
    analyzer = Analyzer(language, rules)
    postings: dict[str, dict[int, int]] = {}
    title_sizes = []
    groups = term_groups(analyzer, language)
    for number, document in enumerate(documents):
        document = with_synonyms(document, analyzer, groups)
        title_keys = set(analyzer.keys(document.title))
        title_sizes.append(len(title_keys))
        counts: dict[str, int] = {key: 0 for key in title_keys}
        for text in (document.context, document.text, document.extra):
            for key in analyzer.keys(text):
                counts[key] = counts.get(key, 0) + 1
        for key, count in counts.items():
            postings.setdefault(key, {})[number] = (IN_TITLE if key in title_keys else 0) + min(count, MAX_COUNT)
    keys = {}
    for key in sorted(postings):
        packed, previous = [], 0
        for number, flags in sorted(postings[key].items()):
            packed.append((number - previous) * 8 + flags)
            previous = number
        keys[key] = packed
    return {
        "format": FORMAT,
        "lang": language,
        "rules": rules_for(language, rules),
        "docs": [[d.location, d.title, shown(d.text), size] for d, size in zip(documents, title_sizes)],
        "keys": keys,
    }


def term_groups(analyzer: Analyzer, language: str) -> list[tuple[list[tuple[str, ...]], str]]:
    """The glossary's terms as key sequences: (every form's keys, all forms as text). The search rules make
    one-word forms one key already; this joins phrases too (кургак учук ↔ туберкулез, roʻyxatdan oʻtish ↔
    registratsiya), which one key cannot."""
    found = []
    for forms in glossary.search_groups(language):
        sequences = [tuple(keys) for form in forms if (keys := analyzer.keys(form))]
        if any(len(sequence) > 1 for sequence in sequences):
            found.append((sequences, " ".join(forms)))
    return found


def with_synonyms(document: Document, analyzer: Analyzer, groups: list) -> Document:
    """A document that uses any form of a term is found by every other form (added to what is searched,
    not shown): a reader who types the Russian word on their papers finds the page in their language."""
    keys = " " + " ".join(analyzer.keys(" ".join([document.title, document.context, document.text,
                                                   document.extra]))) + " "
    added = [text for sequences, text in groups if any(f" {' '.join(seq)} " in keys for seq in sequences)]
    if not added:
        return document
    return Document(document.location, document.title, document.text, " ".join([document.extra, *added]),
                    document.context)


def script(index: dict) -> str:
    """The index as a script, so it loads from file:// as well as from a server."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"PortalSearch.load({data});\n"


def stub(separator: str) -> str:
    """What Material's own loader fetches (search/search_index.json): settings only, no documents.

    Material loads it on every page to set up its worker and to highlight words on the page a result
    leads to; the real index is loaded by portal-search.js when the reader opens search.
    """
    return json.dumps({"config": {"lang": ["en"], "separator": separator, "pipeline": [], "fields": {}},
                       "docs": []}, separators=(",", ":"))

