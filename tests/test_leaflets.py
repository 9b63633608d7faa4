"""The PDF leaflets, read back as a print shop and a reader would: poppler's pdfinfo, pdffonts and
pdftotext, pdftoppm for pictures, and zbarimg (a real QR decoder) for the code on the cover.

The whole site's leaflets are made once per session, by the same command the build runs
(the leaflet_site fixture in tests/conftest.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts.directory import contacts, freshness
from scripts.directory.contacts_render import text as entry_text
from scripts.leaflets.make import Job, _init, make, public_address_of
from scripts.leaflets.paper import PAGE_CSS, document, read_built
from scripts.leaflets.plan import (BOOKLET_FORMATS, LeafletError, _nav_paths, booklet_file, files_of, leaflet_path,
                                   load_plan, sheet_file, url_path, zip_path)
from scripts.leaflets.render import check_fonts, check_glyphs, render
from scripts.site.languages import codes, language_prefix, load_mkdocs_yml
from scripts.site.strings import strings
from tests.conftest import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
PICTURES = ROOT / "test-results" / "leaflets"
PLAN = load_plan()
SITE_URL = load_mkdocs_yml()["site_url"]
SPECIAL_LETTERS = {"ky": "ңөү", "tg": "ҳҷӣӯқғ", "uz": "\u02bb"}   # ʻ as in oʻ, gʻ
MAX_BYTES = 400 * 1024       # "small files": a leaflet must be quick to send and to download on a phone
A4 = (595.3, 841.9)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: Path, *options: str) -> str:
    return run("pdftotext", "-enc", "UTF-8", *options, str(pdf), "-")


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def page_size(pdf: Path) -> tuple[float, float]:
    width, height = re.match(r"\s*([\d.]+) x ([\d.]+)", info(pdf)["Page size"]).groups()
    return float(width), float(height)


def squash(value: str) -> str:
    """Whitespace collapsed; hyphens dropped, since pdftotext joins a word broken at a hyphen without it."""
    return re.sub(r"-\s*", "", re.sub(r"\s+", " ", value)).strip()


def all_files() -> list[str]:
    return [path for language in codes() for path in files_of(PLAN, language)]


def built_headings(site: Path, language: str, path: str) -> list[str]:
    page = read_built(site, language, path)
    return [squash("".join(h.itertext())) for h in page.article.iter() if h.tag in ("h1", "h2", "h3")]


def test_every_leaflet_exists_opens_and_is_small(leaflet_site):
    for path in all_files():
        pdf = leaflet_site / path
        assert pdf.is_file(), f"{path} was not made"
        pages = int(info(pdf)["Pages"])             # pdfinfo fails on a broken file
        assert pages >= 1
        assert pdf.stat().st_size < MAX_BYTES, f"{path} is {pdf.stat().st_size // 1024} KB"
        width, height = page_size(pdf)
        expected = (A4[1], A4[0]) if path.endswith("a5-booklet.pdf") else A4
        assert (round(width, 1), round(height, 1)) == pytest.approx(expected, abs=1), path


def test_fonts_are_noto_sans_and_all_embedded(leaflet_site):
    for path in all_files():
        rows = run("pdffonts", str(leaflet_site / path)).splitlines()[2:]
        assert rows, f"{path} has no fonts"
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            assert emb == "yes", f"{path}: {name} is not embedded"
            # Another family here would mean fontconfig substituted a font for a missing letter.
            assert "Noto-Sans" in name, f"{path}: unexpected font {name}"


@pytest.mark.parametrize("language", codes())
def test_text_comes_back_with_headings_and_special_letters(leaflet_site, language):
    letters_seen = set()
    for booklet in PLAN.booklets:
        pdf = leaflet_site / leaflet_path(language, booklet_file(booklet.name, "a4"))
        text = squash(pdf_text(pdf))
        for path in booklet.pages:
            for heading in built_headings(leaflet_site, language, path):
                assert heading in text, f"{pdf.name} ({language}) lost the heading {heading!r}"
        source = squash(" ".join("".join(read_built(leaflet_site, language, path).article.itertext())
                                 for path in booklet.pages))
        for letter in SPECIAL_LETTERS.get(language, ""):
            if letter in source:
                assert letter in text, f"{pdf.name} ({language}) lost the letter {letter!r}"
                letters_seen.add(letter)
        folded = squash(pdf_text(leaflet_site / leaflet_path(
            language, booklet_file(booklet.name, "a5-booklet"))))
        assert squash(read_built(leaflet_site, language, booklet.pages[0]).title) in folded
    assert letters_seen == set(SPECIAL_LETTERS.get(language, "")), "the pages should use every special letter"
    if language == "uz":
        assert "oʻ" in text and "gʻ" in text


def half_texts(pdf: Path, side: int) -> tuple[str, str]:
    """The text of the left and right A5 page on one side of an imposed sheet."""
    width, height = page_size(pdf)
    halves = []
    for x in (0, width / 2):
        halves.append(pdf_text(pdf, "-f", str(side), "-l", str(side), "-x", str(int(x)), "-y", "0",
                               "-W", str(int(width / 2)), "-H", str(int(height)), "-r", "72"))
    return halves[0], halves[1]


def printed_number(text: str) -> int | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


@pytest.mark.parametrize("name", [b.name for b in PLAN.booklets])
def test_a5_booklet_is_imposed_for_folding(leaflet_site, name):
    """Pages come out in saddle-stitch order: fold the printed stack and it reads 1, 2, 3 …"""
    language = "ru"
    pdf = leaflet_site / leaflet_path(language, booklet_file(name, "a5-booklet"))
    sides = int(info(pdf)["Pages"])
    count = 2 * sides
    assert count % 4 == 0, f"{pdf.name}: {count} A5 pages"
    numbered = 0
    for sheet in range(count // 4):
        for side, (left, right) in enumerate(((count - 2 * sheet, 2 * sheet + 1),
                                              (2 * sheet + 2, count - 2 * sheet - 1))):
            texts = half_texts(pdf, 2 * sheet + side + 1)
            for expected, text in zip((left, right), texts):
                number = printed_number(text)
                if number is not None:
                    assert number == expected, f"{pdf.name}: page {number} printed where page {expected} belongs"
                    numbered += 1
    back, cover = half_texts(pdf, 1)
    title = read_built(leaflet_site, language, PLAN.booklets[[b.name for b in PLAN.booklets].index(name)]
                                .pages[0]).title
    assert squash(title) in squash(cover), "the cover is not on the front of the folded booklet"
    assert strings(language)["leaflet"]["helplines"] in squash(back), "the helplines are not on the back"
    assert numbered >= count - 2 - 3, "most pages should carry their number"


def decode_qr(pdf: Path, page: int, out: Path) -> list[str]:
    out.parent.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-f", str(page), "-l", str(page), "-r", "150", "-png", "-singlefile", str(pdf), str(out))
    result = subprocess.run(["zbarimg", "--raw", "-q", f"{out}.png"], capture_output=True, text=True)
    return result.stdout.split()


QR_CASES = ([("ky", b.name, "a4") for b in PLAN.booklets]
            + [(language, "hiv", "a5-booklet") for language in codes()]
            + [(language, f"sheet-{country}", "a4") for language in ("en", "tg") for country in PLAN.contact_sheets])


@pytest.mark.parametrize("language,name,fmt", QR_CASES)
def test_qr_code_decodes_to_the_page_online(leaflet_site, language, name, fmt):
    prefix = language_prefix(language)
    if name.startswith("sheet-"):
        country = name.split("-", 1)[1]
        pdf = leaflet_site / leaflet_path(language, sheet_file(country))
        path = f"contacts/{contacts.countries()[country]['page']}.md"
    else:
        pdf = leaflet_site / leaflet_path(language, booklet_file(name, fmt))
        path = next(b for b in PLAN.booklets if b.name == name).pages[0]
    expected = urljoin(SITE_URL, prefix + url_path(path))
    assert decode_qr(pdf, 1, PICTURES / f"qr-{language}-{name}-{fmt}") == [expected]


def test_back_page_has_the_hotlines_of_the_booklets_countries(leaflet_site):
    entries = contacts.load().entries
    for language in ("en", "ky"):
        pdf = leaflet_site / leaflet_path(language, booklet_file("entry-exit-russia", "a4"))
        last = squash(pdf_text(pdf, "-f", info(pdf)["Pages"].strip()))
        assert strings(language)["leaflet"]["helplines"] in last
        for entry in entries:
            name = squash(entry_text(entry, "name", language)[0])
            wanted = (entry["country"] == "RU" and entry["type"] in PLAN.back_page_types and entry.get("phones")
                      and entry in freshness.for_help(entries))
            if entry["type"] in ("emergency", "hotline"):
                assert (name in last) == bool(wanted), f"{name!r} on the back of the Russia leaflet: {not wanted}"
        assert "112" in last and "103" in last


@pytest.mark.parametrize("country", PLAN.contact_sheets)
@pytest.mark.parametrize("language", codes())
def test_contact_sheet_is_one_page_with_every_entry(leaflet_site, country, language):
    pdf = leaflet_site / leaflet_path(language, sheet_file(country))
    assert info(pdf)["Pages"].strip() == "1"
    text = squash(pdf_text(pdf))
    entries = contacts.select(contacts.load().entries, {"country": [country]})
    helpful = freshness.for_help(entries)
    assert helpful, f"no entry fit to help in {country}"
    for entry in helpful:
        assert squash(entry_text(entry, "name", language)[0]) in text
        for phone in entry.get("phones") or []:
            assert squash(contacts.display_phone(phone["number"])) in text
    # Paper lasts: a number resting only on an old source is never printed.
    for entry in entries:
        if entry not in helpful:
            for phone in entry.get("phones") or []:
                assert squash(contacts.display_phone(phone["number"])) not in text, entry["id"]


def test_one_zip_per_language_with_all_its_leaflets(leaflet_site):
    for language in codes():
        archive = leaflet_site / zip_path(language)
        with zipfile.ZipFile(archive) as zipped:
            assert zipped.testzip() is None
            names = zipped.namelist()
            assert sorted(names) == sorted(f"{language}/{Path(p).name}" for p in files_of(PLAN, language))
            for path in files_of(PLAN, language):
                assert zipped.read(f"{language}/{Path(path).name}") == (leaflet_site / path).read_bytes()


def links(html_file: Path) -> dict[str, str]:
    """Leaflet links of a page: target path from the site root → the size written next to it."""
    html = html_file.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r'<a href="([^"]+)" data-leaflet="([^"]+)"[^>]*>[^<]*</a> '
                             r'<span class="leaflet-size" data-leaflet-size="[^"]+">([^<]*)</span>', html):
        href, path, size = match.groups()
        assert (html_file.parent / href).resolve() == (site_root(html_file) / path).resolve(), href
        found[path] = size
    return found


def site_root(html_file: Path) -> Path:
    for parent in html_file.parents:
        if (parent / "assets" / "portal.css").exists():    # only the site root has the theme's assets
            return parent
    raise AssertionError(f"no site root above {html_file}")


def test_each_booklet_page_links_to_its_leaflets_with_sizes(leaflet_site):
    for language in codes():
        prefix = language_prefix(language)
        for booklet in PLAN.booklets:
            for path in booklet.pages:
                page = leaflet_site / prefix / url_path(path) / "index.html"
                found = links(page)
                for fmt in BOOKLET_FORMATS:
                    target = leaflet_path(language, booklet_file(booklet.name, fmt))
                    assert target in found, f"{page} does not link to {target}"
                    assert (leaflet_site / target).is_file()
                    assert re.fullmatch(r"[\d ,.\u00a0]+ (KB|КБ|MB|МБ)", found[target]), found[target]
        for country in PLAN.contact_sheets:
            page = leaflet_site / prefix / "contacts" / contacts.countries()[country]["page"] / "index.html"
            assert leaflet_path(language, sheet_file(country)) in links(page)


@pytest.mark.parametrize("language", codes())
def test_listing_page_lists_every_leaflet_of_every_language(leaflet_site, language):
    prefix = language_prefix(language)
    page = leaflet_site / prefix / "leaflets" / "index.html"
    found = links(page)
    expected = set(all_files()) | {zip_path(code) for code in codes()}
    assert set(found) == expected
    assert all(size for size in found.values()), "a size is missing"
    html = page.read_text(encoding="utf-8")
    positions = {code: html.index(f'id="leaflets-{code}"') for code in codes()}
    assert min(positions, key=positions.get) == language, "the reader's own language comes first"


def test_nothing_is_skipped_silently(tmp_path):
    """A site without its pages stops the command with a message, and so does a wrong booklet list."""
    result = subprocess.run([sys.executable, "-m", "scripts.leaflets", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "is missing: build the site with mkdocs first" in result.stderr
    bad = tmp_path / "leaflets.yaml"
    bad.write_text("booklets:\n  - name: hiv\n    page: health/no-such-page.md\nback_page_types: [hotline]\n",
                   encoding="utf-8")
    with pytest.raises(LeafletError, match="no-such-page.md' is not a page"):
        load_plan(bad)


def test_a_letter_missing_from_the_font_is_refused():
    html = document("<p>Georgian ქ is not in Noto Sans</p>", "en", "t", "", PAGE_CSS["a4"], "a4")
    with pytest.raises(LeafletError, match="U\\+10E5"):
        check_glyphs(html, "test.pdf")
    check_glyphs(html.replace("ქ", "ң ө ү ҳ ҷ ӣ ӯ қ ғ ʻ ʼ"), "test.pdf")
    # A symbol from the stylesheet (the ◦ bullet) is caught in the PDF itself.
    bullets = html.replace("<p>", '<ul style="list-style-type: circle"><li>').replace("</p>", "</li></ul>")
    with pytest.raises(LeafletError, match="lacks them"):
        check_fonts(render(bullets.replace("ქ", "")).write_pdf(), "test.pdf")


def test_section_takes_its_pages_in_nav_order():
    booklet = next(b for b in PLAN.booklets if b.name == "safe-migration")
    nav = [p for p in _nav_paths(load_mkdocs_yml()["nav"]) if p.startswith("safe-migration/")]
    assert list(booklet.pages) == nav and booklet.pages[0] == "safe-migration/index.md" and len(nav) == 6


def test_a_mirror_gets_its_own_qr_codes(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SITE_URL, "https://mirror.example.net/migrants/"),
                      encoding="utf-8")
    site = tmp_path / "mirror"
    assert mkdocs_build(project_copy, site).returncode == 0
    _init(site, PLAN, contacts.load().entries)
    job = Job("booklet", "tb", "tg", "a4", leaflet_path("tg", booklet_file("tb", "a4")))
    make(job)
    assert decode_qr(site / job.output, 1, tmp_path / "qr") == ["https://mirror.example.net/migrants/tg/health/tb/"]


def test_look_at_the_pages(leaflet_site):
    """Pictures of a cover, a page and the back of each kind of leaflet, for a person to look at."""
    PICTURES.mkdir(parents=True, exist_ok=True)
    for path in (leaflet_path("ky", booklet_file("hiv", "a4")),
                 leaflet_path("tg", booklet_file("safe-migration", "a5-booklet")),
                 leaflet_path("uz", sheet_file("RU"))):
        pdf = leaflet_site / path
        run("pdftoppm", "-r", "40", "-l", "3", "-png", str(pdf), str(PICTURES / Path(path).stem))
        assert list(PICTURES.glob(f"{Path(path).stem}*.png"))


def test_offline_bundle_carries_every_leaflet_with_its_size(offline_build, leaflet_site):
    """The file:// bundle for centres: every PDF (not the zips of the same PDFs), linked with sizes."""
    folder: Path = offline_build["bundle"]
    assert sorted(p.relative_to(folder).as_posix() for p in (folder / "leaflets").rglob("*") if p.is_file()) \
        == sorted(all_files())
    for path in all_files():
        assert (folder / path).read_bytes() == (leaflet_site / path).read_bytes()
    found = links(folder / "ky" / "health" / "hiv.html")
    assert set(found) == {leaflet_path("ky", booklet_file("hiv", fmt))
                          for fmt in BOOKLET_FORMATS}
    assert all(found.values())
    assert set(links(folder / "leaflets.html")) == set(all_files())


def test_a_placeholder_address_is_refused_without_preview(built_site: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    result = subprocess.run([sys.executable, "-m", "scripts.leaflets", str(site)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "not a real address" in result.stderr and "--preview" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(site.rglob("*.pdf")), "a refused run wrote leaflets"


@pytest.mark.parametrize("language", codes())
def test_a_preview_says_so_on_the_cover(leaflet_site, language):
    for fmt in ("a4", "a5-booklet"):     # the folded booklet's first side holds the back and the cover
        pdf = leaflet_site / leaflet_path(language, booklet_file("hiv", fmt))
        assert squash(strings(language)["leaflet"]["preview"]) in squash(pdf_text(pdf, "-f", "1", "-l", "1"))


def test_a_published_address_makes_real_leaflets(tmp_path: Path, monkeypatch):
    """A fork sets SITE_URL (the workflow passes the Pages address): canonical links, the sitemap and every QR
    code lead there, and the leaflets are for printing."""
    address = "https://an-ngo.github.io/safe-migration/"
    monkeypatch.setenv("SITE_URL", address.rstrip("/"))
    site = tmp_path / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f'<link rel="canonical" href="{address}ru/health/hiv/"' in (site / "ru/health/hiv/index.html").read_text(encoding="utf-8")
    assert f"<loc>{address}" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert public_address_of(site) == address
    _init(site, PLAN, contacts.load().entries)
    job = Job("booklet", "hiv", "ru", "a4", leaflet_path("ru", booklet_file("hiv", "a4")))
    make(job)
    pdf = site / job.output
    assert decode_qr(pdf, 1, tmp_path / "qr") == [f"{address}ru/health/hiv/"]
    assert squash(strings("ru")["leaflet"]["preview"]) not in squash(pdf_text(pdf, "-f", "1", "-l", "1"))
