"""Printable leaflets: every booklet in every language as an A4 PDF and an A5 folded booklet, and a
one-page contact sheet per country, for NGOs to print for desks, trainings and outreach.

    python -m scripts.leaflets SITE_DIR     # after `mkdocs build`; writes SITE_DIR/leaflets/

One PDF per job, spread over all cores; then one zip per language and the sizes in the pages. Nothing is
skipped: any problem stops the build with a message.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from scripts.directory import contacts
from scripts.leaflets.booklet import booklet_html
from scripts.leaflets.impose import impose, pad_to_four
from scripts.leaflets.listing import fill_sizes
from scripts.leaflets.paper import read_built, site_url
from scripts.leaflets.plan import (BOOKLET_FORMATS, LeafletError, Plan, booklet_file, files_of, leaflet_path,
                                   load_plan, sheet_file, zip_path)
from scripts.leaflets.render import check_fonts, check_glyphs, font_cmap, render
from scripts.leaflets.sheets import SHEET_FONT_SIZES, sheet_html
from scripts.site import build_info
from scripts.site.languages import codes, default_code

# Longest wait for the next leaflet: the biggest takes about 20 s of CPU; a worker that died never answers.
LEAFLET_TIMEOUT = int(os.environ.get("PORTAL_LEAFLET_TIMEOUT", "600"))


# --- Jobs (one PDF each, spread over all cores) ----------------------------------------------------

@dataclass(frozen=True)
class Job:
    kind: str          # "booklet" or "sheet"
    name: str          # booklet name or country code
    language: str
    fmt: str           # "a4", "a5-booklet" or "sheet"
    output: str        # site-relative path


@dataclass(frozen=True)
class Made:
    job: Job
    size: int          # bytes
    cpu: float         # CPU time of the process that made it


_STATE: dict[str, Any] = {}


def _init(site_dir: Path, plan: Plan, entries: list[contacts.Entry], preview: bool = False) -> None:
    _STATE.update(site_dir=site_dir, plan=plan, entries=entries, preview=preview)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def make(job: Job) -> Made:
    """Write one leaflet; any error is raised as a LeafletError naming the file."""
    cpu = time.process_time()
    site_dir, plan, entries, preview = _STATE["site_dir"], _STATE["plan"], _STATE["entries"], _STATE.get("preview", False)
    target = site_dir / job.output
    try:
        if job.kind == "booklet":
            booklet = next(b for b in plan.booklets if b.name == job.name)
            html = booklet_html(booklet, job.language, job.fmt, site_dir, entries, plan.back_page_types, preview)
            check_glyphs(html, job.output)
            rendered = render(html, site_dir)
            if job.fmt == "a5-booklet":
                pages_ = pad_to_four(rendered, job.language, site_dir)
                data = rendered.copy(pages_).write_pdf()
                check_fonts(data, job.output)
                data = impose(data)
            else:
                data = rendered.write_pdf()
                check_fonts(data, job.output)
        else:
            for size in SHEET_FONT_SIZES:
                html = sheet_html(job.name, job.language, site_dir, entries, size, preview)
                rendered = render(html, site_dir)
                if len(rendered.pages) == 1:
                    break
            else:
                raise LeafletError(f"the contacts of {job.name} do not fit on one A4 page even at "
                                   f"{SHEET_FONT_SIZES[-1]}pt: split the sheet or shorten the entries")
            check_glyphs(html, job.output)
            data = rendered.write_pdf()
            check_fonts(data, job.output)
    except LeafletError as error:
        raise LeafletError(f"{job.output}: {error}") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 — report which leaflet failed, then stop the build.
        # BaseException: WeasyPrint's FatalURLFetchingError is one, and one escaping here killed the pool
        # worker, so the build waited forever for its leaflet.
        raise LeafletError(f"{job.output}: {type(error).__name__}: {error}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Made(job, len(data), time.process_time() - cpu)


def jobs(plan: Plan, language_codes: Iterable[str]) -> list[Job]:
    found = []
    for language in language_codes:
        for booklet in plan.booklets:
            for fmt in BOOKLET_FORMATS:
                found.append(Job("booklet", booklet.name, language, fmt,
                                 leaflet_path(language, booklet_file(booklet.name, fmt))))
        for country in plan.contact_sheets:
            found.append(Job("sheet", country, language, "sheet", leaflet_path(language, sheet_file(country))))
    return found


# --- After the PDFs exist: one zip per language (listing.fill_sizes writes the sizes into the pages) ---

def write_zip(site_dir: Path, language: str, files: list[str]) -> Path:
    """One zip per language for NGOs, dated with the build (the same leaflets give the same zip)."""
    target = site_dir / zip_path(language)
    stamp = build_info.build_time().timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"{language}/{Path(file).name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (site_dir / file).read_bytes())
    return target


# --- Command line ---------------------------------------------------------------------------------

def public_address_of(site_dir: Path) -> str:
    """The address the QR codes lead to: the built home page's canonical URL (site_url, or SITE_URL at build)."""
    return site_url(read_built(site_dir, default_code(), "index.md"), default_code())


def build(site_dir: Path, processes: int | None = None, language_codes: Iterable[str] | None = None,
          plan: Plan | None = None, preview: bool = False) -> list[Made]:
    """Every leaflet of the plan. An NGO prints hundreds: QR codes that lead to a placeholder address
    (example.org, localhost) are refused unless this is a preview, whose covers say so."""
    address = public_address_of(site_dir)
    if build_info.is_placeholder(address) and not preview:
        raise LeafletError(f"the QR codes would lead to {address}, which is not a real address: set SITE_URL (or "
                           "site_url in mkdocs.yml) to the address where the site is published and build again, or "
                           "make preview leaflets with --preview (their covers say they are not for printing)")
    plan = plan or load_plan()
    directory = contacts.load()
    if directory.problems:
        raise LeafletError("the directory has problems; run python -m scripts.check")
    language_codes = list(language_codes or codes())
    todo = jobs(plan, language_codes)
    # The longest booklets first, so no core idles at the end waiting for one big leaflet.
    weight = {b.name: len(b.pages) for b in plan.booklets}
    todo.sort(key=lambda j: (-weight.get(j.name, 0), j.fmt != "a5-booklet"))
    font_cmap()
    processes = processes or os.cpu_count() or 1
    made: list[Made] = []
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init, initargs=(site_dir, plan, directory.entries, preview)) as pool:
        results = pool.imap_unordered(make, todo)
        for _ in todo:
            try:
                made.append(results.next(timeout=LEAFLET_TIMEOUT))
            except multiprocessing.TimeoutError:
                raise LeafletError(f"no leaflet was finished for {LEAFLET_TIMEOUT} s (a worker died or hangs); "
                                   f"{len(made)} of {len(todo)} were made — run again, and report it if it repeats") from None
    for language in language_codes:
        write_zip(site_dir, language, files_of(plan, language))
    fill_sizes(site_dir)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.leaflets", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path, help="the site built by mkdocs (e.g. build/site-new)")
    parser.add_argument("--processes", type=int, default=None, help="parallel processes (default: all cores)")
    parser.add_argument("--preview", action="store_true",
                        help="allow a placeholder address; every cover then says PREVIEW, not for printing")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        made = build(args.site_dir, args.processes, preview=args.preview)
    except LeafletError as error:
        print(f"leaflets: {error}", file=sys.stderr)
        return 1
    total = sum(m.size for m in made)
    biggest = max(made, key=lambda m: m.size)
    print(f"leaflets: {len(made)} PDFs ({total / 1024 / 1024:.1f} MB, largest {biggest.job.output} "
          f"{biggest.size // 1024} KB) in {time.perf_counter() - start:.0f} s "
          f"({sum(m.cpu for m in made):.0f} s of CPU on {args.processes or os.cpu_count()} processes)")
    return 0
