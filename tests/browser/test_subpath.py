"""The site published under a sub-path, as a fork on GitHub Pages (https://OWNER.github.io/REPO/) or a
centre's server (/portal/) publishes it: links, search, the language switch, the directory, the leaflets,
the installed app and its offline pages must all stay inside that path.

One extra build per session: the site built with SITE_URL=http://127.0.0.1:PORT/portal/ (the address the
test server then answers at), served under /portal/ beside the root build at / on the same origin, as
github.io serves an owner's site and their project sites. A missing page under /portal/ gets the
site's 404.html, as GitHub Pages does.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from scripts.leaflets.listing import fill_sizes
from scripts.site.languages import codes, language_prefix, languages
from scripts.site.strings import strings
from tests.browser.conftest import PHONE, _QuietHandler, screenshot, until
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PREFIX = "/portal/"
SEARCH_BUTTON = "label.md-header__button[for='__search']"
SEARCH_BOX = "input[data-md-component=search-query]"


class _Handler(_QuietHandler):
    """/portal/… from the sub-path build, everything else from the root build (when there is one).
    Pages are revalidated (Cache-Control: no-cache), as GitHub Pages makes browsers do."""
    portal: Path
    root: Path | None

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if clean.startswith(PREFIX):
            self.directory = str(self.portal)
            return super().translate_path(path[len(PREFIX) - 1:])
        self.directory = str(self.root or self.portal / "-nothing-")
        return super().translate_path(path)

    def send_head(self):
        target = self.translate_path(self.path)
        if os.path.exists(target) or not urlsplit(self.path).path.startswith(PREFIX):
            return super().send_head()
        body = (self.portal / "404.html").read_bytes()          # GitHub Pages: the site's own 404 page
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


@pytest.fixture(scope="module")
def portal(built_site: Path, leaflet_site: Path, tmp_path_factory) -> Iterator[dict]:
    """The sub-path build on a server that answers at its address: {'url', 'site', 'root_url'}."""
    site = tmp_path_factory.mktemp("portal") / "site"
    handler = type("Handler", (_Handler,), {"portal": site, "root": built_site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)    # bound now: the build needs its port
    origin = f"http://127.0.0.1:{server.server_port}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": origin + PREFIX}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    # The leaflets as scripts/build adds them (taken from the root build's: making them again costs a
    # minute), then the app's file lists again, with the build's address, as scripts/build does.
    # Only the PDFs and zips: the pages under leaflets/ are this build's own (their theme files differ).
    shutil.copytree(leaflet_site / "leaflets", site / "leaflets", dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if n.endswith(".html")])
    fill_sizes(site)
    result = subprocess.run([sys.executable, "-m", "scripts.offline.pwa", str(site)], cwd=ROOT, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": origin + PREFIX, "site": site, "root_url": origin + "/"}
    server.shutdown()


class Phone:
    """A phone-sized page that records what it requests outside the sub-path, and what failed."""

    def __init__(self, context: BrowserContext, base: str):
        self.context, self.base = context, base
        self.page = context.new_page()
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.violations: list[str] = []
        self.page.on("request", self._request)
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("console", lambda m: self.violations.append(m.text)
                     if "Content Security Policy" in m.text else None)

    def _request(self, request) -> None:
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.outside.append(request.url)

    def goto(self, path: str, **options):
        return self.page.goto(self.base + path, **options)

    def clean(self) -> None:
        assert self.outside == [], f"requested outside {self.base}: {self.outside}"
        assert self.failed == [], self.failed
        assert self.violations == [], self.violations


@pytest.fixture
def phone(browser: Browser, portal: dict) -> Iterator[Phone]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield Phone(context, portal["url"])
    context.close()


@pytest.fixture
def app(browser: Browser, portal: dict) -> Iterator[Phone]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    yield Phone(context, portal["url"])
    context.close()




def cached(address: str) -> str:
    return f"""(async () => {{
        for (const name of await caches.keys()) {{
            if (await (await caches.open(name)).match({address!r})) return true;
        }}
        return false; }})()"""


def logo(page: Page) -> str:
    return page.locator(".md-header__button.md-logo").first.evaluate("a => a.href")


# --- Without a browser: every link of every page stays inside the sub-path ---------------------------

LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


def test_every_link_of_every_page_stays_inside_the_sub_path(portal):
    site, base = portal["site"], portal["url"]
    origin = base[: -len(PREFIX)]
    wrong: list[str] = []
    checked = 0
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        # Where readers see the page: a folder for index.html; 404.html and the offline pages are shown
        # at any address, so their links must not depend on it.
        shown = base + relative[: -len("index.html")] if relative.endswith("index.html") else base + relative
        if relative == "404.html" or relative.startswith("offline/"):
            shown = base + "some/missing/page/"
        text = file.read_text(encoding="utf-8")
        bases = re.findall(r'<base href="([^"]*)"', text)
        for link in LINK.findall(text):
            if link.startswith(("#", "tel:", "mailto:", "sms:", "data:", "geo:", "javascript:")):
                continue
            target = urljoin(urljoin(shown, bases[0]) if bases else shown, link.replace("&amp;", "&"))
            if not target.startswith(origin):
                continue                          # another site (sources, report links)
            checked += 1
            path = unquote(urlsplit(target).path)
            local = path[len(PREFIX):]
            if not path.startswith(PREFIX):
                wrong.append(f"{relative}: {link} leads outside {PREFIX}")
            elif local.startswith("downloads/") and local != "downloads/":
                continue                          # the bundle and ZIMs exist only after scripts.offline.bundle
            elif not ((site / local).is_file() or (site / local / "index.html").is_file()):
                wrong.append(f"{relative}: {link} → {path} does not exist")
    assert checked > 10000
    assert wrong == [], "\n".join(wrong[:30])


def test_manifest_scope_and_offline_pages_name_the_sub_path(portal):
    site = portal["site"]
    import json
    worker = (site / "sw.js").read_text(encoding="utf-8")
    build = json.loads(re.search(r"/\*BUILD\*/(.*?)/\*END\*/", worker, re.S).group(1))
    assert "index.html" not in build["files"] and "" in build["files"]       # paths relative to the scope
    for language in codes():
        prefix = language_prefix(language)
        offline = (site / "offline" / f"{language}.html").read_text(encoding="utf-8")
        assert f'<base href="{PREFIX}{prefix}">' in offline
        manifest = json.loads((site / prefix / "manifest.webmanifest").read_text(encoding="utf-8"))
        # relative to the manifest's own address: the app is the sub-path's, never the whole origin's
        assert manifest["scope"] == ("./" if not prefix else "../") and manifest["start_url"] == "./"
    assert f'href="{PREFIX}assets/' in (site / "404.html").read_text(encoding="utf-8")


# --- Reading: home pages, a booklet, contacts, the language switch -----------------------------------

def test_home_pages_booklet_and_contacts(phone: Phone):
    page = phone.page
    for language in codes():
        phone.goto(language_prefix(language))
        assert page.get_attribute("html", "lang") == language
        assert page.locator("a[href^='tel:']").count() >= 1
        page.wait_for_load_state("networkidle")
    screenshot(page, "subpath-home-uz")
    phone.goto("ru/health/tb/")
    assert "Туберкул" in page.locator("article h1").inner_text()
    assert logo(page) == phone.base + "ru/"                          # the logo leads home, in the sub-path
    phone.goto("ky/contacts/kyrgyzstan/")
    assert page.locator("article.contact").count() >= 1
    vcard = page.locator("a[href$='.vcf']").first.get_attribute("href")
    assert page.request.get(urljoin(page.url, vcard)).ok
    page.wait_for_load_state("networkidle")
    screenshot(page, "subpath-contacts-ky")
    # "Where are you now": the choice stays on the page, and the contacts index follows it
    phone.goto("ru/")
    page.locator("[data-where] a[data-country='KZ']").click()
    assert page.url == phone.base + "ru/"
    phone.goto("ru/contacts/")
    assert page.locator(".md-content__inner > .directory").first.get_attribute("data-country") == "KZ"
    phone.clean()


@pytest.mark.parametrize("start", ["", "health/tb/"])
def test_language_switch_stays_in_the_sub_path(phone: Phone, start: str):
    page = phone.page
    for language in languages():
        if language.default:
            continue
        phone.goto(start)
        page.locator(".md-header__option .md-select").first.hover()
        page.locator(f".md-select a[hreflang='{language.code}']").click()
        page.wait_for_url(phone.base + language.code + "/" + start)
        assert page.get_attribute("html", "lang") == language.code
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(".md-select a[hreflang='en']").click()
    page.wait_for_url(phone.base + start)
    phone.clean()


def test_a_missing_page_gets_the_sites_404_page(phone: Phone):
    page = phone.page
    response = phone.goto("ru/no-such-page/deeper/")
    assert response.status == 404
    phone.failed.remove(f"404 {phone.base}ru/no-such-page/deeper/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static", \
        "the 404 page has no styles: its stylesheet is outside the sub-path"
    assert logo(page).startswith(phone.base)      # 404.html is the last language built's page (uz)
    phone.clean()


# --- Search in two languages -------------------------------------------------------------------------

@pytest.mark.parametrize("language,query,expect", [("en", "tuberculosis", "health/tb/"),
                                                   ("ru", "туберкулёз", "ru/health/tb/")])
def test_search_finds_pages_inside_the_sub_path(phone: Phone, language, query, expect):
    page = phone.page
    phone.goto(language_prefix(language) + "about/")
    page.click(SEARCH_BUTTON)
    until(page, "!!(window.PortalSearch && PortalSearch.engine)")
    page.locator(SEARCH_BOX).press_sequentially(query)
    until(page, f"window.PortalSearch.answered === {query!r}")
    links = page.evaluate("[...document.querySelectorAll('a.md-search-result__link')].map(a => a.href)")
    assert links and all(link.startswith(phone.base) for link in links), links
    assert any(urlsplit(link).path == PREFIX + expect for link in links), links
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(phone.base + language_prefix(language))
    assert page.locator("article h1").count() == 1
    requested = [urlsplit(r).path for r in page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)")]
    assert all(path.startswith(PREFIX) for path in requested), requested
    screenshot(page, f"subpath-search-{language}")
    phone.clean()


# --- Leaflets ----------------------------------------------------------------------------------------

def test_leaflets_listing_links_inside_the_sub_path(phone: Phone):
    page = phone.page
    phone.goto("tg/leaflets/")
    sizes = page.locator("section.leaflets").first.locator(".leaflet-size").all_inner_texts()
    assert sizes and all(size.endswith(("КБ", "МБ")) for size in sizes), sizes
    links = [urljoin(page.url, href) for href in
             page.locator("section.leaflets a[href$='.pdf'], section.leaflets a[href$='.zip']")
             .evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert links and all(link.startswith(phone.base + "leaflets/") for link in links), links[:5]
    for link in links[:2] + links[-1:]:
        assert page.request.get(link).ok, link
    screenshot(page, "subpath-leaflets-tg")
    phone.clean()


# --- The installed app: scope, manifest, offline ----------------------------------------------------

def test_app_installs_in_the_sub_path_and_works_offline_after_two_pages(app: Phone):
    page = app.page
    app.goto("ru/")
    app.goto("ru/health/tb/")                                  # the second page sets the app up
    until(page, "navigator.serviceWorker.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == app.base
    until(page, cached(app.base + "ru/health/tb/") + " && " + cached(app.base + "offline/ru.html"))
    app.context.set_offline(True)
    app.goto("ru/")
    assert page.get_attribute("html", "lang") == "ru"
    app.goto("ru/health/tb/")
    assert "Туберкул" in page.locator("article h1").inner_text()
    page.locator("[data-offline-note]").wait_for(state="visible")
    # A page never opened here: the offline page, whose links lead to pages of the sub-path.
    app.goto("ru/entry-exit/kazakhstan/")
    assert page.locator("h1").inner_text() == strings("ru")["offline"]["missing_title"]
    until(page, "document.querySelectorAll('[data-offline-list] li:not([hidden])').length >= 2")
    page.locator("[data-offline-list] li:not([hidden]) a", has_text="Туберкул").first.click()
    page.wait_for_url(app.base + "ru/health/tb/")
    assert "Туберкул" in page.locator("article h1").inner_text()
    screenshot(page, "subpath-offline-ru")
    app.context.set_offline(False)
    # Installable, as the sub-path's app (a CDP session undoes set_offline: so only now)
    session = app.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"] == app.base + "ru/manifest.webmanifest" and not manifest["errors"]
    app.clean()


def test_save_a_language_in_the_sub_path(app: Phone):
    page = app.page
    app.goto("uz/")
    panel = page.locator("[data-offline-panel]")
    panel.scroll_into_view_if_needed()
    until(page, "document.querySelector('[data-offline-size]').textContent.length > 0")
    page.locator("[data-offline-save]").click()
    page.locator("[data-offline-saved]").wait_for(state="visible", timeout=60000)
    app.context.set_offline(True)
    for path in ["uz/entry-exit/russia/", "uz/contacts/uzbekistan/", "uz/about/"]:
        app.goto(path)
        assert page.locator("h1").first.inner_text() != strings("uz")["offline"]["missing_title"], path
    app.context.set_offline(False)
    app.clean()


def test_two_copies_on_one_origin_keep_their_own_offline_copies(app: Phone, portal: dict):
    """github.io serves an owner's site and all their project sites from one origin, and Cache Storage
    belongs to the origin: the copy at / updating its app must not delete or share the sub-path's."""
    page = app.page
    app.goto("ru/")
    app.goto("ru/health/tb/")
    until(page, "navigator.serviceWorker.controller !== null")
    until(page, cached(app.base + "ru/health/tb/"))
    root = portal["root_url"]
    page.goto(root + "ky/")
    page.goto(root + "ky/about/")                                   # the root copy's app is set up and activated
    until(page, "!!navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL"
                f" === {root + 'sw.js'!r}")
    until(page, cached(root + "ky/about/"))
    app.context.set_offline(True)
    app.goto("ru/health/tb/")
    assert "Туберкул" in page.locator("article h1").inner_text()
    page.goto(root + "ky/about/")
    assert page.get_attribute("html", "lang") == "ky"
    app.context.set_offline(False)
    app.outside.clear()                                             # the root copy, on purpose
    app.clean()
