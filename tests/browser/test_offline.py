"""Offline as a reader meets it: the installed app with no signal, a new build, the bundle from file://."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from scripts.site.strings import strings
from tests.browser.conftest import PHONE, _QuietHandler, screenshot, serve, until
from tests.conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.browser


class _NoStoreHandler(_QuietHandler):
    """Like a host that makes browsers revalidate pages: a rebuild is seen at once."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


@pytest.fixture(scope="module")
def app_site(built_site: Path, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("app") / "site"
    shutil.copytree(built_site, folder)
    server, url = serve(folder, _NoStoreHandler)
    yield url
    server.shutdown()


@pytest.fixture
def phone_app(browser: Browser) -> Iterator[tuple[BrowserContext, Page, list[str]]]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield context, page, violations
    context.close()




def cached(page: Page, path: str) -> str:
    return f"""(async () => {{
        for (const name of await caches.keys()) {{
            if (await (await caches.open(name)).match(new URL({path!r}, location.origin).href)) return true;
        }}
        return false; }})()"""


def install(page: Page, url: str) -> None:
    """A reader who opens a second page: the app is set up then (the first page costs only itself)."""
    page.goto(url)
    page.reload()
    until(page, "navigator.serviceWorker.controller !== null")
    until(page, cached(page, new_path(url)))


def test_one_page_costs_only_itself_and_the_app_comes_with_the_second(phone_app, app_site):
    context, page, _ = phone_app
    requested: list[str] = []
    page.on("request", lambda r: requested.append(new_path(r.url)))
    page.goto(app_site + "ky/health/hiv/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !r)"), "no worker on a first page"
    assert "/sw.js" not in requested and "/offline/index.json" not in requested, requested
    assert not any(path.startswith("/search/ky.js") for path in requested)
    panel = page.locator("[data-offline-panel]")
    panel.scroll_into_view_if_needed()            # the size is fetched when the reader sees the button
    until(page, "document.querySelector('[data-offline-size]').textContent.length > 0")
    assert "/offline/index.json" in requested

    page.goto(app_site + "ky/health/tb/")
    until(page, "navigator.serviceWorker.controller !== null")
    until(page, cached(page, "/ky/health/tb/") + " && " + cached(page, "/offline/ky.html"))
    assert not page.evaluate(cached(page, "/offline/ru.html")), "only the reader's language"


def new_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_visited_pages_and_search_work_offline(phone_app, app_site):
    context, page, violations = phone_app
    install(page, app_site + "ru/")
    page.goto(app_site + "ru/health/tb/")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill("туберкулёз")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    until(page, cached(page, "/ru/health/tb/") + " && " + cached(page, "/search/ru.js"))

    context.set_offline(True)
    page.goto(app_site + "ru/")
    assert page.get_attribute("html", "lang") == "ru"
    page.goto(app_site + "ru/health/tb/")
    s = strings("ru")["offline"]
    note = page.locator("[data-offline-note]")
    note.wait_for(state="visible")
    assert s["offline"] in note.inner_text() and "Собрано" in note.inner_text()
    screenshot(page, "offline-tb-ru")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill("туберкулёз")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert page.locator(".md-search-result__item").count() >= 1

    # A page never opened on this phone: the offline page, in Russian, listing what is saved.
    page.goto(app_site + "ru/entry-exit/kazakhstan/")
    assert page.locator("h1").inner_text() == s["missing_title"]
    listed = page.locator("[data-offline-list] li:visible a")
    until(page, "document.querySelectorAll('[data-offline-list] li:not([hidden])').length >= 2")
    assert "Туберкул" in " ".join(listed.all_inner_texts())
    screenshot(page, "offline-missing-ru")
    assert violations == []


def test_save_a_language_then_read_all_of_it_offline(phone_app, app_site):
    context, page, violations = phone_app
    page.goto(app_site + "tg/")                   # the first page: "save" sets the app up itself
    panel = page.locator("[data-offline-panel]")
    panel.wait_for(state="visible")
    panel.scroll_into_view_if_needed()
    size = page.locator("[data-offline-size]")
    until(page, "document.querySelector('[data-offline-size]').textContent.length > 0")
    assert "КБ" in size.inner_text() or "МБ" in size.inner_text()
    screenshot(page, "offline-save-tg")
    page.locator("[data-offline-save]").click()
    page.locator("[data-offline-saved]").wait_for(state="visible", timeout=60000)
    assert strings("tg")["offline"]["saved"] in panel.inner_text()

    context.set_offline(True)
    for path in ["tg/entry-exit/russia/", "tg/contacts/tajikistan/", "tg/health/hiv/", "tg/about/"]:
        page.goto(app_site + path)
        assert page.locator("h1").first.inner_text() != strings("tg")["offline"]["missing_title"], path
        assert page.get_attribute("html", "lang") == "tg"
    assert violations == []


def test_full_storage_still_shows_the_page_and_says_it_was_not_kept(phone_app, app_site):
    """Storage nearly full: the browser's quota for the site is set to what it already uses (a real
    refusal from Cache Storage, no hook in the worker). Pages come from the network all the same."""
    context, page, violations = phone_app
    install(page, app_site + "ru/")
    session = context.new_cdp_session(page)
    origin = app_site.rstrip("/")
    used = page.evaluate("navigator.storage.estimate().then((e) => e.usage)")
    session.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": used})
    s = strings("ru")["offline"]
    try:
        page.goto(app_site + "ru/health/tb/")          # never opened: the worker cannot keep it
        assert "Туберкул" in page.locator("article h1").inner_text()
        note = page.locator("[data-offline-not-kept]")
        note.wait_for(state="visible", timeout=15000)
        assert note.inner_text() == s["not_kept"]
        assert not page.evaluate(cached(page, "/ru/health/tb/"))
        screenshot(page, "offline-not-kept-ru")

        # "Save this language" says the device is full, not that the connection was lost.
        page.locator("[data-offline-panel]").scroll_into_view_if_needed()
        page.locator("[data-offline-save]").click()
        until(page, f"document.querySelector('[data-offline-status]').textContent === {s['save_full']!r}")
        assert page.locator("[data-offline-save]").is_enabled()
    finally:
        session.send("Storage.overrideQuotaForOrigin", {"origin": origin})
    assert violations == []


def test_app_is_installable(phone_app, app_site):
    context, page, _ = phone_app
    install(page, app_site + "uz/")
    session = context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are private windows, where Chromium never installs; nothing else may stop it.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"].endswith("/uz/manifest.webmanifest") and not manifest["errors"]


def test_a_new_build_is_taken_and_never_mixed(browser: Browser, built_site: Path, tmp_path: Path):
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    server, url = serve(served, _NoStoreHandler)
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    try:
        install(page, url + "health/tb/")
        page.goto(url)
        until(page, cached(page, "/"))
        old_text = page.locator("article h1").inner_text()

        # Publish a new build with a changed page: rebuilt from a copy of the project into the served folder.
        project = copy_project(tmp_path / "project")
        page_md = project / "content" / "health" / "tb.md"
        page_md.write_text(page_md.read_text(encoding="utf-8") + "\n\nUpdated paragraph for the test.\n",
                           encoding="utf-8")
        result = mkdocs_build(project, served)
        assert result.returncode == 0, result.stderr[-2000:]

        page.goto(url + "health/tb/")          # still the old build, whole: shell and page
        assert "Updated paragraph" not in page.content()
        # Its search index was never kept, and the server now has the new build's: this page must not
        # get it (refused, as offline: search says so, and "Reload" brings the new build whole).
        old_index = (built_site / "search" / "en.js").read_text(encoding="utf-8")
        assert (served / "search" / "en.js").read_text(encoding="utf-8") != old_index
        index = page.evaluate("fetch('/search/en.js').then((r) => r.ok ? r.text() : null)")
        assert index in (None, old_index), "a page of the old build got the new build's search index"
        toast = page.locator("[data-offline-toast]")
        toast.wait_for(state="visible", timeout=60000)
        assert strings("en")["offline"]["update"] in toast.inner_text()
        screenshot(page, "offline-update-en")
        with page.expect_navigation():
            page.locator("[data-offline-reload]").click()
        page.wait_for_load_state()
        assert "Updated paragraph for the test" in page.content()

        context.set_offline(True)
        page.goto(url + "health/tb/")
        assert "Updated paragraph for the test" in page.content(), page.evaluate(
            "(async () => [await caches.keys(), (await navigator.serviceWorker.getRegistration()).active.scriptURL])()")
        page.goto(url)
        assert page.locator("article h1").inner_text() == old_text, "the home page was refreshed too"
        names = page.evaluate("caches.keys()")
        assert len([n for n in names if n.startswith("sm-shell-")]) == 1, names
        assert len([n for n in names if n.startswith("sm-pages-")]) == 1, names
    finally:
        context.close()
        server.shutdown()


def test_bundle_from_file_with_no_network(browser: Browser, offline_build, tmp_path: Path):
    """Unzip the bundle, open it from file:// with the network off: languages, a leaflet, search."""
    import zipfile
    with zipfile.ZipFile(offline_build["zip"]) as bundle:
        bundle.extractall(tmp_path)
    root = (tmp_path / "safe-migration").as_uri() + "/"
    context = browser.new_context(viewport=PHONE, offline=True)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "chrome-extension:")) else outside.append(r.url))
    page.goto(root + "ru/index.html")
    assert "Собрано" in page.locator(".offline-stamp").inner_text()
    page.locator("article a[href$='health/tb.html']").first.click()
    assert page.url.endswith("/ru/health/tb.html")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(".md-select a[hreflang='ky']").click()
    page.wait_for_url("**/ky/health/tb.html")
    assert page.get_attribute("html", "lang") == "ky"
    screenshot(page, "bundle-file-tb-ky")
    leaflet = next((tmp_path / "safe-migration" / "leaflets").rglob("*.pdf"))
    response = page.goto(leaflet.as_uri())
    assert response is None or response.ok
    assert outside == []

    # Search from file://: the page's language index is a script, answered in the page
    # (overrides/assets/search/portal-search.js).
    page.goto(root + "ru/index.html")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill("туберкулёз")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.locator(".md-search-result__item a").first.click()
    # the result leads to a page file (Material adds ?h=… to highlight the words there)
    assert page.url.startswith("file:") and page.url.split("#")[0].split("?")[0].endswith(".html")
    context.close()
