"""The mirror bundle: a lean, checked, file://-ready zip of the whole site, with leaflets and README."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from scripts.offline import mirror
from scripts.offline import bundle as offline_bundle
from scripts.site import pages
from scripts.site.build_info import built_on
from scripts.site.languages import codes, languages
from scripts.site.strings import strings
from tests.offline_fixtures import bundle_page

BUDGET = 15_000_000


def test_zip_is_small_and_holds_one_checked_site(offline_build):
    archive: Path = offline_build["zip"]
    assert archive.stat().st_size < BUDGET, f"bundle is {archive.stat().st_size / 1e6:.1f} MB"
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert bundle.testzip() is None
    assert all(name.startswith("safe-migration/") for name in names)
    inside = {name.split("/", 1)[1] for name in names}
    assert {"index.html", "README.txt", "SHA256SUMS", "mirror.py", "nginx.conf"} <= inside
    assert not any(n.startswith("downloads/") or n.endswith((".zim", ".zip", ".map", "sw.js")) for n in inside)
    assert not any("lunr.ja" in n or "lunr.de" in n for n in inside), "search files for languages we lack"
    assert any(n.startswith("leaflets/") and n.endswith(".pdf") for n in inside)
    mirror.verify(offline_build["bundle"])   # raises if any file is missing, extra or damaged


def test_every_page_of_every_language_opens_from_file(offline_build):
    folder: Path = offline_build["bundle"]
    for language in codes():
        for path in pages.english_paths():
            html = (folder / bundle_page(language, path)).read_text(encoding="utf-8")
            assert built_on(language) in html, f"{language} {path}: no build date"
            # Links point at files (index.html), never at folders, which file:// cannot open.
            here = (folder / bundle_page(language, path)).parent
            for href in re.findall(r'<a [^>]*href="(?![#?])([^"#:?]*)[^"]*"', html):
                target = here / href
                assert not (href.endswith("/") or href in ("", ".", "..")) or not target.is_dir(), \
                    f"{language} {path}: link to the folder {href}"
    assert 'rel="manifest"' not in (folder / "index.html").read_text(encoding="utf-8")


def test_readme_speaks_every_language(offline_build):
    text = (offline_build["bundle"] / "README.txt").read_text(encoding="utf-8")
    for language in languages():
        assert strings(language.code)["offline"]["readme_title"] in text
        assert built_on(language.code) in text
    assert "ru/index.html" in text and "mirror.py serve" in text and "sha256sum -c SHA256SUMS" in text


def test_downloads_are_listed_with_checksums(offline_build):
    downloads = offline_build["site"] / "downloads"
    sums = mirror.read_sums(downloads / "SHA256SUMS")
    assert set(sums) == {offline_bundle.ZIP_NAME, *(f"safe-migration_{c}.zim" for c in codes())}
    for name, digest in sums.items():
        assert mirror.sha256(downloads / name) == digest
    info = offline_build["pwa"]["downloads"]
    assert {d["url"] for d in info} == {f"downloads/{name}" for name in sums}
