"""An NGO worker on a phone: the leaflets page fits the screen, and a booklet page's PDF link downloads
the leaflet in that language."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

import pytest

from tests.browser.conftest import PHONE, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def leaflets_url(leaflet_site: Path) -> Iterator[str]:
    """The built site with its leaflets, on a local server."""
    server, url = serve(leaflet_site)
    yield url
    server.shutdown()


def test_listing_fits_a_phone_and_shows_sizes(browser, leaflets_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(leaflets_url + "ky/leaflets/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = page.locator("section.leaflets").first
    assert first.get_attribute("data-language") == "ky"
    sizes = first.locator(".leaflet-size").all_inner_texts()
    assert sizes and all(size.endswith(("КБ", "МБ")) for size in sizes), sizes   # a language's zip can pass 1 MB
    first.scroll_into_view_if_needed()
    screenshot(page, "leaflets-listing-ky")
    context.close()


def test_booklet_page_downloads_its_leaflet(browser, leaflets_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(leaflets_url + "uz/health/tb/")
    link = page.locator(".leaflet-links a[data-leaflet$='-a5-booklet.pdf']")
    assert link.get_attribute("data-leaflet") == "leaflets/uz/tb-a5-booklet.pdf"
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.ok and response.body()[:5] == b"%PDF-"
    screenshot(page, "tb-uz-leaflet-links")
    context.close()
