"""The ZIM files open in libzim's reader: every page of every language, and full-text search works."""
from __future__ import annotations

import posixpath
import re
import shutil
import struct
import subprocess

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher

from scripts.offline.zim_export import ISO_639_3, editor_pages
from scripts.site import pages
from scripts.site.build_info import built_on
from scripts.site.languages import codes
from tests.offline_fixtures import bundle_page

# A word from one booklet in each language, and the booklet the search must find.
BOOKLET = "health/tb.md"


def zim(offline_build, language: str) -> Archive:
    return Archive(str(offline_build["site"] / "downloads" / f"safe-migration_{language}.zim"))


@pytest.mark.parametrize("language", codes())
def test_every_page_is_in_the_language_zim(offline_build, language):
    archive = zim(offline_build, language)
    assert archive.get_metadata("Language").decode() == ISO_639_3[language]
    assert archive.main_entry.get_item().path == bundle_page(language, "index.md")
    assert archive.has_fulltext_index and archive.check()
    for path in pages.english_paths():
        if path[:-3] + ".html" in editor_pages():
            assert not archive.has_entry_by_path(bundle_page(language, path)), f"{path} is for editors only"
            continue
        item = archive.get_entry_by_path(bundle_page(language, path)).get_item()
        html = bytes(item.content).decode("utf-8")
        assert built_on(language) in html, f"{path}: no build date"
        assert "<script" not in html
        assert "md-select__item" not in html or html.count('class="md-select__item"') == 1, "one language only"
        for href in re.findall(r'<(?:a|link) [^>]*href="([^"]*)"', html):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", href):
                continue
            page = bundle_page(language, path)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), re.split(r"[?#]", href)[0]))
            assert archive.has_entry_by_path(target), f"{language} {path}: dead link {href}"


@pytest.mark.parametrize("language", codes())
def test_full_text_search_finds_a_booklet(offline_build, language):
    archive = zim(offline_build, language)
    html = bytes(archive.get_entry_by_path(bundle_page(language, BOOKLET)).get_item().content).decode()
    body = re.sub(r"<[^>]+>", " ", html.split('class="md-content"', 1)[1])
    words = [w for w in re.findall(r"\w{7,}", body) if not w.isdigit()]
    # A rare word of the booklet: one that few other pages contain.
    word = min(words[:400], key=lambda w: (sum(w in bytes(archive.get_entry_by_path(bundle_page(language, p))
                                                        .get_item().content).decode() for p in pages.english_paths()
                                                        if p[:-3] + ".html" not in editor_pages()), w))
    results = Searcher(archive).search(Query().set_query(word))
    found = list(results.getResults(0, 20))
    assert bundle_page(language, BOOKLET) in found, f"searching {word!r} found {found}"


# zimcheck's checks (zim-tools 3.1): all but -I, the low-level integrity check. That one fails on files
# written by libzim 9 for one reason only, tested below; readers on libzim 7 and 8 open the files
# (tests/browser/test_kiwix.py serves them with Debian's kiwix-serve on libzim 8.1.1).
ZIMCHECK = ["--checksum", "--metadata", "--favicon", "--main", "--redundant", "--url_internal",
            "--url_external", "--empty", "--redirect_loop", "--details"]
NO_TITLE_INDEX_V0 = 0xFFFF_FFFF_FFFF_FFFF


def zimcheck(*arguments: str) -> subprocess.CompletedProcess:
    program = shutil.which("zimcheck")
    assert program, "zimcheck is missing: install zim-tools (scripts/apt-packages.txt, ./scripts/setup)"
    return subprocess.run([program, *arguments], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("language", codes())
def test_zimcheck_passes(offline_build, language):
    path = offline_build["site"] / "downloads" / f"safe-migration_{language}.zim"
    result = zimcheck(*ZIMCHECK, str(path))
    assert result.returncode == 0 and "Overall Test Status: Pass" in result.stdout, result.stdout[-4000:]
    archive = zim(offline_build, language)
    metadata = {key: archive.get_metadata(key) for key in archive.metadata_keys}
    for key in ("Name", "Title", "Description", "Language", "Creator", "Publisher", "Date", "Illustration_48x48@1"):
        assert metadata.get(key), f"{language}: no {key}"
    assert len(metadata["Title"].decode()) <= 30 and len(metadata["Description"].decode()) <= 80


def test_zimcheck_integrity_fails_only_for_the_title_index_libzim_9_leaves_out(offline_build):
    """The one check left out above: zimcheck 3.1 (libzim 8) still reads the header's pointer to the old
    "v0" title index, which libzim 9 no longer writes (it sets the pointer to 0xffffffffffffffff,
    openzim/libzim#969). Readers on libzim 7 and 8 use X/listing/titleOrdered/v1 instead, and fall back
    on the old pointer only when that listing is missing. If a newer zimcheck or writer changes this,
    this test says so, and -I can join the checks above."""
    path = offline_build["site"] / "downloads" / "safe-migration_en.zim"
    with path.open("rb") as file:
        header = file.read(80)
    assert struct.unpack_from("<I", header, 0)[0] == 72173914, "not a ZIM file"
    assert struct.unpack_from("<Q", header, 40)[0] == NO_TITLE_INDEX_V0    # titlePtrPos
    result = zimcheck("--integrity", str(path))
    errors = [line.strip() for line in (result.stdout + result.stderr).splitlines()
              if line.strip() and not line.startswith("[INFO]")]
    assert result.returncode == 0 or sorted(errors) == [
        "Full Title index table outside (or not fully inside) ZIM file.",
        "[ERROR] Invalid low-level structure:", "[ERROR] ZIM file's low level structure is invalid"], errors
