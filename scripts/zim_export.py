"""ZIM files for Kiwix: the site on phones with no hosted site, no service worker, no file://.

One ZIM per language, because a migrant copies one language to a phone (a few hundred KB instead of
all five), Kiwix's full-text search then finds pages in the reader's language only, and its index
uses that language's word rules where Xapian has them (English, Russian; Kyrgyz, Tajik and Uzbek get
plain word matching).

Pages come from the file:// bundle (links already end in .html). In a ZIM they carry no script:
Kiwix has its own search, so the theme's search box and language switcher are hidden, and links
to what a language's ZIM does not hold (other languages, leaflets) become plain text.
"""
from __future__ import annotations

import html
import mimetypes
import os
import posixpath
import re
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

from scripts import build_info, pwa
from scripts.languages import language_prefix, languages, load_mkdocs_yml, site_name
from scripts.strings import strings

# ISO 639-3, which ZIM metadata and Kiwix's catalogue use.
ISO_639_3 = {"en": "eng", "ru": "rus", "ky": "kir", "tg": "tgk", "uz": "uzb", "kk": "kaz"}
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
HREF = re.compile(r'\bhref="([^"]*)"')
KEEP_SCHEMES = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|$)", re.I)
ASSETS = re.compile(r"^assets/(?!javascripts/).*")


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


def files_of(bundle: Path, language: str) -> list[str]:
    """The language's pages and vCards, and the styles and images every page uses."""
    chosen = []
    for file in sorted(bundle.rglob("*")):
        path = file.relative_to(bundle).as_posix()
        if not file.is_file() or "/" not in path and not path.endswith(".html"):
            continue
        if ASSETS.match(path) or (pwa.language_of(path) == language and not pwa.SHELL.match(path)):
            chosen.append(path)
    return chosen


def rewrite(page: str, text: str, present: set[str]) -> str:
    """No scripts; mark the copy; links to files outside this ZIM become plain text."""
    text = SCRIPT.sub("", text)
    text = text.replace("<body ", '<body data-offline-copy="zim" ', 1)

    def link(match: re.Match) -> str:
        attributes, inner = match.group(1), match.group(2)
        href = HREF.search(attributes)
        if not href or KEEP_SCHEMES.match(href.group(1)):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), html.unescape(href.group(1))))
        target = re.split(r"[?#]", target)[0]
        if target in present:
            return match.group(0)
        return f"<span>{inner}</span>"
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
                text = rewrite(path, data.decode("utf-8"), present)
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
