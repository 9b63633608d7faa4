"""Every page carries valid front matter, and English and Russian booklets match in structure."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scripts import check, pages, translations
from scripts.languages import translated_codes
from tests.conftest import mkdocs_build

MIN_WORDS = 400          # a topic page shorter than this is a stub, not a guide
SHORT_PAGES = {"index.md", "about.md", "leaflets.md", "offline-copies.md", "safe-migration/index.md", "entry-exit/index.md", "health/index.md"}
HEADING = re.compile(r"^(#{1,6}) |^!!! \w+", re.M)


def structure(page: pages.Page) -> list[str]:
    return [m.group(1) or m.group(0) for m in HEADING.finditer(page.body)]


def words(page: pages.Page) -> int:
    text = re.sub(r"\{\{.*?\}\}|\(.*?\.md\)", " ", page.body)
    return len(re.findall(r"\w+", text))


ENGLISH = [p for p in pages.all_pages() if p.language == "en"]
READER_PAGES = [p for p in ENGLISH if p.path in translations.translatable_paths()]


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
    ("missing last_reviewed", "last_reviewed: 2026-11-26\n", "", "missing required front-matter field 'last_reviewed'"),
    ("missing sources", None, None, "missing required front-matter field 'sources'"),
    ("bad date", "last_reviewed: 2026-11-26", "last_reviewed: 26.11.2026", "is not a date"),
    ("future date", "last_reviewed: 2026-11-26", "last_reviewed: 2099-01-01", "in the future"),
    ("unknown field", "countries:", "contries:", "unknown front-matter field 'contries'"),
    ("unknown country", "countries: [RU, KZ, KG, TJ, UZ]", "countries: [RU, XX]", "'XX' is not a known country code"),
]


@pytest.mark.parametrize("case,old,new,message", FRONT_MATTER_BREAKS, ids=[c[0] for c in FRONT_MATTER_BREAKS])
def test_bad_front_matter_names_file_field_and_fix(tmp_path, case, old, new, message):
    source = (pages.CONTENT / "about.md").read_text(encoding="utf-8")
    if old is None:
        source = re.sub(r"\nsources:\n(  .*\n)+", "\n", source)
    else:
        assert old in source
        source = source.replace(old, new, 1)
    page = pages.Page("en", "about.md", tmp_path / "about.md")
    page.file.write_text(source, encoding="utf-8")
    problems = pages.read(page) + pages.check_front_matter(page, today=dt.date(2026, 11, 26))
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
    problems = check.unsafe_markup(f"Some text.\n\n{markup}\n", "content/x.md", 10)
    assert [p.line for p in problems] == [12], problems


def test_code_examples_may_show_markup():
    assert check.unsafe_markup("```\n<script>\n```\n", "content/x.md", 1) == []
