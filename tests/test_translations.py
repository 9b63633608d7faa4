"""Translation tracking: outdated and missing pages are reported, and readers see a notice, never a 404."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.check import editors_check
from scripts.site.languages import translated_codes
from scripts.site.strings import strings
from scripts.translations import page_translations
from tests.conftest import mkdocs_build


def test_every_translation_is_present_and_up_to_date():
    behind = [f"{s.language}/{s.path}: {s.state}" for s in page_translations.status() if s.state != page_translations.UP_TO_DATE]
    assert behind == []


def test_changed_english_makes_translations_outdated(project_copy: Path):
    content = project_copy / "content"
    for language in translated_codes():
        page_translations.mark(language, "health/tb.md", content)
    assert {page_translations.states(content)[(code, "health/tb.md")] for code in translated_codes()} == {"up to date"}
    english = content / "health" / "tb.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph about testing.\n", encoding="utf-8")
    assert {page_translations.states(content)[(code, "health/tb.md")] for code in translated_codes()} == {"outdated"}


def test_dates_and_sources_do_not_make_a_translation_outdated(project_copy: Path):
    content = project_copy / "content"
    page_translations.mark("ky", "health/tb.md", content)
    english = content / "health" / "tb.md"
    english.write_text(english.read_text(encoding="utf-8").replace("last_reviewed: 2026-11-26", "last_reviewed: 2026-11-25"),
                       encoding="utf-8")
    assert page_translations.states(content)[("ky", "health/tb.md")] == "up to date"


def test_missing_translation_falls_back_to_english_with_a_notice(project_copy: Path, tmp_path: Path):
    (project_copy / "content" / "ky" / "health" / "tb.md").unlink()
    assert page_translations.states(project_copy / "content")[("ky", "health/tb.md")] == "missing"
    site = tmp_path / "site"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (site / "ky" / "health" / "tb" / "index.html").read_text(encoding="utf-8")
    assert strings("ky")["site"]["translation_missing"] in html
    assert '<html lang="ky"' in html
    english_title = (project_copy / "content" / "health" / "tb.md").read_text(encoding="utf-8").split("title: ")[1].split("\n")[0]
    assert english_title in html


def test_outdated_translation_links_to_english(project_copy: Path, tmp_path: Path):
    english = project_copy / "content" / "health" / "hiv.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    site = tmp_path / "site"
    assert mkdocs_build(project_copy, site).returncode == 0
    html = (site / "tg" / "health" / "hiv" / "index.html").read_text(encoding="utf-8")
    assert strings("tg")["site"]["translation_outdated"] in html
    assert 'href="../../../health/hiv/"' in html


@pytest.mark.parametrize("prefix", ["", "ru/"])
def test_status_page_lists_pages_and_languages(built_site: Path, prefix: str):
    folder = built_site / prefix / "status"
    html = (folder / "index.html").read_text(encoding="utf-8")
    for code in translated_codes():
        assert f">{code}</th>" in html
    assert "health/tb.md" in html
    table = html[html.index('<table class="translation-status"'):]
    links = re.findall(r'href="([^"]+)"', table[: table.index("</table>")])
    assert len(links) > 50
    for link in links:
        assert (folder / link / "index.html").resolve().exists(), link


def test_status_command_prints_a_table(capsys):
    assert page_translations.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "health/hiv.md" in out and "translations up to date" in out


@pytest.mark.parametrize("text,flagged", [
    ("Oʻzbekiston va maʼlumot", False),
    ("O'zbekiston", True), ("g`oya", True), ("o‘zbek", True), ("ma'lumot", True), ("maʼlumot", False),
])
def test_uzbek_apostrophes_are_checked(text, flagged):
    assert bool(editors_check.uzbek_apostrophes(f"line one\n{text}\n", "content/uz/x.md")) == flagged



def test_committed_versions_are_read_newest_first(tmp_path: Path, monkeypatch):
    """`status --diff` shows what changed in English since a translation by finding, among the committed
    versions of the English file, the one whose hash the translation recorded (pages and data alike)."""
    import subprocess

    from scripts.translations import data_translations
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    page = tmp_path / "page.md"
    for word in ("First", "Second"):
        page.write_text(f"---\ntitle: One\n---\n{word}.\n", encoding="utf-8")
        subprocess.run(git + ["add", "page.md"], cwd=tmp_path, check=True)
        subprocess.run(git + ["commit", "-qm", word], cwd=tmp_path, check=True)
    monkeypatch.setattr(data_translations, "ROOT", tmp_path)
    versions = list(data_translations.committed_versions(page))
    assert [v.splitlines()[3] for v in versions] == ["Second.", "First."]
    assert list(data_translations.committed_versions(page, limit=1)) == versions[:1]
    assert page_translations.text_hash(versions[1]) != page_translations.text_hash(versions[0])
