"""What a reader downloads: no theme files the portal never loads, and the portal's own files minified."""
from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from scripts.site import assets


def test_theme_files_the_portal_never_loads_are_left_out(built_site: Path):
    shipped = [p.relative_to(built_site).as_posix() for p in (built_site / "assets").rglob("*")]
    assert not [p for p in shipped if p.startswith(assets.UNUSED_THEME_FILES)]
    assert any(p.startswith("assets/javascripts/bundle.") for p in shipped), "the theme's own script stays"


def test_theme_script_is_loaded_when_needed_not_by_the_page(built_site: Path):
    """Material's bundle is named by theme.js (data-bundle), which loads it when search opens; no page
    has its <script> tag."""
    page = (built_site / "ru" / "health" / "tb" / "index.html").read_text(encoding="utf-8")
    assert "javascripts/bundle." not in re.sub(r'data-bundle="[^"]*"', "", page)
    bundle = re.search(r'<script src="[^"]*assets/theme\.js[^"]*" data-bundle="([^"]+)"', page).group(1)
    assert (built_site / "ru" / "health" / "tb" / bundle).resolve().is_file()


def test_theme_stylesheet_keeps_only_rules_the_site_can_use(built_site: Path):
    """scripts/site/theme_css.py: far smaller than Material's, under a name of its own hash, linked by every page;
    what pages and scripts use is still there, features the portal does not use are gone."""
    [css] = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    text = css.read_text(encoding="utf-8")
    assert len(text) < 70_000, len(text)                       # Material's: 134 KB
    assert css.name == f"main.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.css"
    for page in ("index.html", "ru/health/tb/index.html", "ky/contacts/kyrgyzstan/index.html", "uz/leaflets/index.html"):
        assert f"assets/stylesheets/{css.name}" in (built_site / page).read_text(encoding="utf-8"), page
    for kept in (".md-search__input", ".md-search-result__link", ".md-nav__toggle", ".md-select__inner",
                 ".md-top", ".md-header__title--active", ".admonition", "details", "[data-md-toggle=search]:checked",
                 "[data-md-toggle=drawer]:checked", ".md-typeset mark", "@media print", ".md-overlay"):
        assert kept in text, kept
    for gone in (".tabbed-labels", ".md-annotation", ".md-tooltip", ".md-version", ".md-clipboard",
                 "--md-admonition-icon--bug", "sourceMappingURL"):
        assert gone not in text, gone


def test_purge_keeps_what_is_present_and_drops_the_rest():
    from scripts.site import theme_css
    css = (":root{--used:1;--unused:url(data:x)}.a{color:var(--used)}.b{color:red}.a .b,.a>p{margin:0}"
           "@media print{.b{x:y}.a:not(.zzz){x:y}}[data-x=on] .a{x:y}[data-x=off] .a{x:y}")
    out = theme_css.purge(css, {"a", "p", "data-x", "on"})
    assert "--used" in out and "--unused" not in out and ".b{" not in out and ".a .b" not in out
    assert ".a>p" in out and ".a:not(.zzz)" in out and "[data-x=on]" in out and "[data-x=off]" not in out


def test_own_scripts_and_styles_are_minified_and_still_valid(built_site: Path):
    for source in sorted(assets.OWN_ASSETS.rglob("*")):
        if source.suffix not in (".js", ".css"):
            continue
        built = built_site / "assets" / source.relative_to(assets.OWN_ASSETS)
        assert built.stat().st_size < source.stat().st_size * 0.9, built
        if source.suffix == ".js":
            result = subprocess.run(["node", "--check", str(built)], capture_output=True, text=True)
            assert result.returncode == 0, f"{built}: {result.stderr}"


def test_minifying_twice_changes_nothing(built_site: Path, tmp_path: Path):
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(built_site / "assets", copy / "assets")
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assets.minify(copy)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
