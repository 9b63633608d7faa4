"""The ZIM files open in libzim's reader: every page of every language, and full-text search works."""
from __future__ import annotations

import posixpath
import re

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher

from scripts import pages
from scripts.build_info import built_on
from scripts.languages import codes
from scripts.zim_export import ISO_639_3
from tests.offline_fixtures import bundle_page

# A word from one booklet in each language, and the booklet the search must find.
BOOKLET = "health/tb.md"


def zim(offline_build, language: str) -> Archive:
    return Archive(str(offline_build["site"] / "downloads" / f"safe-migration_{language}.zim"))


@pytest.mark.parametrize("language", codes())
def test_every_page_is_in_the_language_zim(offline_build, language):
    archive = zim(offline_build, language)
    assert archive.get_metadata("Language").decode() == ISO_639_3[language]
    assert archive.main_entry.get_item().path == bundle_page(language, "index.md")
    assert archive.has_fulltext_index and archive.check()
    for path in pages.english_paths():
        item = archive.get_entry_by_path(bundle_page(language, path)).get_item()
        html = bytes(item.content).decode("utf-8")
        assert built_on(language) in html, f"{path}: no build date"
        assert "<script" not in html
        for href in re.findall(r'<a [^>]*href="([^"]*)"', html):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", href):
                continue
            page = bundle_page(language, path)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), re.split(r"[?#]", href)[0]))
            assert archive.has_entry_by_path(target), f"{language} {path}: dead link {href}"


@pytest.mark.parametrize("language", codes())
def test_full_text_search_finds_a_booklet(offline_build, language):
    archive = zim(offline_build, language)
    html = bytes(archive.get_entry_by_path(bundle_page(language, BOOKLET)).get_item().content).decode()
    body = re.sub(r"<[^>]+>", " ", html.split('class="md-content"', 1)[1])
    words = [w for w in re.findall(r"\w{7,}", body) if not w.isdigit()]
    # A rare word of the booklet: one that few other pages contain.
    word = min(words[:400], key=lambda w: (sum(w in bytes(archive.get_entry_by_path(bundle_page(language, p))
                                                        .get_item().content).decode() for p in pages.english_paths()), w))
    results = Searcher(archive).search(Query().set_query(word))
    found = list(results.getResults(0, 20))
    assert bundle_page(language, BOOKLET) in found, f"searching {word!r} found {found}"
