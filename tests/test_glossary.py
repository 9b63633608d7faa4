"""The glossary (data/glossary.yaml) in the editors' check and in search, and the translation status of
interface strings and directory fields (scripts/translations/data_translations.py)."""
from __future__ import annotations

import re

import yaml

from scripts.check import link_titles
from scripts.directory import contacts
from scripts.search.search_text import Analyzer, load_rules
from scripts.site import embeds, pages
from scripts.translations import data_translations, glossary


def test_a_variant_is_a_located_warning_with_the_preferred_word() -> None:
    found = glossary.check_text("Салом.\nБа ҷабрдидагони хариду фурӯши одамон кӯмак мекунад.", "tg", "x.md", 10)
    assert [(p.line, p.warning) for p in found] == [(11, True), (11, True)]
    assert "'савдои одамон'" in str(found[0]) + str(found[1]) and "x.md:11" in str(found[0])


def test_a_shared_abbreviation_names_both_terms() -> None:
    (found,) = glossary.check_text("XMT yordam beradi.", "uz", "x.md")
    assert "Xalqaro migratsiya tashkiloti" in found.fix and "Xalqaro mehnat tashkiloti" in found.fix


def test_russian_term_is_fine_as_a_gloss_or_a_quote_but_not_alone() -> None:
    assert not glossary.check_text("АИВ (ВИЧ) тууралуу", "ky", "x.md")
    assert not glossary.check_text("> Я хочу связаться с консульством.", "ky", "x.md")
    assert glossary.check_text("ВИЧ тууралуу", "ky", "x.md")


def test_an_organisations_own_name_is_not_reported() -> None:
    assert not glossary.check_text("Общественная организация «Жария»", "ru", "x.md")
    assert glossary.check_text("Обратитесь в общественную организацию.", "ru", "x.md")


def test_wrong_variant_is_an_error(monkeypatch) -> None:
    data = {"terms": [{"id": "t", "en": "x", "tg": {"use": ["ба ҳолати"], "wrong": ["то соли"]}}]}
    monkeypatch.setattr(glossary, "load_data", lambda: data)
    glossary.language.cache_clear()
    try:
        (found,) = glossary.check_text("қоидаҳо то соли 2025", "tg", "x.md")
        assert not found.warning and "changes the meaning" in found.message
    finally:
        glossary.language.cache_clear()


def test_the_site_has_no_drift_outside_pages_being_edited_elsewhere() -> None:
    """Every page, interface string and directory text follows the glossary (trafficking.md is being
    edited by another editor: its translations are left to them)."""
    drift = []
    for page in pages.all_pages():
        pages.read(page)
        if page.path != "trafficking.md":
            drift += glossary.check_text(page.body, page.language, str(page.file), page.body_line)
    for entry_id, key, language, text, line in data_translations.directory_texts():
        drift += glossary.check_text(text, language, "data/contacts.yaml", line)
    assert not drift, "\n".join(map(str, drift[:10]))


def test_search_reads_every_form_of_a_term_as_one_word() -> None:
    rules = load_rules()
    assert Analyzer("ky", rules).key("ВИЧ") == Analyzer("ky", rules).key("АИВ")
    assert Analyzer("tg", rules).key("туберкулез") == Analyzer("tg", rules).key("сил")
    assert Analyzer("uz", rules).key("VOZ") == Analyzer("uz", rules).key("JSST")
    assert Analyzer("uz", rules).key("XMT") not in (Analyzer("uz", rules).key("IOM"), Analyzer("uz", rules).key("ILO"))


def test_link_that_names_a_page_uses_its_title(tmp_path) -> None:
    (tmp_path / "ky").mkdir()
    (tmp_path / "ky" / "a.md").write_text("---\ntitle: Үйгө кайтуу\n---\n", encoding="utf-8")
    page = pages.Page("ky", "b.md", tmp_path / "ky" / "b.md",
                      body="- [Мекенге кайтуу](a.md)\n- [Үйгө кайтуу](a.md)\n- [Үйгө](a.md): баары\n", body_line=5)
    found = link_titles.check(page, tmp_path)
    assert [(p.line, p.warning) for p in found] == [(5, True)] and "'Үйгө кайтуу'" in found[0].message


def test_changed_english_services_makes_four_translations_outdated(tmp_path, monkeypatch) -> None:
    state = tmp_path / "state.yaml"
    state.write_text(data_translations.STATE_YML.read_text(encoding="utf-8"), encoding="utf-8")
    before = {(s.language, s.unit.group, s.unit.key): s.state for s in data_translations.status(data_translations.load_state(state))}
    assert set(before.values()) == {data_translations.UP_TO_DATE}
    data = yaml.safe_load(contacts.CONTACTS_YML.read_text(encoding="utf-8"))
    entry = next(e for e in data if isinstance(e.get("services"), dict))
    text = contacts.CONTACTS_YML.read_text(encoding="utf-8")
    english = entry["services"]["en"]
    changed = tmp_path / "contacts.yaml"
    changed.write_text(text.replace(english, english + " Also on Sundays.", 1), encoding="utf-8")
    monkeypatch.setattr(contacts, "CONTACTS_YML", changed)
    found = data_translations.status(data_translations.load_state(state))
    late = [s for s in found if s.state != data_translations.UP_TO_DATE]
    assert sorted(s.language for s in late) == ["ky", "ru", "tg", "uz"]
    assert {(s.unit.group, s.unit.key) for s in late} == {(f"contacts:{entry['id']}", "services")}
    warnings = data_translations.warnings(found)
    assert len(warnings) == 4 and all(w.warning and w.line > 0 and "services" in w.message for w in warnings)
    assert "Also on Sundays." in embeds.data_translation_table(found)
    assert data_translations.mark("ky", f"contacts:{entry['id']}", state) >= 1
    again = [s for s in data_translations.status(data_translations.load_state(state)) if s.state != data_translations.UP_TO_DATE]
    assert sorted(s.language for s in again) == ["ru", "tg", "uz"]


def test_uncertain_terms_are_listed() -> None:
    assert all(re.match(r"data/glossary.yaml:\d+: [a-z-]+: UNCERTAIN", line) for line in glossary.uncertain())
    assert len(glossary.uncertain()) >= 3
