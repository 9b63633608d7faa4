"""Search as a reader uses it: typing into the real search box of the built site, on a phone.

The relevance suite (tests/fixtures/search-queries.yaml) holds what natives of each language actually
type: misspellings, other word forms, other apostrophes, a Russian keyboard, Uzbek in Cyrillic.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from scripts.site.languages import codes, language_prefix
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "fixtures" / "search-queries.yaml")
                         .read_text(encoding="utf-8"))
SEARCH_BUTTON = "label.md-header__button[for=__search]"
SEARCH_BOX = "input[data-md-component=search-query]"


def open_search(page: Page, url: str) -> None:
    page.goto(url)
    page.click(SEARCH_BUTTON)
    page.wait_for_function("() => window.PortalSearch && PortalSearch.engine")


def search(page: Page, query: str, root: str) -> list[list[str]]:
    """Type the query; return, per page listed, the site paths (with #anchor) of its links."""
    box = page.locator(SEARCH_BOX)
    box.fill("")
    # Playwright types non-Latin letters as text input without key events, like voice typing or a
    # phone keyboard's suggestions: portal-search.js passes those on to Material's box.
    box.press_sequentially(query)
    page.wait_for_function("q => PortalSearch.answered === q", arg=query)
    hrefs = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(
        item => [...item.querySelectorAll('a.md-search-result__link')].map(a => a.href))""")
    return [[site_path(href, root) for href in group] for group in hrefs]


def site_path(href: str, root: str) -> str:
    parts = urlsplit(href)
    path = unquote(parts.path)
    assert path.startswith(root), f"{href} is outside the site"
    return path[len(root):] + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str) -> Iterator[Callable[[str], Page]]:
    """A phone-sized page per language with search open, shared by that language's queries."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    pages: dict[str, Page] = {}

    def get(language: str) -> Page:
        if language not in pages:
            pages[language] = context.new_page()
            open_search(pages[language], site_url + language_prefix(language))
        return pages[language]
    yield get
    context.close()


CASES = [(language, case) for language in codes() for case in QUERIES[language]]


def test_every_language_has_fifteen_queries():
    for language in codes():
        assert len(QUERIES.get(language, [])) >= 15, f"{language}: write at least 15 queries"


@pytest.mark.parametrize("language,case", CASES, ids=[f"{lang}-{case['query']}" for lang, case in CASES])
def test_query_finds_its_page(search_page, language, case):
    page = search_page(language)
    groups = search(page, str(case["query"]), "/")
    wanted_page, _, anchor = case["expect"].partition("#")
    top = [group for group in groups[:3] if group and group[0] == wanted_page]
    listed = "\n".join(" ".join(group[:3]) for group in groups[:5])
    assert top, f"{case['query']!r}: {wanted_page} is not among the first three pages:\n{listed}"
    if anchor:
        assert case["expect"] in top[0], f"{case['query']!r}: {case['expect']} not listed:\n{listed}"
    if case is QUERIES[language][0]:
        screenshot(page, f"search-{language}")


def test_pasted_or_spoken_text_is_searched(phone, site_url):
    """Text that arrives with no key pressed (paste, voice typing) is searched like typed text."""
    page, _ = phone
    open_search(page, site_url + "tg/")
    page.locator(SEARCH_BOX).fill("шиноснома")
    page.wait_for_function("q => PortalSearch.answered === q", arg="шиноснома")
    assert page.locator(".md-search-result__item").count() >= 1


def test_kyrgyz_search_returns_only_kyrgyz_pages(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_search(page, site_url + "ky/")
    found = 0
    for query in ["паспорт", "Россия", "мигрант", "документ", "патент", "ВИЧ", "Moscow", "passport", "112"]:
        for group in search(page, query, "/"):
            found += 1
            for path in group:
                assert path.startswith("ky/"), f"{query!r} on the Kyrgyz site listed {path}"
    assert found >= 20
    loaded = sorted({urlsplit(url).path for url in requested if urlsplit(url).path.startswith("/search/")})
    assert loaded == ["/search/ky.js"], f"loaded {loaded}"   # Material's own index is answered in the page
    screenshot(page, "search-ky-only")
    context.close()


def test_index_is_loaded_only_when_search_opens(phone, site_url):
    page, outside = phone
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(site_url + "tg/health/tb/")
    page.wait_for_load_state("networkidle")
    assert "/search/tg.js" not in requested and "/assets/search/search-text.js" not in requested
    assert "/search/search_index.json" not in requested and "/assets/search/search-engine.js" not in requested
    page.click(SEARCH_BUTTON)
    page.wait_for_function("() => window.PortalSearch && PortalSearch.engine")
    assert "/search/tg.js" in requested
    assert outside == []


def test_result_leads_to_the_word_highlighted(phone, site_url):
    page, _ = phone
    open_search(page, site_url + "ru/")
    groups = search(page, "регистрацию", "/")
    assert groups
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_selector("mark[data-md-highlight]")
    marked = page.locator("mark[data-md-highlight]").first.inner_text().lower()
    assert marked.startswith("регистрац"), marked


def test_search_works_from_a_file_with_no_server(browser, built_site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith("file:") else outside.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_search(page, (built_site / "uz" / "index.html").as_uri())
    root = urlsplit(built_site.as_uri()).path + "/"
    groups = search(page, "ҳужжатлар", root)
    assert groups and groups[0][0] == "uz/safe-migration/documents/", groups[:3]
    screenshot(page, "search-uz-file")
    assert outside == [] and errors == []
    context.close()


def test_search_survives_the_network_dropping(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "ru/")
    page.wait_for_load_state("networkidle")
    context.set_offline(True)
    page.click(SEARCH_BUTTON)                          # the index cannot load: nothing breaks
    page.wait_for_timeout(300)
    assert page.evaluate("!window.PortalSearch.engine")
    context.set_offline(False)
    page.locator(SEARCH_BOX).blur()
    page.locator(SEARCH_BOX).focus()                   # opening search again retries
    page.wait_for_function("() => window.PortalSearch && PortalSearch.engine")
    assert search(page, "патент", "/")
    context.set_offline(True)                          # once loaded, search needs no network
    groups = search(page, "виза", "/")
    assert groups and all(path.startswith("ru/") for group in groups for path in group)
    context.close()
