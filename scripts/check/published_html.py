"""Check what is published, not what was typed: the HTML of a page after Markdown, attr_list and embeds.

Line-based rules on the Markdown source miss HTML split over lines, hidden behind an invalid code fence
or produced by attr_list ({: onclick=… }). This module parses the rendered HTML as a browser does
(tinyhtml5, the WHATWG parser WeasyPrint uses, already pinned) and accepts only an allowlist of
elements, attributes and URL schemes. Two allowlists:

- EDITOR: what an editor's Markdown may produce (the editors' check renders each page with the
  Markdown extensions of mkdocs.yml, `{{ … }}` embeds left as text);
- BUILD: the same plus what the portal's own embeds write (directory cards, filters, the map), applied
  by the build to every page's content (scripts/site/hooks.py), so nothing else can reach a reader.

A refusal names the page and the nearest source line: the first line that contains the refused tag,
attribute or address, else the first line of the page's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import tinyhtml5.parser

from scripts.check.problems import Problem
from scripts.site.languages import ROOT

HTML_NS = "{http://www.w3.org/1999/xhtml}"
SVG_NS = "{http://www.w3.org/2000/svg}"
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster", "cite", "data", "background"}
TEXT_ALIGN = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*")   # Markdown tables' column alignment
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
BROWSER_IGNORED = re.compile(r"[\x00-\x20\x7f]")   # browsers drop these from a URL before reading its scheme


@dataclass(frozen=True)
class Allowlist:
    elements: frozenset[str]                       # HTML names; SVG names start with "svg:"
    attributes: frozenset[str]                     # on every allowed element
    element_attributes: dict[str, frozenset[str]] = field(default_factory=dict)
    link_schemes: frozenset[str] = frozenset()     # href of <a>; a URL without a scheme is a link within the site
    image_schemes: frozenset[str] = frozenset()    # src of <img>: none, only the site's own files


EDITOR = Allowlist(
    elements=frozenset("""p br hr h1 h2 h3 h4 h5 h6 a strong em b i u s del ins mark small sub sup code kbd abbr
        span pre blockquote ul ol li dl dt dd table thead tbody tfoot tr th td caption div details summary
        img figure figcaption""".split()),
    attributes=frozenset({"id", "class", "title", "lang"}),
    element_attributes={
        "a": frozenset({"href", "rel", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "ol": frozenset({"start"}),
        "li": frozenset({"value"}),
        "details": frozenset({"open"}),
        "th": frozenset({"style", "align", "colspan", "rowspan", "scope"}),
        "td": frozenset({"style", "align", "colspan", "rowspan"}),
        "abbr": frozenset({"title"}),
    },
    link_schemes=frozenset({"http", "https", "mailto"}),
)
# What scripts/site/embeds.py, contacts_render.py and contacts_map.py write into pages (directory cards,
# the filter of {{ directory }}, the map), and leaflet links: allowed in the build only.
BUILD = Allowlist(
    elements=EDITOR.elements | {"article", "section", "figure", "time", "input", "label", "nav", "svg:svg",
                                "svg:title", "svg:desc", "svg:g", "svg:rect", "svg:polygon", "svg:path",
                                "svg:circle", "svg:text", "svg:a", "svg:line", "svg:polyline", "svg:ellipse"},
    attributes=EDITOR.attributes | {"aria-label", "aria-hidden", "role", "tabindex", "data-type", "data-country",
                                    "data-language", "data-leaflet", "data-leaflet-size",
                                    "data-download-facts"},     # the downloads page (scripts/offline/downloads.py)
    element_attributes={
        **EDITOR.element_attributes,
        "a": EDITOR.element_attributes["a"] | {"download", "type"},
        "time": frozenset({"datetime"}),
        "input": frozenset({"type", "name", "value", "checked"}),
        "label": frozenset({"for"}),
        "nav": frozenset({"aria-labelledby", "data-where"}),     # "where are you now?" ({{ where }})
        "svg:svg": frozenset({"viewBox", "xmlns", "width", "height", "preserveAspectRatio"}),
        "svg:a": frozenset({"href"}),
        **{f"svg:{name}": frozenset({"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
                                     "height", "points", "d", "transform", "text-anchor"})
           for name in ("rect", "polygon", "path", "circle", "text", "line", "polyline", "ellipse", "g")},
    },
    link_schemes=EDITOR.link_schemes | {"tel", "geo"},
)
INPUT_TYPES = {"radio", "checkbox"}


@dataclass(frozen=True)
class Finding:
    """One thing the allowlist refuses: what it is, and a needle to find its line in the source."""
    message: str
    fix: str
    needle: re.Pattern


def _name(tag: str) -> str | None:
    if tag.startswith(HTML_NS):
        return tag[len(HTML_NS):]
    if tag.startswith(SVG_NS):
        return "svg:" + tag[len(SVG_NS):]
    return None   # MathML or anything else: never allowed


def _attribute_name(name: str) -> str:
    """tinyhtml5 writes namespaced attributes as {ns}local; xmlns and xlink are all we expect."""
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return "xmlns" if namespace.endswith("/xmlns/") else f"xlink:{local}" if "xlink" in namespace else local
    return name


def _needle(text: str) -> re.Pattern:
    return re.compile(re.escape(text), re.I)


def _loose_needle(value: str) -> re.Pattern | None:
    """The value's first letters and digits, with anything between them on one line: a URL typed with
    entities or escapes (jav&#x09;ascript:) is still found on its line."""
    letters = re.findall(r"[A-Za-z0-9]", value)[:16]
    return re.compile(r"[^\n]{0,12}?".join(map(re.escape, letters)), re.I) if len(letters) >= 3 else None


def scheme(url: str) -> str:
    """The scheme a browser sees ('' for an address within the site), after dropping what browsers drop."""
    match = SCHEME.match(BROWSER_IGNORED.sub("", url))
    return match.group(1).lower() if match else ""


def findings(html: str, allow: Allowlist) -> list[Finding]:
    """Everything in `html` (a page's content) the allowlist refuses, in document order."""
    found: list[Finding] = []
    root = tinyhtml5.parser.HTMLParser().parse_fragment(html)
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "DOCUMENT_FRAGMENT":
            continue     # comments (shown to nobody) and the fragment itself
        name = _name(element.tag)
        shown = (name or element.tag.rsplit("}", 1)[-1]).removeprefix("svg:")
        if name not in allow.elements:
            found.append(Finding(f"the HTML element <{shown}> is not allowed in a page",
                                 "use Markdown instead: pages may not add tags, scripts, styles, forms or frames",
                                 re.compile(rf"<\s*{re.escape(shown)}\b", re.I)))
            continue
        permitted = allow.attributes | allow.element_attributes.get(name, frozenset())
        for raw, value in element.attrib.items():
            attribute = _attribute_name(raw)
            if attribute not in permitted:
                found.append(Finding(f"the attribute '{attribute}' on <{shown}> is not allowed",
                                     "remove it (with attr_list, only {: #id .class } are allowed)",
                                     re.compile(rf"\b{re.escape(attribute)}\s*=", re.I)))
            elif attribute == "style" and not TEXT_ALIGN.fullmatch(value):
                found.append(Finding("a style attribute is not allowed", "remove it: styles can hide text from readers",
                                     re.compile(r"\bstyle\s*=", re.I)))
            elif name == "input" and attribute == "type" and value.lower() not in INPUT_TYPES:
                found.append(Finding(f"an input of type '{value}' is not allowed", "remove it", _needle(value)))
            elif attribute in URL_ATTRIBUTES:
                problem = _url_problem(name, attribute, value, allow)
                if problem:
                    found.append(Finding(problem[0], problem[1], _loose_needle(value) or _needle(attribute)))
    return found


def _url_problem(element: str, attribute: str, value: str, allow: Allowlist) -> tuple[str, str] | None:
    kind = scheme(value)
    if element == "img" or attribute == "src":
        if kind or BROWSER_IGNORED.sub("", value).startswith("//"):
            return (f"the image '{value}' is loaded from another site",
                    "put the image file in content/ next to the page and link to it, e.g. ![what it shows](map.png)")
        return None
    if kind and kind not in allow.link_schemes:
        if kind in ("tel", "sms", "callto"):
            return (f"a {kind}: link ('{value}') types a number into the page",
                    "numbers are written once, in data/contacts.yaml: embed the entry with {{ phone ID }} "
                    "or {{ contacts id=ID }}")
        return (f"a {kind}: link is not allowed ('{value[:60]}')",
                "link to a page of the site (the .md file) or to a web address starting with https://")
    return None


def locate(findings_: Iterable[Finding], source: str, file: str, first_line: int) -> list[Problem]:
    """Problems with the nearest source line: the first line holding the finding's needle."""
    lines = source.splitlines()
    problems = []
    for finding in findings_:
        line = next((first_line + number for number, text in enumerate(lines) if finding.needle.search(text)),
                    first_line)
        problems.append(Problem(file, line, finding.message, finding.fix))
    return problems


@lru_cache(maxsize=None)
def _markdown_config() -> tuple[list, dict]:
    """The Markdown extensions of mkdocs.yml, with their settings, read as mkdocs reads them."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml_load(handle)
    names, settings = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(item)
    return names, settings


def render(markdown_text: str) -> str:
    """A page's Markdown as mkdocs renders it (same extensions), embeds left as text."""
    import markdown

    names, settings = _markdown_config()
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(markdown_text)


def check_page(body: str, file: str, first_line: int) -> list[Problem]:
    """The editors' check: a page's Markdown, rendered, against the EDITOR allowlist."""
    return locate(findings(render(body), EDITOR), body, file, first_line)
