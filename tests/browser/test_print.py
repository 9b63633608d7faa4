"""Printing a page from the browser (Ctrl+P): the article only, in readable type, with web addresses
written out; no navigation, search, language menu, buttons or download links."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scripts.site.strings import strings
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

# Words that only the page's surroundings show: other pages' titles in the navigation, the language
# menu, the search box, the footer, and the leaflet download line.
KY_CHROME = ["Портал жөнүндө", "Адам сатуу жана мажбурлап иштетүү", "Тоҷикӣ", "Oʻzbekcha",
             strings("ky")["theme"]["search.placeholder"], strings("ky")["leaflet"]["download"]]


def print_to_pdf(browser, url: str, pdf: Path) -> str:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    # The search box says "Search" as its placeholder, which inner_text leaves out.
    screen = page.inner_text("body") + "\n" + "\n".join(
        page.eval_on_selector_all("input[placeholder]:not([type=hidden])", "inputs => inputs.map(i => i.placeholder)"))
    page.pdf(path=str(pdf), format="A4")
    context.close()
    return screen


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_printed_page_is_the_article_only(browser, site_url, tmp_path):
    pdf = tmp_path / "hiv-ky.pdf"
    screen = print_to_pdf(browser, site_url + "ky/health/hiv/", pdf)
    printed = pdf_text(pdf)
    for word in KY_CHROME:
        assert word in screen, f"{word!r} should be on the screen (or this test proves nothing)"
        assert word not in printed, f"{word!r} was printed"
    assert "АИВ кантип жугат" in printed and "Булактар" in printed
    # A web address is written out after its link, since paper cannot be tapped.
    assert "https://www.who.int/news-room/fact-sheets/detail/hiv-aids" in printed.replace("\n", "")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-l", "2", "-png", str(pdf), str(SCREENSHOTS / "print-hiv-ky")],
                   check=True)


def test_printed_contacts_keep_every_number_and_no_buttons(browser, site_url, tmp_path):
    pdf = tmp_path / "contacts-ru.pdf"
    screen = print_to_pdf(browser, site_url + "ru/contacts/kazakhstan/", pdf)
    printed = pdf_text(pdf)
    save = strings("ru")["site"]["save_all"]
    assert save in screen and save not in printed
    assert strings("ru")["site"]["filter_all"] in screen and strings("ru")["site"]["filter_all"] not in printed
    for number in ("112", "+7 7272 69 70 59"):
        assert number in printed
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-l", "3", "-png", str(pdf), str(SCREENSHOTS / "print-contacts-kz-ru")],
                   check=True)
