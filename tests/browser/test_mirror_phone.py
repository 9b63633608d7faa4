"""A centre's LAN mirror as a phone on its Wi-Fi sees it: `python -m scripts.offline.mirror serve` on the bundle
zip, over plain http (no HTTPS on a LAN, so no service worker), at phone size: the home page, search,
a PDF leaflet and a vCard downloaded with the right content type."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from scripts.site.build_info import built_on
from scripts.site.languages import ROOT
from tests.browser.conftest import first_answer, free_port, screenshot, stop_server, watched_phone

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mirror_url(offline_build) -> Iterator[str]:
    """The mirror as a centre starts it: the command from README.txt, on the zip from site/downloads/."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "scripts.offline.mirror", "serve", str(offline_build["zip"]),
                               "--port", str(port), "--bind", "127.0.0.1"], cwd=ROOT,
                              env={**os.environ, "MIRROR_QUIET": "1"}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        first_answer(url, server, 60, "mirror serve")   # it checks and unpacks the zip first
        yield url
    finally:
        stop_server(server, signal.SIGINT)       # as Ctrl+C: it removes the unpacked copy


@pytest.fixture
def lan_phone(browser: Browser, mirror_url: str) -> Iterator[tuple[Page, list[str]]]:
    with watched_phone(browser, mirror_url, accept_downloads=True) as phone:
        yield phone


def test_phone_on_the_centre_wifi(lan_phone, mirror_url):
    page, problems = lan_phone
    # Home page: the language a reader picks, dated, and no service worker over plain http.
    page.goto(mirror_url + "ru/index.html")
    assert page.get_attribute("html", "lang") == "ru"
    assert built_on("ru") in page.inner_text("body")
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.getRegistrations()"
                         ".then(r => r.length) : 0") == 0
    screenshot(page, "mirror-phone-home-ru")

    # Search: the portal's own box, answered in the page from the language's index.
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill("туберкулёз")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/ru/health/tb.html*")
    screenshot(page, "mirror-phone-search-ru")

    # A PDF leaflet from the booklet's "download as PDF" line.
    link = page.locator(".leaflet-links a[href$='.pdf']").first
    with page.expect_download() as download:
        link.click(modifiers=["Alt"])          # Alt+click: save the link rather than open it
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf") and pdf.failure() is None
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    leaflet = page.request.get(link.evaluate("a => a.href"))
    assert leaflet.ok and leaflet.headers["content-type"] == "application/pdf"

    # A vCard from a contacts page: saved as a contact, served as text/vcard.
    page.goto(mirror_url + "ru/contacts/russia.html")
    card = page.locator(".md-content a[href$='.vcf']").first
    with page.expect_download() as download:
        card.click()
    vcard = download.value
    assert vcard.suggested_filename.endswith(".vcf") and vcard.failure() is None
    assert open(vcard.path(), encoding="utf-8").read().startswith("BEGIN:VCARD")
    # What a phone's contacts app is offered: the type it knows vCards by (the mirror also gzips it).
    served = page.request.get(card.evaluate("a => a.href"), headers={"Accept-Encoding": "gzip"})
    assert served.ok and served.headers["content-type"].split(";")[0] == "text/vcard", served.headers
    assert served.text().startswith("BEGIN:VCARD")
    assert problems == [], problems
