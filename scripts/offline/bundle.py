"""The mirror bundle: a zip of the whole site that opens from file://, for centres and USB sticks.

    python -m scripts.offline.bundle build/site-new

Run by scripts/build after the hosted site (and the leaflets) are built into build/site-new, before it
is published. It
1. builds the site again for file:// (PORTAL_OFFLINE_COPY=bundle: links end in index.html, the build
   date is printed on every page, no service worker: see scripts/offline/hooks.py),
2. points links written as folders at their page files, and keeps it lean: no source maps, no search language files the portal does not use, no editors'
   reports or sitemaps,
3. adds the leaflets (<site>/leaflets/), a short README in every language for centre staff,
   mirror.py (serve it on the centre's network, update a mirror safely) and the nginx example,
4. writes SHA256SUMS inside the bundle, and zips it into <site>/downloads/,
5. exports one ZIM file per language for Kiwix (scripts/offline/zim_export.py) from the same pages,
6. writes <site>/downloads/SHA256SUMS for the zip and the ZIM files, fills in the downloads page
   (sizes, date and checksums: scripts/offline/downloads.py), and refreshes the app's file list
   (scripts/offline/pwa.py), so the hosted site offers the downloads and its worker knows the leaflets.

The bundle never contains downloads/ (itself or the ZIM files): it is built in its own folder.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from scripts.leaflets.listing import fill_sizes
from scripts.offline import mirror, pwa, zim_export
from scripts.offline import downloads as download_pages
from scripts.site import build_info
from scripts.site.languages import ROOT, languages
from scripts.site.strings import strings

NAME = "safe-migration"
ZIP_NAME = f"{NAME}-offline.zip"
# Inside a bundle nothing of these is any use: debugging files, editors' reports, search-engine files.
DROP = ("*.map", "reports", "sitemap.xml", "sitemap.xml.gz")


def build_pages(target: Path) -> None:
    """The whole site, every language, built for file:// (see scripts/offline/hooks.py)."""
    env = {**os.environ, "PORTAL_OFFLINE_COPY": "bundle", "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", str(int(build_info.build_time().timestamp())))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--site-dir", str(target)], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("offline bundle: mkdocs build failed\n" + result.stderr[-4000:])


def prune(folder: Path) -> None:
    for pattern in DROP:
        for path in list(folder.rglob(pattern)):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


FOLDER_LINK = re.compile(r'(<a\b[^>]*\bhref=")([^":#?]*/|\.\.?|)([?#][^"]*)?(")')


def fix_folder_links(folder: Path) -> int:
    """Links written as folders ('russia/', '../': the directory embeds make them) point at the page
    file, since file:// cannot open a folder: 'russia.html' or 'folder/index.html'."""
    fixed = 0
    for file in folder.rglob("*.html"):
        page = file.relative_to(folder).as_posix()
        text = file.read_text(encoding="utf-8")

        def replace(match: re.Match) -> str:
            nonlocal fixed
            href = match.group(2)
            if not href and match.group(3):
                return match.group(0)          # '#anchor' on the same page
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href or "."))
            base = "" if target == "." else target + "/"
            for candidate in (f"{base}index.html", f"{target}.html"):
                if (folder / candidate).is_file():
                    fixed += 1
                    new = posixpath.relpath(candidate, posixpath.dirname(page) or ".")
                    return f"{match.group(1)}{new}{match.group(3) or ''}{match.group(4)}"
            return match.group(0)
        new_text = FOLDER_LINK.sub(replace, text)
        if new_text != text:
            file.write_text(new_text, encoding="utf-8")
    return fixed


def readme() -> str:
    """README.txt: how to open, copy, check and share the bundle, in every language (native names)."""
    downloads = build_info.public_address() + "downloads/"
    parts = []
    for language in languages():
        s = strings(language.code)["offline"]
        start = "index.html" if language.default else f"{language.code}/index.html"
        values = {"start": start, "downloads": downloads, "serve": "python3 mirror.py serve .",
                  "update": f"python3 mirror.py update {ZIP_NAME} --root /srv/safe-migration",
                  "check": "sha256sum -c SHA256SUMS"}
        lines = [f"{s['readme_title']} [{language.name}]", "=" * len(f"{s['readme_title']} [{language.name}]"),
                 build_info.built_on(language.code), ""]
        for number, key in enumerate(["readme_open", "readme_copy", "readme_phone", "readme_leaflets",
                                      "readme_lan", "readme_check"], start=1):
            lines.append(f"{number}. {s[key].format(**values)}")
        parts.append("\n".join(lines))
    return "\n\n\n".join(parts) + "\n"


def make_zip(folder: Path, target: Path) -> None:
    """Deterministic zip (sorted, fixed dates), with the bundle in one top folder."""
    stamp = time.gmtime(max(int(build_info.build_time().timestamp()), 315532800))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".zip.part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                info = zipfile.ZipInfo(f"{NAME}/{file.relative_to(folder).as_posix()}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                bundle.writestr(info, file.read_bytes(), compresslevel=9)
    temporary.replace(target)


def make_bundle(site: Path, work: Path) -> Path:
    """Build the file:// copy into work/NAME and return that folder."""
    folder = work / NAME
    shutil.rmtree(folder, ignore_errors=True)
    build_pages(folder)
    prune(folder)
    fix_folder_links(folder)
    # Every leaflet PDF (leaflets/<language>/), not the per-language zips of the same PDFs nor the
    # hosted listing page that shares the folder; then the sizes in the pages' links.
    for pdf in sorted(site.glob("leaflets/*/*.pdf")):
        target = folder / pdf.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, target)
    fill_sizes(folder)
    (folder / "README.txt").write_text(readme(), encoding="utf-8")
    shutil.copy2(Path(__file__).with_name("mirror.py"), folder / "mirror.py")
    shutil.copy2(ROOT / "scripts" / "hosting" / "nginx.conf", folder / "nginx.conf")
    mirror.write_sums(folder)
    return folder


def run(site: Path, work: Path | None = None) -> dict:
    site = Path(site)
    work = Path(work or ROOT / "build" / "bundle")
    downloads = site / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    folder = make_bundle(site, work)
    make_zip(folder, downloads / ZIP_NAME)
    zims = zim_export.export_all(folder, downloads, NAME)
    (downloads / mirror.SUMS).write_text(
        "".join(f"{mirror.sha256(f)}  {f.name}\n" for f in sorted(downloads.iterdir())
                if f.suffix in (".zip", ".zim")), encoding="utf-8")
    # The downloads page of every language: each file's size, build date and checksum (scripts/offline/downloads.py).
    download_pages.fill(site)
    pwa_result = pwa.refresh(site)
    return {"bundle": folder, "zip": downloads / ZIP_NAME, "zims": zims, "pwa": pwa_result}


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    result = run(site)
    sizes = ", ".join(f"{z.name} {z.stat().st_size / 1e6:.1f} MB" for z in result["zims"])
    print(f"offline: {result['zip'].name} {result['zip'].stat().st_size / 1e6:.1f} MB; {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
