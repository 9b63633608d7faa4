"""The search index of a real build: one small file per language, only that language, cards included."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from scripts.directory import contacts, freshness
from scripts.search import search_index
from scripts.search.search_text import Analyzer
from scripts.site.languages import codes, default_code, language_prefix

MAX_GZIPPED = 80_000        # bytes per language: measured about 35–50 kB, see BENCHMARKS.md


def load(site: Path, language: str) -> dict:
    text = (site / "search" / f"{language}.js").read_text(encoding="utf-8")
    assert text.startswith("PortalSearch.load(") and text.rstrip().endswith(");")
    return json.loads(text[len("PortalSearch.load("):text.rstrip().rindex(")")])


@pytest.mark.parametrize("language", codes())
def test_one_small_index_per_language(built_site: Path, language: str):
    raw = (built_site / "search" / f"{language}.js").read_bytes()
    assert len(gzip.compress(raw, 9)) < MAX_GZIPPED
    index = load(built_site, language)
    assert index["lang"] == language
    assert list(index["rules"]["languages"]) == [language]
    assert len(index["docs"]) > 100 and len(index["keys"]) > 1000


@pytest.mark.parametrize("language", codes())
def test_index_holds_only_its_language(built_site: Path, language: str):
    index = load(built_site, language)
    for location, *_ in index["docs"]:
        if language == default_code():
            assert not re.match(rf"({'|'.join(c for c in codes() if c != language)})/", location), location
        else:
            assert location.startswith(f"{language}/"), location
    assert not any("status/" in location for location, *_ in index["docs"]), "the editors' page is searchable"


def test_kyrgyz_index_has_kyrgyz_words_and_no_english_page(built_site: Path):
    index = load(built_site, "ky")
    titles = " ".join(title for _, title, *_ in index["docs"])
    assert re.search("[ңөү]", titles), "Kyrgyz letters missing from titles"
    english = {title for _, title, *_ in load(built_site, "en")["docs"]}
    assert not english & {title for _, title, *_ in index["docs"] if not re.fullmatch(r"[\W\d]+", title)}


def test_material_gets_a_stub_not_all_languages(built_site: Path):
    """Material's loader fetches search/search_index.json on every page: keep it tiny."""
    for name in ("search_index.json", "search_index.js"):
        data = (built_site / "search" / name).read_text(encoding="utf-8")
        assert len(data) < 500 and '"docs":[]' in data


@pytest.fixture(scope="module")
def entries() -> dict[str, dict]:
    return contacts.load().by_id()


@pytest.mark.parametrize("language", codes())
def test_every_directory_card_is_a_document_at_its_anchor(built_site: Path, language: str, entries):
    index = load(built_site, language)
    cards = {location.split("#")[1]: location for location, *_ in index["docs"]
             if "#" in location and location.split("#")[1] in entries}
    # Every entry on a country page is findable; history (old, with no way to reach it) is not offered as help.
    listed = {entry["id"] for entry in freshness.listed(list(entries.values()))}
    assert set(cards) == listed and len(listed) < len(entries)
    for entry_id, location in cards.items():
        page, anchor = location.split("#")
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'<article class="contact" id="{anchor}"' in html, f"{location}: no card with that id on the page"
        country_page = contacts.countries()[entries[entry_id]["country"]]["page"]
        assert page == f"{language_prefix(language)}contacts/{country_page}/"


@pytest.mark.parametrize("language", codes())
def test_sections_point_at_real_headings(built_site: Path, language: str):
    index = load(built_site, language)
    for location, title, *_ in index["docs"]:
        page, _, anchor = location.partition("#")
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in html, location


def test_card_document_is_searchable_by_number_as_dialled():
    entry = {"id": "x", "type": "embassy", "country": "KZ", "name": {"en": "Consulate"},
             "services": {"en": "Help with papers."}, "city": {"en": "Almaty"},
             "phones": [{"number": "+77272697059"}]}
    document = search_index.card_document(entry, "en", "contacts/kazakhstan/#x")
    keys = set(Analyzer("en").keys(f"{document.title} {document.text} {document.extra}"))
    analyzer = Analyzer("en")
    assert {"77272697059", "87272697059", "7272697059", analyzer.key("Almaty"), analyzer.key("Kazakhstan")} <= keys
    assert document.text.startswith("Almaty, Kazakhstan · +7 7272 69 70 59 · Help")


def test_sections_and_cards_from_html():
    html = ('<h1>T</h1><p class="page-reviewed">Last reviewed</p><p>Intro words.</p>'
            '<h2 id="a">First <a class="headerlink" href="#a">¶</a></h2><p>Alpha text.</p>'
            '<div class="contacts"><article class="contact" id="card-1"><p>Card text</p></article></div>'
            '<h3>No id</h3><p>Still alpha.</p><section class="page-sources"><h2 id="sources">Sources</h2>'
            '<ol><li>Report</li></ol></section><svg><text>Map</text></svg>')
    documents, cards = search_index.page_documents(html, "p/", "Title", "About")
    assert [(d.location, d.title, d.text) for d in documents] == [
        ("p/", "Title", "Intro words."), ("p/#a", "First", "Alpha text. No id Still alpha.")]
    assert documents[0].extra == "About" and documents[1].context == "Title"
    assert cards == ["card-1"]


def test_postings_round_trip():
    documents = [search_index.Document("a/", "Passport", "lost passport passport passport passport"),
                 search_index.Document("a/#b", "Money", "passport")]
    index = search_index.build(documents, "en")
    packed = index["keys"]["passport"]
    assert packed == [0 * 8 + 4 + 3, 1 * 8 + 1], "title flag and capped count, then delta-coded document"
    assert [d[3] for d in index["docs"]] == [1, 1]


def test_shown_text_is_cut_at_a_word():
    text = "word " * 100
    short = search_index.shown(text.strip())
    assert len(short) <= search_index.SHOWN + 1 and short.endswith("word…")


def test_card_goes_to_its_country_page_also_without_directory_urls():
    entry = {"id": "x", "type": "embassy", "country": "RU", "name": {"en": "Embassy"}, "services": {"en": "Help."}}
    for pages, wanted in ((["ru/index.html", "ru/contacts/russia.html"], "ru/contacts/russia.html#x"),
                          (["ru/", "ru/contacts/russia/"], "ru/contacts/russia/#x")):
        [document] = search_index.card_documents([entry], "ru", {"x": pages})
        assert document.location == wanted
    assert search_index.card_documents([entry], "ru", {}) == [], "an entry on no page is not indexed"


@pytest.mark.parametrize("language", codes())
def test_the_what_to_do_guides_are_in_search(built_site: Path, language: str):
    locations = {location.split("#")[0] for location, *_ in load(built_site, language)["docs"]}
    for guide in ("police", "unpaid-wages", "passport-lost", "entry-ban", "sick-or-injured", "missing-or-died"):
        assert f"{language_prefix(language)}what-to-do/{guide}/" in locations
