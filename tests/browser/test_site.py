"""The site as a migrant's phone sees it: languages, switching, directory, no outside requests."""
from __future__ import annotations

import pytest

from scripts.site.languages import codes, language_prefix, languages
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", codes())
def test_home_page_in_each_language(phone, site_url, language):
    page, outside = phone
    page.goto(site_url + language_prefix(language))
    assert page.get_attribute("html", "lang") == language
    assert page.locator("a[href^='tel:']").count() >= 1, "no tap-to-call number on the home page"
    page.wait_for_load_state("networkidle")
    screenshot(page, f"home-{language}")
    assert outside == []


def test_switching_language_keeps_the_page(phone, site_url):
    page, outside = phone
    page.goto(site_url + "health/tb/")
    for language in languages():
        if language.default:
            continue
        page.goto(site_url + "health/tb/")
        link = page.locator(f".md-select a[hreflang='{language.code}']")
        assert link.count() == 1, f"no switcher entry for {language.code}"
        page.locator(".md-header__option .md-select").first.hover()
        link.click()
        page.wait_for_url(f"{site_url}{language.code}/health/tb/")
        assert page.get_attribute("html", "lang") == language.code
    screenshot(page, "tb-uz")
    assert outside == []


def test_directory_filter_without_javascript(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "ru/contacts/kyrgyzstan/")
    groups = page.locator(".directory__group")
    assert groups.count() >= 2, "need at least two types to filter"
    first_type = groups.first.get_attribute("data-type")
    page.locator(f"label[for='f-KG-{first_type}']").click()
    visible = [g.get_attribute("data-type") for g in groups.all() if g.is_visible()]
    assert visible == [first_type]
    assert page.locator(".directory__group:visible a[href^='tel:']").count() + \
        page.locator(".directory__group:visible .contact").count() >= 1
    screenshot(page, "contacts-kg-filtered-ru")
    page.locator("label[for='f-KG-all']").click()
    assert all(g.is_visible() for g in groups.all())
    context.close()


def test_phone_layout_has_no_horizontal_scroll(phone, site_url):
    page, _ = phone
    for path in ["", "ru/entry-exit/russia/", "tg/contacts/tajikistan/", "ky/safe-migration/documents/"]:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    screenshot(page, "safe-migration-documents-ky")


def test_pages_break_no_content_security_policy_rule(phone, site_url):
    page, outside = phone
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in ["", "ru/contacts/russia/", "uz/health/hiv/", "status/"]:
        page.goto(site_url + path)
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill("tb")
    page.wait_for_timeout(1500)
    assert violations == []
    assert outside == []


def test_page_views_make_no_failed_requests(phone, site_url):
    """Every request a page makes by itself succeeds: failed ones still cost readers data."""
    page, _ = phone
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    for path in ["", "ru/health/tb/", "ky/contacts/kyrgyzstan/"]:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert failed == []


def test_where_are_you_now_with_and_without_javascript(browser, site_url):
    # With JavaScript: the reader's country comes first on the home page and the contacts index,
    # and the choice is kept on the device for the next visit.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "ru/")
    assert page.locator(".contacts--compact").first.locator(".contact").first.get_attribute("data-country") != "KZ"
    page.locator("[data-where] a[data-country='KZ']").click()
    assert page.url == site_url + "ru/", "the choice should not leave the page"
    for block in page.locator(".contacts--compact").all():
        if block.locator(".contact[data-country='KZ']").count():
            assert block.locator(".contact").first.get_attribute("data-country") == "KZ"
    assert page.locator("[data-where] a[aria-current]").get_attribute("data-country") == "KZ"
    screenshot(page, "where-now-ru-home")
    page.goto(site_url + "ru/contacts/")
    assert page.locator(".md-content__inner > .directory").first.get_attribute("data-country") == "KZ"
    assert page.locator("[data-where] a[aria-current]").get_attribute("data-country") == "KZ"
    assert page.context.cookies() == []
    context.close()
    # Without JavaScript: the same choices are plain links to the country's contacts page.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "ky/")
    page.locator("[data-where] a[data-country='TJ']").click()
    page.wait_for_url(site_url + "ky/contacts/tajikistan/")
    assert page.locator("article.contact").count() >= 1
    screenshot(page, "where-now-ky-nojs")
    context.close()
