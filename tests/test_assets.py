"""What a reader downloads: no theme files the portal never loads, and the portal's own files minified."""
from __future__ import annotations

import subprocess
from pathlib import Path

from scripts import assets


def test_theme_files_the_portal_never_loads_are_left_out(built_site: Path):
    shipped = [p.relative_to(built_site).as_posix() for p in (built_site / "assets").rglob("*")]
    assert not [p for p in shipped if p.startswith(assets.UNUSED_THEME_FILES)]
    assert any(p.startswith("assets/javascripts/bundle.") for p in shipped), "the theme's own script stays"


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
