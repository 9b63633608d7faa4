"""The directory refuses bad input with a message that names the file, the line, the entry and the fix."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import vobject

from scripts import contacts, embeds
from scripts.contacts_render import vcard
from scripts.languages import codes, language_prefix
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
    assert [e["id"] for e in directory.entries] == ["kg-anti-trafficking-hotline-189", "ru-emergency-112"]


BROKEN = [
    # (what an editor did, replace this, with this, line, words the message must contain)
    ("bad YAML", "  type: hotline\n", "  type: hotline\n    oops: [\n", 4, ["not valid YAML"]),
    ("unknown field", "  languages: [ky, ru]\n", "  langauges: [ky, ru]\n", 7, ["kg-anti-trafficking-hotline-189", "unknown field 'langauges'", "allowed fields"]),
    ("missing required field", "  serves: [all]\n", "", 19, ["ru-emergency-112", "missing required field 'serves'"]),
    ("duplicate id", "- id: ru-emergency-112", "- id: kg-anti-trafficking-hotline-189", 19, ["already used by entry #1"]),
    ("phone invalid for its country", '"+74951234567"', '"+7495123456"', 28, ["ru-emergency-112", "not a valid phone number for RU", "international format"]),
    ("phone of another country", '"+74951234567"', '"+996312123456"', 28, ["not a valid phone number for RU"]),
    ("malformed phone", '"+74951234567"', '"8 (495) 123-45-67"', 28, ["'number' has the wrong form", "+996312123456"]),
    ("coordinates out of range", "lat: 42.87", "lat: 142.87", 13, ["out of range"]),
    ("coordinates swapped", "lat: 42.87, lon: 74.59", "lat: 74.59, lon: 42.87", 13, ["outside KG", "swapped"]),
    ("date in the future", "last_checked: 2026-11-01\n- id: ru", "last_checked: 2027-01-01\n- id: ru", 18, ["in the future"]),
    ("not a real date", "last_checked: 2026-11-01\n- id: ru", "last_checked: 2026-02-30\n- id: ru", 18, ["not a real date", "YYYY-MM-DD"]),
    ("unknown country", "  country: KG\n", "  country: XX\n", 4, ["'XX' is not allowed for 'country'", "RU, KZ, KG, TJ, UZ"]),
    ("unknown text language", "ru: Бишкек}", "kz: Бишкек}", 5, ["unknown language 'kz'"]),
    ("unknown spoken language", "languages: [ky, ru]", "languages: [ky, xx]", 7, ["'xx' is not a known language code"]),
    ("bad id", "- id: ru-emergency-112", "- id: RU Emergency", 19, ["'id' has the wrong form"]),
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


def test_stale_entry_is_a_warning_not_an_error(tmp_path):
    directory = load_broken(tmp_path, "last_checked: 2026-11-01\n- id: ru", "last_checked: 2024-01-01\n- id: ru")
    assert directory.problems == []
    assert len(directory.warnings) == 1 and "more than 12 months ago" in str(directory.warnings[0])
    assert len(directory.entries) == 2


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


def test_vcard_parses_and_holds_the_number():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    for language in codes():
        cards = list(vobject.readComponents(vcard(entries, language)))
        assert len(cards) == 2
        numbers = [tel.value for tel in cards[1].contents["tel"]]
        assert numbers == ["112", "+74951234567"]


def test_embed_filters():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    html = embeds.expand("{{ contacts country=KG }}\n", entries, "ru", lambda p: p)
    assert 'href="tel:189"' in html and "Горячая линия" in html and "ru-emergency-112" not in html
    assert 'href="tel:112"' in embeds.expand("x {{ phone ru-emergency-112 }} y", entries, "en", lambda p: p)
    problems = embeds.check("{{ contacts id=nope }}\n{{ phone nope }}\n{{ contcts type=hotline }}\n", entries, "p.md", 5)
    assert [p.line for p in problems] == [5, 6, 7]


def test_every_entry_is_on_its_country_page_in_every_language(built_site: Path):
    for entry in contacts.load().entries:
        page = contacts.countries()[entry["country"]]["page"]
        for language in codes():
            prefix = language_prefix(language)
            html = (built_site / prefix / "contacts" / page / "index.html").read_text(encoding="utf-8")
            assert f'id="{entry["id"]}"' in html, f"{entry['id']} not on {language} {page}"
            for phone in entry.get("phones", []):
                assert f'href="tel:{phone["number"]}"' in html
            vcf = built_site / prefix / "contacts" / "vcf" / f"{entry['id']}.vcf"
            card = vobject.readOne(vcf.read_text(encoding="utf-8"))
            assert card.fn.value


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
