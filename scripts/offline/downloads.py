"""The downloads page for centres and NGOs: every offline copy, with its size, build date and checksum.

    {{ downloads }}    on a line of its own (content/offline-copies.md, in every language)

The embed lists the files a full build makes (scripts/build): the bundle zip and one ZIM per language
(site/downloads/, scripts/offline/bundle.py) and one zip of leaflets per language (site/leaflets/,
scripts/leaflets/), each with two lines on what to do with it. The files exist only once the build
has made them, so the page leaves a place for each file's facts, and `fill()` writes the size, the
build date and the SHA-256 there when they exist (scripts/offline/bundle.py runs it, the way
scripts/leaflets/ fills the leaflets' sizes). `mkdocs serve` shows the list without them.

In the file:// bundle and the ZIM files made from it, the downloads are not beside the page: the
links lead to the public address (scripts/site/build_info.py), without facts.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Callable

from scripts.leaflets.listing import human_size
from scripts.leaflets.plan import zip_path
from scripts.offline import mirror
from scripts.site import build_info
from scripts.site.languages import codes, language_prefix, languages, page_language
from scripts.site.strings import strings

NAME = "safe-migration"
FOLDER = "downloads"
BUNDLE = f"{FOLDER}/{NAME}-offline.zip"
SUMS = f"{FOLDER}/{mirror.SUMS}"
FACTS = re.compile(r'(<span class="downloads__facts" data-download-facts="([^"]+)">).*?(</span>)', re.S)


class DownloadsError(RuntimeError):
    pass


def zim_path(language: str) -> str:
    return f"{FOLDER}/{NAME}_{language}.zim"


def groups(language: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(kind, [(path from the site root, label, language of the file or '')]) in the order the page shows them:
    the whole site, Kiwix files, leaflets; the reader's language first within each."""
    s = strings(language)
    order = [language] + [code for code in codes() if code != language]
    names = {lang.code: lang.name for lang in languages()}
    return [
        ("bundle", [(BUNDLE, s["downloads"]["bundle_file"], "")]),
        ("zim", [(zim_path(code), s["downloads"]["zim_file"].format(language=names[code]), code)
                 for code in order]),
        ("leaflets", [(zip_path(code), s["leaflet"]["zip"].format(language=names[code]), code)
                      for code in order]),
    ]


def listing(language: str, href: Callable[[str], str]) -> str:
    """The {{ downloads }} embed; href(path) turns a path from the site root into a link from the page."""
    s = strings(language)["downloads"]
    offline = bool(build_info.offline_mode())
    online = build_info.public_address()

    def link(path: str, label: str, code: str = "") -> str:
        hreflang = f' hreflang="{code}"' if code else ""
        if not offline:
            return f'<a href="{escape(href(path))}"{hreflang} download>{escape(label)}</a>'
        if online:
            return f'<a href="{escape(online + path)}"{hreflang}>{escape(label)}</a>'
        return escape(label)

    html = []
    for kind, files in groups(language):
        items = "".join(
            f"<li>{link(path, label, code)}"
            + ("" if offline else f'<br><span class="downloads__facts" data-download-facts="{escape(path)}"></span>')
            + "</li>" for path, label, code in files)
        html.append(f'<section class="downloads downloads--{kind}"><h2 id="downloads-{kind}">{escape(s[kind])}</h2>'
                    f'<p>{escape(s[kind + "_use"])}</p><ul class="downloads__files">{items}</ul></section>')
    page = online + language_prefix(language) + "offline-copies/"     # this page on the website
    before, _, after = s["online"].partition("{address}")
    where = f'{escape(before)}<a href="{escape(page)}">{escape(page)}</a>{escape(after)}' if offline and online else ""
    sums = "" if offline else f'<p class="downloads__sums">{link(SUMS, s["sums_file"])}: {escape(s["sums"])}</p>'
    return (f"<p>{where}</p>" if where else "") + "".join(html) + sums


def facts(site: Path, path: str, language: str, sums: dict[str, str] | None = None) -> str:
    """'9.6 MB · built 2 December 2026 · SHA-256: <code>…</code>' for one built file."""
    s = strings(language)["downloads"]
    file = site / path
    sums = {} if sums is None else sums
    digest = sums.get(path) or sums.setdefault(path, mirror.sha256(file))
    size = human_size(file.stat().st_size, language)
    built = s["built"].format(date=build_info.build_date_text(language))
    return f'{escape(size)} · {escape(built)} · {escape(s["checksum"])}: <code>{digest}</code>'


def fill(site: Path) -> int:
    """Write each file's facts into the built pages that list it; a file the build did not make stops it."""
    changed = 0
    sums: dict[str, str] = {}
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "data-download-facts" not in text:
            continue
        missing = sorted({m.group(2) for m in FACTS.finditer(text) if not (site / m.group(2)).is_file()})
        if missing:
            raise DownloadsError(f"{page.relative_to(site)} lists files the build did not make: {', '.join(missing)}")
        language = page_language(text)
        filled = FACTS.sub(lambda m: m.group(1) + facts(site, m.group(2), language, sums) + m.group(3), text)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
            changed += 1
    return changed
