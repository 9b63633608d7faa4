"""Kiwix as a centre or a phone meets it: the five ZIM files served by the system's kiwix-serve, read in
Chromium at phone size: each language's home page, a booklet, a contacts page, Kiwix's own search.

On Debian 12 kiwix-serve is 3.3.0 (libkiwix 11, libzim 8.1.1), older than the libzim 9 that writes the
files (python-libzim): the readers of older Android phones are built on libzim 7 and 8 too. That it
serves every page and finds words in every language is the evidence that such readers open these files
(see scripts/offline/zim_export.py on the one zimcheck check that still fails for that reason). Newer
kiwix-serve (3.5 and later, e.g. on Ubuntu 24.04) serves books under /content/ and has no search bar on
the pages: the test takes each book's address from the catalogue, and uses the search bar when there is one.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from scripts.offline import zim_export
from scripts.offline.zim_export import ISO_639_3
from scripts.site import pages
from scripts.site.build_info import built_on
from scripts.site.languages import codes
from tests.browser.conftest import first_answer, free_port, screenshot, stop_server, watched_phone
from tests.offline_fixtures import bundle_page

pytestmark = pytest.mark.browser

BOOKLET = "health/tb.md"
CONTACTS = "contacts/russia.md"
# A word of the TB booklet in each language, as a reader types it, that Kiwix's search must find it by:
# Kyrgyz ө, Tajik ҳ, Uzbek Latin ʻ (U+02BB). (libzim 8 readers do not fold ё to е: "туберкулёз" finds
# nothing there, "туберкулез" does; python-libzim's newer libzim finds both.)
SEARCHES = {"en": "cough", "ru": "кашель", "ky": "жөтөл", "tg": "микробҳо", "uz": "yoʻtal"}


def book(language: str) -> str:
    """kiwix-serve names a book after its file: safe-migration_ru.zim is the book safe-migration_ru."""
    return f"safe-migration_{language}"


ENTRY = re.compile(r"<entry>.*?</entry>", re.S)


@pytest.fixture(scope="module")
def kiwix(offline_build) -> Iterator[tuple[str, dict[str, str]]]:
    """kiwix-serve on loopback with the five ZIM files of the build: its address, and each language's
    book address from its catalogue ('http://127.0.0.1:PORT/safe-migration_ru/', or …/content/… on 3.5+)."""
    program = shutil.which("kiwix-serve")
    assert program, "kiwix-serve is missing: install kiwix-tools (scripts/apt-packages.txt, ./scripts/setup)"
    version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    print("\n" + " ".join(line.strip() for line in version.splitlines() if line.strip()))
    zims = [offline_build["site"] / "downloads" / f"{book(code)}.zim" for code in codes()]
    port = free_port()
    server = subprocess.Popen([program, "--address", "127.0.0.1", "--port", str(port), *map(str, zims)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        catalogue = first_answer(f"{url}/catalog/v2/entries", server, 20, "kiwix-serve").decode()
        # Every file is in its catalogue, with the metadata Kiwix shows (language as ISO 639-3).
        books = {}
        for entry in ENTRY.findall(catalogue):
            name = re.search(r"<name>safe-migration_([a-z]+)_all</name>", entry)
            if name:
                assert f"<language>{ISO_639_3[name.group(1)]}</language>" in entry
                books[name.group(1)] = url + re.search(r'<link type="text/html" href="([^"]+)"', entry).group(1).rstrip("/") + "/"
        assert sorted(books) == sorted(codes()), catalogue[-2000:]
        yield url, books
    finally:
        stop_server(server)


@pytest.fixture
def kiwix_phone(browser: Browser, kiwix) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized page that records every failed request and every request leaving kiwix-serve."""
    with watched_phone(browser, kiwix[0]) as phone:
        yield phone


def heading(page: Page) -> str:
    return page.locator(".md-content h1").first.inner_text().strip()


@pytest.mark.parametrize("language", codes())
def test_kiwix_serves_home_booklet_contacts_and_search(kiwix_phone, kiwix, language):
    page, problems = kiwix_phone
    root, books = kiwix
    base = books[language]
    page.goto(base)
    # The book opens at its main page: the language's home page, dated.
    page.wait_for_url(base + bundle_page(language, "index.md"))
    assert page.evaluate("document.documentElement.lang") == language
    assert built_on(language) in page.inner_text("body")
    assert page.locator("script[src^='../'], script[src^='assets/']").count() == 0, "a ZIM page carries no script"

    # Follow the home page's link to a booklet.
    page.locator(".md-content a[href$='health/tb.html']").first.click()
    page.wait_for_url(base + bundle_page(language, BOOKLET))
    assert heading(page)
    screenshot(page, f"kiwix-{language}-booklet")

    # Back home, and on to a contacts page: numbers to call and vCards that Kiwix serves as text/vcard.
    page.go_back()
    page.locator(".md-content a[href$='contacts/russia.html']").first.click()
    page.wait_for_url(base + bundle_page(language, CONTACTS))
    assert page.locator(".md-content a[href^='tel:']").count() > 3
    vcard = page.locator(".md-content a[href$='.vcf']").first.evaluate("a => a.href")
    response = page.request.get(vcard)
    assert response.ok and response.headers["content-type"].startswith("text/vcard")
    assert response.text().startswith("BEGIN:VCARD")

    # Kiwix's own full-text search in the reader's language: its search bar at the top of the page
    # (kiwix-serve 3.3), else its search page (3.5 and later show the bar only in their viewer).
    word = SEARCHES[language]
    box = page.locator("#kiwixsearchbox")
    if box.count() and box.is_visible():
        box.fill(word)
        box.press("Enter")
    else:
        page.goto(f"{root}/search?books.name={book(language)}&pattern={urllib.parse.quote(word)}")
    page.wait_for_url("**/search?**")
    hrefs = page.locator(f"a[href*='/{book(language)}/']").evaluate_all("a => a.map(e => e.getAttribute('href'))")
    found = [href.split(f"/{book(language)}/", 1)[1] for href in hrefs]
    found = [path for path in found if path.endswith(".html")]
    assert found and found[0] == bundle_page(language, BOOKLET), f"searching {word!r} found {found}"
    screenshot(page, f"kiwix-{language}-search")
    page.locator(f"a[href$='/{book(language)}/{bundle_page(language, BOOKLET)}']").first.click()
    page.wait_for_url(base + bundle_page(language, BOOKLET))
    assert problems == [], problems


def test_kiwix_serves_every_page_of_every_language(kiwix):
    """Every page of every language comes from the older libzim of Debian's kiwix-serve."""
    _, books = kiwix
    for language in codes():
        for path in pages.english_paths():
            if path[:-3] + ".html" in zim_export.editor_pages():
                continue          # editors' pages are not in the ZIM files
            url = books[language] + bundle_page(language, path)
            with urllib.request.urlopen(url, timeout=10) as response:
                html = response.read().decode("utf-8")
            assert response.status == 200 and built_on(language) in html, url
