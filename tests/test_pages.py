"""Every page carries valid front matter, and English and Russian booklets match in structure."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scripts.check import editors_check
from scripts.site import pages
from scripts.site.languages import codes, translated_codes
from tests.conftest import mkdocs_build

MIN_WORDS = 400          # a topic page shorter than this is a stub, not a guide
SHORT_PAGES = {"index.md", "about.md", "leaflets.md", "offline-copies.md", "safe-migration/index.md", "entry-exit/index.md",
               "health/index.md", "what-to-do/index.md"}   # section and listing pages: lists of what they hold
HEADING = re.compile(r"^(#{1,6}) |^!!! \w+", re.M)


def structure(page: pages.Page) -> list[str]:
    return [m.group(1) or m.group(0) for m in HEADING.finditer(page.body)]


def words(page: pages.Page) -> int:
    text = re.sub(r"\{\{.*?\}\}|\(.*?\.md\)", " ", page.body)
    return len(re.findall(r"\w+", text))


ENGLISH = [p for p in pages.all_pages() if p.language == "en"]
READER_PAGES = [p for p in ENGLISH if p.path in pages.reader_paths()]


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.path)
def test_front_matter_is_valid(page):
    assert pages.read(page) == []
    assert pages.check_front_matter(page) == []


@pytest.mark.parametrize("page", [p for p in READER_PAGES if p.path not in SHORT_PAGES and not p.path.startswith("contacts/")],
                         ids=lambda p: p.path)
def test_topic_pages_are_not_stubs(page):
    pages.read(page)
    assert words(page) >= MIN_WORDS, f"{page.path}: {words(page)} words"


@pytest.mark.parametrize("language", ["ru", *translated_codes()])
def test_translations_have_the_same_headings(language):
    for english in READER_PAGES:
        translated = pages.Page(language, english.path, pages.source_file(language, english.path))
        if not translated.file.exists():
            continue
        pages.read(english), pages.read(translated)
        assert structure(translated) == structure(english), f"{translated.file} differs from {english.file}"


def test_russian_has_every_page():
    missing = [p.path for p in READER_PAGES if not pages.source_file("ru", p.path).exists()]
    assert missing == []


FRONT_MATTER_BREAKS = [
    # "last_reviewed:" stands for the page's own last_reviewed line, whatever its date.
    ("missing last_reviewed", "last_reviewed:", "", "missing required front-matter field 'last_reviewed'"),
    ("missing sources", None, None, "missing required front-matter field 'sources'"),
    ("bad date", "last_reviewed:", "last_reviewed: 26.11.2026\n", "is not a date"),
    ("future date", "last_reviewed:", "last_reviewed: 2099-01-01\n", "in the future"),
    ("unknown field", "countries:", "contries:", "unknown front-matter field 'contries'"),
    ("unknown country", "countries: [RU, KZ, KG, TJ, UZ]", "countries: [RU, XX]", "'XX' is not a known country code"),
]


@pytest.mark.parametrize("case,old,new,message", FRONT_MATTER_BREAKS, ids=[c[0] for c in FRONT_MATTER_BREAKS])
def test_bad_front_matter_names_file_field_and_fix(tmp_path, case, old, new, message):
    source = (pages.CONTENT / "about.md").read_text(encoding="utf-8")
    if old is None:
        source = re.sub(r"\nsources:\n(  .*\n)+", "\n", source)
    else:
        if old == "last_reviewed:":
            old = re.search(r"(?m)^last_reviewed: .*\n", source).group(0)
        assert old in source
        source = source.replace(old, new, 1)
    page = pages.Page("en", "about.md", tmp_path / "about.md")
    page.file.write_text(source, encoding="utf-8")
    problems = pages.read(page) + pages.check_front_matter(page, today=dt.date.today())
    matching = [p for p in problems if message in str(p)]
    assert matching, problems
    assert " — " in str(matching[0]) and matching[0].line >= 1


def test_page_without_sources_fails_the_build(project_copy: Path, tmp_path: Path):
    page = project_copy / "content" / "trafficking.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\nsources:\n(  .*\n)+", "\n", text, count=1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "content/trafficking.md:2: missing required front-matter field 'sources'" in result.stderr


@pytest.mark.parametrize("markup", ['<script>alert(1)</script>', '<iframe src="x"></iframe>',
                                    '[x](javascript:alert(1))', '<b onclick="x()">x</b>', '<div>hidden</div>'])
def test_unsafe_markup_is_refused(markup):
    problems = editors_check.unsafe_markup(f"Some text.\n\n{markup}\n", "content/x.md", 10)
    assert [p.line for p in problems] == [12], problems


def test_code_examples_may_show_markup():
    assert editors_check.unsafe_markup("```\n<script>\n```\n", "content/x.md", 1) == []


def _about_with(tmp_path: Path, change) -> list:
    source = change((pages.CONTENT / "about.md").read_text(encoding="utf-8"))
    page = pages.Page("en", "about.md", tmp_path / "about.md")
    page.file.write_text(source, encoding="utf-8")
    return pages.read(page) + pages.check_front_matter(page) + pages.sources_without_address(page)


def test_rules_as_of_newer_than_every_source_is_refused(tmp_path):
    problems = _about_with(tmp_path, lambda s: re.sub(r"(?m)^rules_as_of: .*$", "rules_as_of: 2031-01", s)
                           if "rules_as_of:" in s else s.replace("last_reviewed:", "rules_as_of: 2031-01\nlast_reviewed:", 1))
    assert any("rules_as_of 2031-01 is newer than the newest source" in p.message and p.line > 1 for p in problems), problems


def test_a_dated_page_must_say_rules_as_of(tmp_path):
    trafficking = (pages.CONTENT / "trafficking.md").read_text(encoding="utf-8")
    page = pages.Page("en", "trafficking.md", tmp_path / "trafficking.md")
    page.file.write_text(re.sub(r"(?m)^rules_as_of: .*\n", "", trafficking), encoding="utf-8")
    problems = pages.read(page) + pages.check_front_matter(page)
    assert any("missing front-matter field 'rules_as_of'" in p.message for p in problems), problems


def test_a_source_without_address_or_reason_is_refused(tmp_path):
    problems = _about_with(tmp_path, lambda s: re.sub(r"(?m)^    no_url: .*\n", "", s, count=1))
    assert any("has no address" in p.message and "no_url" in p.fix for p in problems), problems


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.path)
def test_every_source_has_an_address_or_a_reason(page):
    pages.read(page)
    assert pages.sources_without_address(page) == []
    if pages.newest_source_date(page.meta):
        assert page.meta.get("rules_as_of"), f"{page.path} says no 'rules as of'"


def test_a_translation_that_drops_a_source_is_refused(tmp_path):
    from scripts.check import editors_check
    russian = pages.source_file("ru", "trafficking.md").read_text(encoding="utf-8")
    page = pages.Page("ru", "trafficking.md", tmp_path / "trafficking.md")
    page.file.write_text(re.sub(r"(?m)^    url: .*\n", "", russian, count=1), encoding="utf-8")
    pages.read(page)
    problems = editors_check.same_sources_as_english(page)
    assert problems and "differ from the English page" in problems[0].message and "trafficking.md" in problems[0].fix


GUIDES = sorted(p.path for p in ENGLISH if p.path.startswith("what-to-do/") and p.path != "what-to-do/index.md")


def test_the_what_to_do_guides_exist_in_every_language_embed_the_directory_and_are_printed():
    from scripts.leaflets.plan import load_plan
    assert len(GUIDES) >= 6, GUIDES
    printed = {page for booklet in load_plan().booklets for page in booklet.pages}
    for path in GUIDES:
        assert path in printed, f"{path} is not a leaflet in data/leaflets.yaml"
        for language in codes():
            file = pages.source_file(language, path)
            assert file.exists(), f"{file} is missing"
            assert "{{ contacts " in file.read_text(encoding="utf-8"), f"{file} embeds no directory entry"
