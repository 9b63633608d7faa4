"""The installable site: manifests, icons, the service worker's file list, offline pages."""
from __future__ import annotations

import hashlib
import json
import re
import struct
from pathlib import Path

import pytest

from scripts.offline import pwa
from scripts.site import security
from scripts.site.languages import codes, language_prefix
from scripts.site.strings import strings


def worker_build(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"/\*BUILD\*/(.*?)/\*END\*/", text, re.S).group(1))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("language", codes())
def test_each_language_has_an_installable_manifest(built_site: Path, language: str):
    page = (built_site / language_prefix(language) / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<link rel="manifest" href="([^"]+)"', page).group(1)
    manifest_path = (built_site / language_prefix(language) / href).resolve()
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["lang"] == language and manifest["display"] == "standalone"
    assert manifest["start_url"] == "./"
    scope = (manifest_path.parent / manifest["scope"]).resolve()
    assert scope == built_site.resolve(), "the app must cover every language's pages"
    sizes = set()
    for icon in manifest["icons"]:
        file = manifest_path.parent / icon["src"]
        assert file.is_file(), icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(file)
            assert f"{width}x{height}" == icon["sizes"], icon["src"]
            sizes.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (192, "maskable"), (512, "maskable")} <= sizes


def test_worker_lists_every_file_with_its_content_hash(built_site: Path):
    build = worker_build(built_site)
    assert len(build["files"]) > 100
    for url, (digest, _) in build["files"].items():
        path = built_site / (url + "index.html" if url == "" or url.endswith("/") else url)
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] == digest, url
    assert "sw.js" not in build["files"] and not any(u.endswith(".map") for u in build["files"])
    assert not any(u.startswith(("downloads/", "reports/")) for u in build["files"])
    assert not any(u == "" or u.endswith(("/", ".vcf")) for u in build["shell"]), "pages are not shell"


def test_the_worker_keeps_from_the_start_only_what_every_page_loads(built_site: Path):
    """The frame the page has just loaded (free to keep), not icons, other languages or the search code."""
    shell = set(worker_build(built_site)["shell"])
    page = (built_site / "ru" / "health" / "tb" / "index.html").read_text(encoding="utf-8")
    loaded = {re.sub(r"^(\.\./)+", "", href) for href in pwa.FRAME_TAG.findall(page)}
    assert loaded | set(pwa.FRAME_EXTRA) == shell
    assert any(u.startswith("assets/pwa.js?v=") for u in shell), "as the page asks for it, versioned"
    assert {"assets/pwa.js", "assets/portal.css", "assets/search/portal-search.js"} <= {u.split("?")[0] for u in shell}
    # Material's bundle is loaded when search opens (assets/theme.js): kept with the search code, not the frame
    assert not any(u.startswith("assets/javascripts/bundle.") for u in shell)
    assert any(u.startswith("assets/javascripts/bundle.") for u in worker_build(built_site)["files"])
    assert not any(u.endswith(".html") or u.startswith("assets/icons/") or u.endswith(".webmanifest") for u in shell)


def test_saving_a_language_fetches_all_its_pages_and_only_them(built_site: Path):
    build = worker_build(built_site)
    ru = {url for url, (_, languages) in build["files"].items() if "ru" in languages.split()}
    assert {"ru/", "ru/health/tb/", "ru/contacts/russia/"} <= ru
    assert not any(url.startswith(("ky/", "tg/", "uz/")) or url == "health/tb/" for url in ru)
    assert {"search/ru.js", "assets/search/search-engine.js", "offline/ru.html"} <= ru, "search and offline page"
    info = json.loads((built_site / "offline" / "index.json").read_text(encoding="utf-8"))
    assert info["languages"]["ru"]["files"] == len(ru)
    assert 0 < info["languages"]["ru"]["transfer"] < info["languages"]["ru"]["bytes"]
    assert info["built_on"]["ru"].startswith("Собрано")


def test_a_build_changes_the_worker_only_when_a_file_changes(built_site: Path, tmp_path: Path):
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    before = (copy / "sw.js").read_text(encoding="utf-8")
    pwa.refresh(copy)
    assert (copy / "sw.js").read_text(encoding="utf-8") == before, "same files, same worker: no update"
    page = copy / "ru" / "health" / "tb" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>new</p></article>", 1),
                    encoding="utf-8")
    pwa.refresh(copy)
    after = worker_build(copy)
    assert after["version"] != worker_build(built_site)["version"]
    assert after["files"]["ru/health/tb/"][0] != worker_build(built_site)["files"]["ru/health/tb/"][0]


def test_hosted_pages_carry_no_build_date(built_site: Path):
    """So a new build changes only the pages whose content changed, and updates download little."""
    html = (built_site / "ru" / "health" / "tb" / "index.html").read_text(encoding="utf-8")
    assert "data-offline-stamp" in html and strings("ru")["offline"]["built_on"][:7] not in html


@pytest.mark.parametrize("language", codes())
def test_offline_page_in_each_language(built_site: Path, language: str):
    html = (built_site / "offline" / f"{language}.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html
    assert strings(language)["offline"]["missing_title"] in html
    assert re.search(rf'<base href="/{language_prefix(language)}">', html)
    assert '"base": "/"' in html or '"base":"/"' in html
    # Its Content-Security-Policy is the site's one, and it has no inline script to allow.
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert meta == security.POLICY
    assert not security.inline_scripts(html)
    assert html.count("data-offline-panel") == 1 and "data-offline-list" in html


def test_the_app_has_its_storage_full_words_in_every_language(built_site: Path):
    """assets/pwa.js reads them from offline/index.json when the worker could not keep a page."""
    info = json.loads((built_site / "offline" / "index.json").read_text(encoding="utf-8"))
    for language in codes():
        assert info["not_kept"][language] == strings(language)["offline"]["not_kept"]
        assert info["save_full"][language] == strings(language)["offline"]["save_full"]
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "'not-kept'" in worker and "QuotaExceededError" in worker
