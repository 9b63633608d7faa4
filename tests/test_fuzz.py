"""Hardening: no input an editor can write makes the loaders crash; they answer with problems instead."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from scripts.directory import contacts
from scripts.site import pages

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


# --- The editors' check itself: whatever an editor writes, it answers with problems, never a traceback ---

from scripts.check import editor_files, editors_check, published_html  # noqa: E402

HTML_BITS = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "<meta http-equiv=refresh content='0;url=//x'>",
             "<svg><script>1</script></svg>", "<math><mi>", "<!--", "-->", "<a href='jav&#x09;ascript:1'>", "<form>",
             "<style>", "<![CDATA[", "<table><tr><td>", "</td>", "<details><summary>", "{: onclick=x }", "{: .tip #a }",
             "```", "```!!", "~~~", "!!! tip", "    ", "[x](tel:+79990001122)", "![m](https://e.org/m.png)",
             "{{ phone kg-x }}", "{{ contacts id=nope }}", "| a | b |\n|:-:|--|\n| 1 | 2 |", "&#0;", "\u202e", "\x00",
             "8 (495) 123-45-67", "+7 999", "\n", "\n\n", "# Title", "* item", "1. step", "<", ">", "&", '"']
markdown_with_html = st.lists(st.one_of(st.sampled_from(HTML_BITS), st.text(max_size=20)), max_size=25).map("".join)
front_matter = ("---\ntitle: Fuzz page\ndescription: A page made by the property-based tests.\nlast_reviewed: 2026-11-01\n"
                "countries: [KG]\nsources:\n  - title: Nothing real\n---\n")


@fuzz
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_reported(tmp_path_factory, data):
    file = tmp_path_factory.mktemp("b") / "page.md"
    file.write_bytes(data)
    text, problems = editor_files.read_text(file)
    assert text is not None or problems
    assert all(p.file and p.message and p.fix for p in problems)
    page = pages.Page("en", "page.md", file)
    assert all(p.message for p in pages.read(page))
    directory = contacts.load(file, today=TODAY)
    assert all(p.message for p in directory.problems)


@fuzz
@given(st.lists(st.sampled_from(list("- :[]{}#'\"\n\t&*!|>?%@`,abc0123") + ["<<", "&a ", "*a", "\ufeff", "a: 1\n"]),
                max_size=80).map("".join))
def test_any_yaml_is_loaded_or_reported(tmp_path_factory, text):
    file = tmp_path_factory.mktemp("y") / "strings.yaml"
    file.write_text(text, encoding="utf-8")
    data, lines, problems = editor_files.load_yaml(file)
    assert data is None or not problems
    assert all(p.line >= 0 and p.message for p in problems)


@fuzz
@given(markdown_with_html)
def test_the_page_check_answers_any_markdown_with_problems(tmp_path_factory, body):
    file = tmp_path_factory.mktemp("m") / "page.md"
    file.write_text(front_matter + body, encoding="utf-8", errors="surrogatepass")
    page = pages.Page("en", "page.md", file)
    directory = contacts.load(today=TODAY)
    problems = editors_check.page_problems(page, directory)
    assert all(p.file and p.message for p in problems)
    if any(bit in body for bit in ("<script", "onerror=", "tel:", "<form", "<style")):
        assert problems, f"not refused: {body!r}"


@fuzz
@given(markdown_with_html)
def test_the_allowlist_never_raises_and_refuses_scripts(html):
    found = published_html.findings(html, published_html.BUILD)
    assert all(f.message and f.fix for f in found)
    if "<script>" in html.lower() and not any(c in html for c in ("<!--", "<![CDATA[")):
        assert found, html
