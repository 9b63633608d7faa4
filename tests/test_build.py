"""The whole site builds strictly in every language, and a broken link stops the build."""
from __future__ import annotations

import re
from pathlib import Path

from scripts.site import pages
from scripts.site.languages import codes, default_code, language_prefix, languages
from tests.conftest import mkdocs_build


def page_url(language: str, path: str) -> str:
    prefix = language_prefix(language)
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return prefix + stem


def test_every_page_is_built_in_every_language(built_site: Path):
    for language in codes():
        for path in pages.english_paths():
            html = built_site / page_url(language, path) / "index.html"
            assert html.exists(), f"{path} missing in {language}: {html}"


def test_html_lang_and_hreflang_alternates(built_site: Path):
    for language in codes():
        html = (built_site / page_url(language, "health/hiv.md") / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html
        for other in codes():
            assert f'hreflang="{other}"' in html, f"no hreflang={other} on the {language} page"


def test_language_switcher_shows_native_names(built_site: Path):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for language in languages():
        assert language.name in html


def test_sitemap_lists_every_language(built_site: Path):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for language in codes():
        if language != default_code():
            assert f"/{language}/health/hiv/" in sitemap


def test_no_third_party_resources_in_pages(built_site: Path):
    """Scripts, styles, fonts and images all come from the site itself."""
    pattern = re.compile(r'<(?:script|link|img|source|iframe)\b[^>]*(?:src|href)="(https?:)?//', re.I)
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            tag = text[match.start(): text.index(">", match.start()) + 1]
            assert 'rel="alternate"' in tag or 'rel="canonical"' in tag, f"{html}: {tag}"


def test_broken_internal_link_fails_the_build(project_copy: Path, tmp_path: Path):
    page = project_copy / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
