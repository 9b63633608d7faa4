"""ZIM files for Kiwix: the site on phones with no hosted site, no service worker, no file://.

One ZIM per language, because a migrant copies one language to a phone (a few hundred KB instead of
all five), Kiwix's full-text search then finds pages in the reader's language only, and its index
uses that language's word rules where Xapian has them (English, Russian; Kyrgyz, Tajik and Uzbek get
plain word matching).

Pages come from the file:// bundle (links already end in .html). In a ZIM they carry no script:
Kiwix has its own search, so the theme's search box is hidden. Every link leads somewhere inside the
ZIM or is left out (zimcheck's internal-link check): the language switch keeps only the page's own
language, the <link rel="alternate"> tags to other languages are dropped, links to leaflets and
downloads (which the hosted site has and a ZIM does not) lead to the public address, and any other
link to what the ZIM does not hold becomes plain text. Editors' pages (translate: false) are left out.

Older Kiwix readers: the files are written by python-libzim's libzim 9, which no longer writes the old
"v0" title index (the header's titlePtrPos is 0xffffffffffffffff, libzim PR #969). Readers on libzim
7 and 8 (Debian's kiwix-serve 3.3 on libzim 8.1.1, Kiwix apps built on those versions) find titles
through X/listing/titleOrdered/v1, which these files hold, and open them; only zimcheck 3.1's
integrity check (libzim 8's validate) still reads the old pointer and reports "Full Title index
table outside ZIM file". tests/browser/test_kiwix.py serves all five files with that kiwix-serve
and runs zimcheck with every other check.
"""
from __future__ import annotations

import functools
import html
import mimetypes
import os
import posixpath
import re
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

from scripts.offline import pwa
from scripts.site import build_info, pages
from scripts.site.languages import language_prefix, languages, load_mkdocs_yml, site_name
from scripts.site.strings import strings

# ISO 639-3, which ZIM metadata and Kiwix's catalogue use.
ISO_639_3 = {"en": "eng", "ru": "rus", "ky": "kir", "tg": "tgk", "uz": "uzb", "kk": "kaz"}
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
# One language in Material's language switch: kept only when it leads to a page of this ZIM.
SELECT_ITEM = re.compile(r'<li class="md-select__item">\s*(<a\b[^>]*>.*?</a>|<span>.*?</span>)\s*</li>', re.S)
HREF = re.compile(r'\bhref="([^"]*)"')
KEEP_SCHEMES = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|$)", re.I)
ASSETS = re.compile(r"^assets/(?!javascripts/).*")
# Files the hosted site serves and a ZIM does not hold: their links lead to the public address.
ONLINE = re.compile(r"^(?:leaflets|downloads)/")


class _Item(Item):
    def __init__(self, path: str, title: str, mimetype: str, content: bytes, front: bool) -> None:
        super().__init__()
        self._path, self._title, self._mimetype, self._content, self._front = path, title, mimetype, content, front

    def get_path(self) -> str:
        return self._path

    def get_title(self) -> str:
        return self._title

    def get_mimetype(self) -> str:
        return self._mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self._content)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self._front, Hint.COMPRESS: self._mimetype.startswith(("text/", "image/svg"))}


@functools.lru_cache(maxsize=None)
def editor_pages() -> frozenset[str]:
    """Pages for editors only (translate: false, such as the translation status), in the bundle's
    form without a language prefix ('status.html'): no reader of a ZIM needs them."""
    return frozenset(path[:-3] + ".html" for path in set(pages.english_paths()) - set(pages.reader_paths()))


def files_of(bundle: Path, language: str) -> list[str]:
    """The language's pages and vCards, and the styles and images every page uses."""
    chosen = []
    prefix = language_prefix(language)
    for file in sorted(bundle.rglob("*")):
        path = file.relative_to(bundle).as_posix()
        if not file.is_file() or "/" not in path and not path.endswith(".html"):
            continue
        if path.startswith(prefix) and path[len(prefix):] in editor_pages():
            continue
        if ASSETS.match(path) or (pwa.language_of(path) == language and not pwa.SHELL.match(path)):
            chosen.append(path)
    return chosen


def _target(page: str, href: str) -> str | None:
    """The ZIM path a link on `page` leads to, or None for a link out of the site or within the page."""
    if KEEP_SCHEMES.match(href):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), html.unescape(href)))
    return re.split(r"[?#]", target)[0]


def rewrite(page: str, text: str, present: set[str], online: str = "") -> str:
    """No scripts; mark the copy; every link leads into this ZIM, to the public address (`online`,
    for leaflets and downloads), or nowhere (plain text); <link> tags to other files are dropped."""
    text = SCRIPT.sub("", text)
    text = text.replace("<body ", '<body data-offline-copy="zim" ', 1)

    def missing(attributes: str) -> str | None:
        href = HREF.search(attributes)
        target = _target(page, href.group(1)) if href else None
        return target if target is not None and target not in present else None

    def link_tag(match: re.Match) -> str:
        return "" if missing(match.group(0)) else match.group(0)

    def select_item(match: re.Match) -> str:
        return "" if match.group(1).startswith("<span") or missing(match.group(1)) else match.group(0)

    def link(match: re.Match) -> str:
        attributes, inner = match.group(1), match.group(2)
        target = missing(attributes)
        if target is None:
            return match.group(0)
        if online and ONLINE.match(target):
            address = 'href="' + html.escape(online + target, quote=True) + '"'
            return "<a" + HREF.sub(lambda _: address, attributes, count=1) + f">{inner}</a>"
        return f"<span>{inner}</span>"
    text = LINK_TAG.sub(link_tag, text)
    text = SELECT_ITEM.sub(select_item, text)
    return LINK.sub(link, text)


def export(bundle: Path, language: str, target: Path) -> Path:
    """Write the language's ZIM file (replacing any earlier one)."""
    prefix = language_prefix(language)
    paths = files_of(bundle, language)
    present = set(paths)
    config = load_mkdocs_yml()
    name = site_name(language)
    description = strings(language)["offline"]["readme_title"]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zim.part")
    partial.unlink(missing_ok=True)
    creator = Creator(str(partial)).config_indexing(True, ISO_639_3[language])
    with creator:
        creator.set_mainpath(f"{prefix}index.html")
        for path in paths:
            data = (bundle / path).read_bytes()
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.endswith(".vcf"):
                mimetype = "text/vcard"
            if path.endswith(".html"):
                text = rewrite(path, data.decode("utf-8"), present, build_info.public_address())
                creator.add_item(_Item(path, pwa.title_of(text, path), "text/html", text.encode("utf-8"), True))
            else:
                creator.add_item(_Item(path, "", mimetype, data, False))
        creator.add_illustration(48, (bundle / "assets" / "icons" / "icon-48.png").read_bytes())
        metadata = {
            "Name": f"safe-migration_{language}_all", "Title": name[:30],
            "Description": description[:80], "LongDescription": f"{description}. {build_info.built_on(language)}",
            "Language": ISO_639_3[language], "Creator": config["site_name"], "Publisher": config["site_name"],
            "Date": build_info.build_date().isoformat(), "Tags": "_category:other;migration;_ftindex:yes",
            "Source": build_info.public_address(), "Flavour": "all",
        }
        for key, value in metadata.items():
            creator.add_metadata(key, value)
    partial.replace(target)
    return target


def export_all(bundle: Path, folder: Path, name: str) -> list[Path]:
    # libzim reports its progress on the process's standard output; the build prints its own summary.
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return [export(bundle, lang.code, folder / f"{name}_{lang.code}.zim") for lang in languages()]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
