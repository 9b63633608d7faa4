"""The installable site: what the service worker precaches, per-language file lists, manifests, offline pages.

Runs on a finished build (the whole site dir, every language), because the service worker must know
the content hash of every file it will ever cache: that is how it keeps one build's pages and shell
together (a page fetched from a newer build is never stored beside the older shell), and how an
update re-downloads only the files that changed. scripts/offline/hooks.py calls `refresh()` at the end of
`mkdocs build`; scripts/build calls it again once the leaflets are written, so they are listed too.

Written into the site:
- sw.js: overrides/sw.js with this build's file list filled in; its bytes change whenever any file
  changes, which is how browsers notice a new build.
- offline/index.json: the build date and, per language, how much "save this language" downloads.
- offline/<lang>.html: the page shown for a page that was never saved, in that language.
- manifest.webmanifest (and <lang>/manifest.webmanifest): one installable app per language.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.site import build_info, security
from scripts.site.languages import codes, default_code, language_prefix, languages, load_mkdocs_yml
from scripts.site.strings import strings

SW_TEMPLATE_MARK = re.compile(r"/\*BUILD\*/.*?/\*END\*/", re.S)
HASH_LENGTH = 12
# Never cached by the app: the worker itself, downloads (zip, ZIM), editors' reports, debugging files.
NOT_CACHED = re.compile(r"^(sw\.js|downloads/.*|reports/.*|sitemap\.xml(\.gz)?|.*\.map|.*\.gz|.*\.br)$")
# The app's frame: every page needs these, whatever its language.
SHELL = re.compile(r"^(assets/.*|offline/.*|(?:[a-z]{2}/)?manifest\.webmanifest|404\.html)$")
# What pages fetch besides what their tags name: the build date and sizes that assets/pwa.js shows.
FRAME_EXTRA = ("offline/index.json",)
FRAME_TAG = re.compile(r'<(?:script\b[^>]*\bsrc|img\b[^>]*\bsrc|link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref)="([^"]+)"')
THEME_COLOR = "#00796b"


@dataclass(frozen=True)
class SiteFile:
    path: str        # as on disk, relative to the site root: 'ru/health/tb/index.html'
    url: str         # as requested: 'ru/health/tb/'
    hash: str
    bytes: int
    transfer: int    # gzip size: roughly what it costs to download from a server that compresses


def url_of(path: str) -> str:
    """Directory URLs: 'ru/index.html' is requested as 'ru/', the root page as ''."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def site_path() -> str:
    """The path the site is published under ('/' for https://example.org/, '/REPO/' on a fork's Pages)."""
    return build_info.site_path()


def site_file(site: Path, path: str) -> SiteFile:
    data = (site / path).read_bytes()
    return SiteFile(path, url_of(path), digest(data), len(data), len(gzip.compress(data, 6, mtime=0)))


def scan(site: Path) -> dict[str, SiteFile]:
    """Every file the app may cache, by URL, with its content hash and sizes."""
    paths = [file.relative_to(site).as_posix() for file in sorted(site.rglob("*")) if file.is_file()]
    return {url_of(path): site_file(site, path) for path in paths if not NOT_CACHED.match(path)}


def language_of(url: str) -> str | None:
    """Which language a file belongs to; None for files every language shares (the shell, search)."""
    first = url.split("/", 1)[0]
    if first in codes() and first != default_code():
        return first
    if SHELL.match(url) or url.startswith(("assets/", "search/", "leaflets/")):
        return None
    return default_code()


def frame(site: Path, files: dict[str, SiteFile]) -> list[str]:
    """What every page loads: the scripts, styles and icons named by the tags of both each language's home
    page and its about page (a script only some pages load, such as "where are you now", is not
    frame), and FRAME_EXTRA. The worker keeps these from the start, so any page it has opens offline;
    the browser has just loaded them, so keeping them costs next to nothing."""
    found = set(FRAME_EXTRA)
    for language in codes():
        prefix = language_prefix(language)
        common = None
        for page in ("", "about/"):
            html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
            urls = set()
            for href in FRAME_TAG.findall(html):
                file, _, version = href.partition("?")
                url = posixpath.normpath(posixpath.join(prefix + page, file))
                if url in files:   # as the page asks for it (?v=…), so the worker finds it in the browser's cache
                    urls.add(f"{url}?{version}" if version else url)
            common = urls if common is None else common & urls
        found |= common
    return sorted(found)


def search_files_of(language: str, files: dict[str, SiteFile], shared: list[str]) -> list[str]:
    """What searching in a language needs beyond the frame (`shared`): its index, and the search code
    that portal-search.js loads when the reader opens search."""
    index = f"search/{language}.js"
    frame = {url.split("?")[0] for url in shared}
    # Material's bundle too: pages load it when search opens (assets/theme.js), so it is not frame
    code = [url for url in files if (url.startswith("assets/search/") or
                                     re.match(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", url)) and url not in frame]
    return ([index] if index in files else []) + code


def title_of(text: str, fallback: str = "") -> str:
    """A built page's title as readers see it: its heading, else its <title>."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S) or re.search(r"<title>(.*?)</title>", text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else fallback


def page_title(site: Path, file: SiteFile) -> str:
    if not file.path.endswith(".html"):
        return ""
    return title_of((site / file.path).read_text(encoding="utf-8", errors="replace"))


def language_files(language: str, files: dict[str, SiteFile], shared: list[str]) -> list[str]:
    """What "save this language" downloads: its pages, its search, and its offline page."""
    own = [url for url in files if language_of(url) == language and not SHELL.match(url)]
    return own + search_files_of(language, files, shared) + [f"offline/{language}.html"]


def size_text(language: str, size: int) -> str:
    s = strings(language)["offline"]
    if size < 1_000_000:
        return s["kilobytes"].format(size=max(1, round(size / 1000)))
    number = f"{size / 1_000_000:.1f}"
    return s["megabytes"].format(size=number.replace(".", "," if language != "en" else "."))


def manifest(language: str) -> dict:
    """The web app manifest for one language: installing from a Russian page gives a Russian app."""
    info = next(lang for lang in languages() if lang.code == language)
    up = "" if info.default else "../"
    icons = [{"src": f"{up}assets/icons/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"}
             for n in (48, 72, 96, 128, 144, 152, 192, 256, 384, 512)]
    icons += [{"src": f"{up}assets/icons/maskable-{n}.png", "sizes": f"{n}x{n}", "type": "image/png",
               "purpose": "maskable"} for n in (192, 512)]
    icons.append({"src": f"{up}assets/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"})
    found = {"name": info.site_name, "short_name": info.site_name, "lang": language, "dir": "ltr",
            "id": "./", "start_url": "./", "scope": up or "./", "display": "standalone",
            "background_color": "#ffffff", "theme_color": THEME_COLOR, "icons": icons}
    if info.default:   # the description is written in English only
        found["description"] = load_mkdocs_yml().get("site_description", "")
    return found


def offline_page(site: Path, language: str, listed: list[tuple[str, str]]) -> str:
    """The language's home page with its article replaced by 'this page is not saved'.

    The service worker shows it at whatever address the reader asked for, so every link in it is made
    absolute with <base>, and the theme's script gets an absolute base too (its hash in the
    Content-Security-Policy is computed again).
    """
    prefix = language_prefix(language)
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    s = strings(language)["offline"]
    items = "".join(f'<li><a href="{html.escape(url)}">{html.escape(title)}</a></li>' for url, title in listed)
    article = (f'<h1>{html.escape(s["missing_title"])}</h1><p>{html.escape(s["missing_text"])}</p>'
               f'<ul class="offline-list" data-offline-list>{items}</ul>'
               f'<p><a href="./">{html.escape(s["home"])}</a></p>')
    # Between the offline note (top of the article) and the offline panel (its end): the page itself.
    body, found = re.subn(r'(<div class="offline-stamp" data-offline-note.*?</div>).*?(<section class="offline-panel")',
                          lambda m: m.group(1) + article + m.group(2), home, count=1, flags=re.S)
    if not found:
        raise ValueError(f"{prefix}index.html: no offline note and panel around the page (overrides/main.html)")
    root = site_path()
    body = body.replace("<head>", f'<head><base href="{root}{prefix}">', 1)
    body = re.sub(r'("base":\s*)"[^"]*"', lambda m: f'{m.group(1)}"{root.rstrip("/") or "/"}"', body, count=1)
    body = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", body, count=1)
    body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(s['missing_title'])}</title>", body, count=1, flags=re.S)
    return security.add_policy(body)


def refresh(site: Path) -> dict:
    """Write the service worker, the file lists, the manifests and the offline pages into a built site."""
    site = Path(site)
    (site / "offline").mkdir(exist_ok=True)
    for language in codes():
        prefix = language_prefix(language)
        (site / prefix / "manifest.webmanifest").write_text(
            json.dumps(manifest(language), ensure_ascii=False, indent=1), encoding="utf-8")
    files = scan(site)

    def write(path: str, text: str) -> None:   # and keep `files` up to date, rather than scan again
        (site / path).write_text(text, encoding="utf-8")
        files[url_of(path)] = site_file(site, path)

    shell = frame(site, files)
    lists = {language: language_files(language, files, shell) for language in codes()}
    for language in codes():
        prefix = language_prefix(language)
        pages = [(url[len(prefix):] or "./", page_title(site, files[url])) for url in lists[language]
                 if url in files and files[url].path.endswith(".html") and not url.startswith("offline/")]
        write(f"offline/{language}.html", offline_page(site, language, [p for p in pages if p[1]]))
    # The words assets/pwa.js shows when storage is full: read from here, not from the page, so they
    # reach every page (the offline page too) without a new element in the theme.
    summary = {"built": build_info.build_date().isoformat(),
               "built_on": {language: build_info.built_on(language) for language in codes()},
               "not_kept": {language: strings(language)["offline"]["not_kept"] for language in codes()},
               "save_full": {language: strings(language)["offline"]["save_full"] for language in codes()},
               "languages": {}}
    for language in codes():
        chosen = lists[language]
        transfer = sum(files[url].transfer for url in chosen)
        summary["languages"][language] = {
            "files": len(chosen), "bytes": sum(files[url].bytes for url in chosen), "transfer": transfer,
            "size": size_text(language, transfer)}
    summary["downloads"] = downloads(site)
    write("offline/index.json", json.dumps(summary, ensure_ascii=False, indent=1))
    version = digest("\n".join(f"{url} {f.hash}" for url, f in sorted(files.items())).encode())
    build = {"version": version, "languages": codes(), "default": default_code(),
             "shell": shell,
             "files": {url: [f.hash, " ".join(code for code in codes() if url in lists[code])]
                       for url, f in sorted(files.items())},
             "offline": {language: f"offline/{language}.html" for language in codes()}}
    template = (Path(__file__).resolve().parents[2] / "overrides" / "sw.js").read_text(encoding="utf-8")
    worker = SW_TEMPLATE_MARK.sub(lambda m: "/*BUILD*/" + json.dumps(build, ensure_ascii=False,
                                                                    separators=(",", ":")) + "/*END*/", template)
    (site / "sw.js").write_text(worker, encoding="utf-8")
    shell_files = [files[url.split("?")[0]] for url in shell]
    return {"version": version, "shell_bytes": sum(f.bytes for f in shell_files),
            "shell_transfer": sum(f.transfer for f in shell_files), **summary}


def downloads(site: Path) -> list[dict]:
    """The zip bundle and ZIM files offered for download, if this build made them yet."""
    folder = site / "downloads"
    if not folder.is_dir():
        return []
    found = []
    for file in sorted(folder.iterdir()):
        if file.suffix in (".zip", ".zim"):
            language = re.search(r"_([a-z]{2})[_.]", file.name)
            found.append({"url": f"downloads/{file.name}", "bytes": file.stat().st_size,
                          "language": language.group(1) if file.suffix == ".zim" and language else ""})
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    result = refresh(site)
    print(f"pwa: service worker {result['version']}, shell {result['shell_transfer'] // 1000} KB to download")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
