"""Hardening: no input an editor can write makes the loaders crash; they answer with problems instead."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from scripts import contacts, pages

TODAY = dt.date(2026, 11, 26)
FIELDS = ["id", "type", "country", "city", "serves", "languages", "name", "services", "address", "hours",
          "phones", "website", "email", "messengers", "coordinates", "source", "last_reviewed", "verified", "extra"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["KG", "RU", "189", "+996312123456", "2026-13-45", "en"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(FIELDS + ["en", "ru", "number", "lat", "lon"]),
                                                                       inner, max_size=5)), max_leaves=20)
entries = st.dictionaries(st.sampled_from(FIELDS), values, max_size=12)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(st.one_of(st.lists(entries, max_size=4), values))
def test_contacts_loader_never_crashes_on_structured_input(tmp_path_factory, data):
    file = tmp_path_factory.mktemp("c") / "contacts.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    directory = contacts.load(file, today=TODAY)
    assert isinstance(directory.problems, list)
    for problem in directory.problems:
        assert problem.file and problem.message


@fuzz
@given(st.text(alphabet=st.sampled_from(list("- :[]{}#'\"\n\tabcKGRU0123456789ңөүʻ|>&*!%@`")), max_size=300))
def test_contacts_loader_never_crashes_on_any_text(tmp_path_factory, text):
    file = tmp_path_factory.mktemp("c") / "contacts.yaml"
    file.write_text(text, encoding="utf-8")
    contacts.load(file, today=TODAY)


@fuzz
@given(st.text(max_size=200), st.dictionaries(st.sampled_from(["title", "description", "last_reviewed", "countries",
                                                                "sources", "hide", "translate", "x"]), values, max_size=6))
def test_front_matter_check_never_crashes(tmp_path_factory, body, meta):
    file = tmp_path_factory.mktemp("p") / "page.md"
    file.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    page = pages.Page("en", "page.md", Path(file))
    problems = pages.read(page)
    if not problems:
        problems = pages.check_front_matter(page, today=TODAY)
    assert all(p.message for p in problems)
