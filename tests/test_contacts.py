"""The directory refuses bad input with a message that names the file, the line, the entry and the fix."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import vobject

from urllib.parse import unquote

from scripts.directory import contacts, contacts_render, freshness
from scripts.directory.contacts_render import vcard
from scripts.site import embeds, report
from scripts.site.languages import codes, language_prefix
from scripts.site.strings import strings
from tests.conftest import mkdocs_build

FIXTURE = Path(__file__).parent / "fixtures" / "contacts-valid.yaml"
TODAY = dt.date(2026, 11, 26)


def load_broken(tmp_path: Path, old: str, new: str) -> contacts.Directory:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text, old
    broken = tmp_path / "contacts.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    return contacts.load(broken, today=TODAY)


def test_fixture_is_valid():
    directory = contacts.load(FIXTURE, today=TODAY)
    assert directory.problems == []
    assert [e["id"] for e in directory.entries] == ["kg-anti-trafficking-hotline-189", "ru-emergency-112", "kg-old-ngo",
                                                    "ru-confirmed-line"]


BROKEN = [
    # (what an editor did, replace this, with this, line, words the message must contain)
    ("bad YAML", "  type: hotline\n", "  type: hotline\n    oops: [\n", 5, ["not valid YAML"]),
    ("unknown field", "  languages: [ky, ru]\n", "  langauges: [ky, ru]\n", 8, ["kg-anti-trafficking-hotline-189", "unknown field 'langauges'", "allowed fields"]),
    ("missing required field", "  serves: [all]\n", "", 21, ["ru-emergency-112", "missing required field 'serves'"]),
    ("duplicate id", "- id: ru-emergency-112", "- id: kg-anti-trafficking-hotline-189", 21, ["already used by entry #1"]),
    ("phone invalid for its country", '"+74951234567"', '"+7495123456"', 30, ["ru-emergency-112", "not a valid phone number for RU", "international format"]),
    ("phone of another country", '"+74951234567"', '"+996312123456"', 30, ["not a valid phone number for RU"]),
    ("malformed phone", '"+74951234567"', '"8 (495) 123-45-67"', 30, ["'number' has the wrong form", "+996312123456"]),
    ("coordinates out of range", "lat: 42.87", "lat: 142.87", 14, ["out of range"]),
    ("coordinates swapped", "lat: 42.87, lon: 74.59", "lat: 74.59, lon: 42.87", 14, ["outside KG", "swapped"]),
    ("date in the future", "last_reviewed: 2026-11-01\n- id: ru", "last_reviewed: 2027-01-01\n- id: ru", 20, ["in the future"]),
    ("not a real date", "last_reviewed: 2026-11-01\n- id: ru", "last_reviewed: 2026-02-30\n- id: ru", 20, ["not a real date", "YYYY-MM-DD"]),
    ("confirmation in the future", "{date: 2026-11-10, method: call", "{date: 2027-11-10, method: call", 62, ["in the future"]),
    ("confirmation without who", ", method: call, by: Test NGO}", ", method: call}", 62, ["ru-confirmed-line", "missing required field 'by'"]),
    ("unknown confirmation method", "method: call", "method: rumour", 62, ["'rumour' is not allowed for 'method'", "call, official-site"]),
    ("source without kind", "    kind: law\n", "", 31, ["ru-emergency-112", "missing required field 'kind'"]),
    ("old field name", "last_reviewed: 2026-11-01\n- id: ru-e", "last_checked: 2026-11-01\n- id: ru-e", 3, ["unknown field 'last_checked'"]),
    ("unknown country", "  country: KG\n", "  country: XX\n", 5, ["'XX' is not allowed for 'country'", "RU, KZ, KG, TJ, UZ"]),
    ("unknown text language", "ru: Бишкек}", "kz: Бишкек}", 6, ["unknown language 'kz'"]),
    ("unknown spoken language", "languages: [ky, ru]", "languages: [ky, xx]", 8, ["'xx' is not a known language code"]),
    ("bad id", "- id: ru-emergency-112", "- id: RU Emergency", 21, ["'id' has the wrong form"]),
]


@pytest.mark.parametrize("case,old,new,line,words", BROKEN, ids=[c[0] for c in BROKEN])
def test_bad_input_gives_a_clear_error(tmp_path, case, old, new, line, words):
    directory = load_broken(tmp_path, old, new)
    assert directory.problems, f"{case}: no problem reported"
    text = "\n".join(map(str, directory.problems))
    first = str(directory.problems[0])
    assert first.startswith(f"{tmp_path / 'contacts.yaml'}:{line}: "), first
    assert " — " in first, f"no fix in: {first}"
    for word in words:
        assert word in text, f"{case}: {word!r} not in {text}"


def test_all_problems_are_reported_at_once(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace('"189"', '"1"').replace("country: RU", "country: ZZ")
    broken = tmp_path / "contacts.yaml"
    broken.write_text(text, encoding="utf-8")
    assert len(contacts.load(broken, today=TODAY).problems) >= 2


def test_real_directory_is_valid():
    directory = contacts.load()
    assert directory.problems == [], "\n".join(map(str, directory.problems))
    assert len(directory.entries) >= 10


def test_schema_language_list_matches_mkdocs_yml():
    assert contacts.schema()["$defs"]["text"]["propertyNames"]["enum"] == codes()


def test_schema_countries_match_countries_yaml():
    assert contacts.schema()["$defs"]["country"]["enum"] == list(contacts.countries())


def test_vcard_parses_and_holds_the_number_and_its_status():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    for language in codes():
        cards = list(vobject.readComponents(vcard(entries, language)))
        assert [card.fn.value for card in cards] == [contacts_render.text(e, "name", language)[0]
                                                    for e in entries if e["id"] != "kg-old-ngo"]
        assert [tel.value for tel in cards[1].contents["tel"]] == ["112", "+74951234567"]
        # The note says how fresh the number is, with its year, in the reader's language.
        assert freshness.of(entries[0]).words(language) in cards[0].note.value and "2006" in cards[0].note.value
        assert [tel.value for tel in cards[2].contents["tel"]] == ["+74957654321"], "a dead number was saved"


def test_nothing_to_save_means_no_vcard():
    history = contacts.load(FIXTURE, today=TODAY).by_id()["kg-old-ngo"]
    assert vcard([history], "en") == ""
    assert "contact__save" not in contacts_render.card(history, "en", "x.vcf")


def test_freshness_of_each_kind_of_evidence():
    entries = contacts.load(FIXTURE, today=TODAY).by_id()
    levels = {entry_id: freshness.of(entry, TODAY).level for entry_id, entry in entries.items()}
    assert levels == {"kg-anti-trafficking-hotline-189": "old", "ru-emergency-112": "current",
                      "kg-old-ngo": "old", "ru-confirmed-line": "confirmed"}
    assert [e["id"] for e in freshness.for_help(list(entries.values()), TODAY)] == ["ru-emergency-112", "ru-confirmed-line"]
    assert [e["id"] for e in freshness.listed(list(entries.values()), TODAY)] == [
        "kg-anti-trafficking-hotline-189", "ru-emergency-112", "ru-confirmed-line"]
    # A confirmation older than the thresholds falls back to "last confirmed …", then to old.
    assert freshness.of(entries["ru-confirmed-line"], dt.date(2028, 6, 1)).template == ("confirmed_before",)
    assert freshness.of(entries["ru-confirmed-line"], dt.date(2033, 6, 1)).old


@pytest.mark.parametrize("language", codes())
def test_status_words_in_every_language(language):
    entries = contacts.load(FIXTURE, today=TODAY).by_id()
    words = {entry_id: freshness.of(entry, TODAY).words(language) for entry_id, entry in entries.items()}
    assert "2006" in words["kg-anti-trafficking-hotline-189"] and "2005" in words["kg-old-ngo"]
    assert "2020" in words["ru-emergency-112"]
    confirmed = words["ru-confirmed-line"]
    assert strings(language)["status"]["how"]["call"] in confirmed and "2026" in confirmed
    english = {entry_id: freshness.of(entry, TODAY).words("en") for entry_id, entry in entries.items()}
    if language != "en":
        assert all(words[k] != english[k] for k in words), "status words not translated"


def test_embeds_offer_only_help_and_never_an_old_number_as_a_call_button():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    html = embeds.expand("{{ contacts country=KG }}\n", entries, "ru", lambda p: p)
    assert "tel:189" not in html and "Горячая линия" not in html and "directory__empty" in html
    inline = embeds.expand("x {{ phone kg-anti-trafficking-hotline-189 }} y", entries, "en", lambda p: p)
    assert "tel:" not in inline and ">189<" in inline
    assert 'href="tel:112"' in embeds.expand("x {{ phone ru-emergency-112 }} y", entries, "en", lambda p: p)
    compact = embeds.expand("{{ contacts view=compact }}\n", entries, "en", lambda p: p)
    assert "tel:112" in compact and "tel:+74957654321" in compact and "189" not in compact
    assert "tel:+74950000000" not in compact, "a dead number is shown"
    problems = embeds.check("{{ contacts id=nope }}\n{{ phone nope }}\n{{ contcts type=hotline }}\n"
                            "{{ contacts country=KG }}\n", contacts.load(FIXTURE, today=TODAY).written, "p.md", 5)
    assert [p.line for p in problems] == [5, 6, 7, 8]
    assert "readers would see nothing" in problems[3].message


def test_country_directory_shows_old_numbers_as_text_and_history_apart():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    html = embeds.expand("{{ directory country=KG }}\n", entries, "en", lambda p: p)
    card_html = html[:html.index("directory__history")]
    assert 'id="kg-anti-trafficking-hotline-189"' in card_html and "tel:189" not in card_html
    assert "may no longer work" in card_html
    assert 'id="kg-old-ngo"' not in card_html
    history = html[html.index("directory__history"):]
    assert 'id="kg-old-ngo"' in history and "(2005)" in history


def test_report_link_names_the_page_the_entry_and_the_language(monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://github.com/example-ngo/safe-migration/")
    report.channels.cache_clear()
    try:
        entries = contacts.load(FIXTURE, today=TODAY).entries
        html = embeds.expand("{{ contacts id=ru-emergency-112 }}\n", entries, "ky", lambda p: p,
                             report=lambda entry_id: report.href("ky/contacts/russia/", "ky", entry_id, "about/#report"))
        link = re.search(r'class="contact__report" href="([^"]+)"', html).group(1)
        assert link.startswith("https://github.com/example-ngo/safe-migration/issues/new?title=")
        decoded = unquote(link.replace("&amp;", "&"))
        assert "ru-emergency-112" in decoded and "ky/contacts/russia/" in decoded and "Language: ky" in decoded
    finally:
        report.channels.cache_clear()
    monkeypatch.delenv("REPO_URL")
    assert report.href("p/", "en", None, "about/#report") in ("about/#report",) or \
        report.href("p/", "en", None, "about/#report").startswith("mailto:")


def test_every_listed_entry_is_on_its_country_page_in_every_language(built_site: Path):
    directory = contacts.load()
    for entry in directory.entries:
        page = contacts.countries()[entry["country"]]["page"]
        old = freshness.of(entry).old
        for language in codes():
            prefix = language_prefix(language)
            html = (built_site / prefix / "contacts" / page / "index.html").read_text(encoding="utf-8")
            assert f'id="{entry["id"]}"' in html, f"{entry['id']} not on {language} {page}"
            vcf = built_site / prefix / "contacts" / "vcf" / f"{entry['id']}.vcf"
            if freshness.historical(entry):
                assert "directory__history" in html and not vcf.exists()
                continue
            for phone in entry.get("phones", []):
                assert (f'href="tel:{phone["number"]}"' in html) != old, f"{entry['id']} {phone['number']}"
            if contacts_render.savable(entry):
                card = vobject.readOne(vcf.read_text(encoding="utf-8"))
                assert card.fn.value and freshness.of(entry).words(language) in card.note.value


def test_home_page_calls_only_numbers_fit_to_help(built_site: Path):
    helpful = {phone["number"] for entry in freshness.for_help(contacts.load().entries) for phone in entry.get("phones", [])}
    for language in codes():
        html = (built_site / language_prefix(language) / "index.html").read_text(encoding="utf-8")
        called = set(re.findall(r'href="tel:([^"]+)"', html))
        assert called and called <= helpful, called - helpful
        assert "data-where" in html


def test_bad_directory_stops_the_build_and_keeps_the_old_site(project_copy: Path, tmp_path: Path):
    site = tmp_path / "published"
    site.mkdir()
    (site / "index.html").write_text("published before", encoding="utf-8")
    target = project_copy / "data" / "contacts.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("country: RU", "country: XX", 1), encoding="utf-8")
    result = mkdocs_build(project_copy, site)
    assert result.returncode != 0
    assert re.search(r"data/contacts\.yaml:\d+: entry '[a-z0-9-]+': 'XX' is not allowed", result.stderr), result.stderr[-2000:]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "published before"
