"""The downloads page for centres and NGOs: every offline copy, with the size, build date and checksum
of the very file the build made, in every language; found from the about and leaflets pages."""
from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

import pytest

from scripts.check import published_html
from scripts.leaflets.listing import human_size
from scripts.leaflets.plan import zip_path
from scripts.offline import downloads, mirror
from scripts.site import build_info
from scripts.site.languages import codes, language_prefix
from scripts.site.strings import strings
from tests.offline_fixtures import bundle_page

FILE_LINK = re.compile(r'<a href="([^"]+)"[^>]*>[^<]*</a><br><span class="downloads__facts" '
                       r'data-download-facts="([^"]+)">(.*?)</span>', re.S)


def page_of(site: Path, language: str) -> str:
    return (site / language_prefix(language) / "offline-copies" / "index.html").read_text(encoding="utf-8")


def expected_files() -> set[str]:
    return {downloads.BUNDLE, *(downloads.zim_path(c) for c in codes()), *(zip_path(c) for c in codes())}


@pytest.mark.parametrize("language", codes())
def test_every_file_with_its_size_date_and_checksum(offline_build, language):
    site: Path = offline_build["site"]
    html = page_of(site, language)
    found = {path: (href, facts) for href, path, facts in FILE_LINK.findall(html)}
    assert set(found) == expected_files()
    here = site / language_prefix(language) / "offline-copies"
    for path, (href, facts) in found.items():
        file = site / path
        assert (here / unescape(href)).resolve() == file.resolve(), f"{href} does not lead to {path}"
        assert human_size(file.stat().st_size, language) in unescape(facts)
        assert build_info.build_date_text(language) in unescape(facts)
        assert f"<code>{mirror.sha256(file)}</code>" in facts, f"{path}: wrong checksum"
    # What to do with each kind of file, in the reader's language, and the checksums file.
    s = strings(language)["downloads"]
    for kind in ("bundle", "zim", "leaflets"):
        assert escape(s[kind + "_use"]) in html
    assert re.search(r'href="[^"]*downloads/SHA256SUMS"', html)
    # The filled page is still what the build's allowlist lets through.
    listing = re.search(r'<section class="downloads .*<p class="downloads__sums">.*?</p>', html, re.S).group(0)
    assert published_html.findings(listing, published_html.BUILD) == []


@pytest.mark.parametrize("language", codes())
def test_found_from_the_about_and_leaflets_pages(offline_build, language):
    site: Path = offline_build["site"]
    for page in ("about", "leaflets"):
        html = (site / language_prefix(language) / page / "index.html").read_text(encoding="utf-8")
        article = html.split('class="md-content"', 1)[1]
        assert 'href="../offline-copies/"' in article, f"{language}/{page} does not link the downloads page"


def test_offline_copies_point_to_the_website(offline_build):
    """In the bundle (and the ZIM files made from it) the files are not beside the page: links lead online."""
    html = (offline_build["bundle"] / bundle_page("ru", "offline-copies.md")).read_text(encoding="utf-8")
    address = build_info.public_address()
    links = set(re.findall(r'<a href="(' + re.escape(address) + r'(?:downloads|leaflets)/[^"]+)"', html))
    assert {address + path for path in expected_files()} <= links
    assert "data-download-facts" not in html
    assert f'<a href="{address}ru/offline-copies/">' in html, "the page on the website, with sizes and checksums"


def test_a_missing_file_stops_the_build(tmp_path):
    page = tmp_path / "offline-copies" / "index.html"
    page.parent.mkdir()
    page.write_text('<html lang="en"><span class="downloads__facts" data-download-facts="downloads/x.zim"></span>',
                    encoding="utf-8")
    with pytest.raises(downloads.DownloadsError, match="downloads/x.zim"):
        downloads.fill(tmp_path)
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "x.zim").write_bytes(b"zim")
    assert downloads.fill(tmp_path) == 1 and downloads.fill(tmp_path) == 0     # filled once, then unchanged
    assert mirror.sha256(tmp_path / "downloads" / "x.zim") in page.read_text(encoding="utf-8")
