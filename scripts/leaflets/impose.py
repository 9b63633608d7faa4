"""The A5 booklet: its pages padded with notes pages to a multiple of four, then imposed two to an A4 sheet
in saddle-stitch order with pypdf, so double-sided printing (flip on the short edge), folding and
stapling gives a booklet in reading order.
"""
from __future__ import annotations

import io
from functools import lru_cache
from html import escape
from pathlib import Path

from scripts.leaflets.paper import PAGE_CSS, document
from scripts.leaflets.plan import LeafletError
from scripts.leaflets.render import render
from scripts.site.strings import strings

A4_LANDSCAPE_PT = (297 / 25.4 * 72, 210 / 25.4 * 72)


def notes_html(language: str) -> str:
    """A page for the reader's own notes: fills an A5 booklet up to a multiple of four pages."""
    title = strings(language)["leaflet"]["notes"]
    lines = "".join('<div class="notes__line"></div>' for _ in range(18))
    return document(f'<section class="notes"><h2>{escape(title)}</h2>{lines}</section>', language, title, "",
                    PAGE_CSS["a5-booklet"], "a5-booklet")


@lru_cache(maxsize=None)
def _notes_page(language: str, site_dir: Path | None):
    return render(notes_html(language), site_dir).pages[0]


def pad_to_four(document_, language: str, site_dir: Path | None = None) -> list:
    """The booklet's pages with notes pages before the back page, up to a multiple of four."""
    pages_ = list(document_.pages)
    back = next((i for i, page in enumerate(pages_) if "back" in page.anchors), len(pages_) - 1)
    pad = (-len(pages_)) % 4
    return pages_[:back] + [_notes_page(language, site_dir)] * pad + pages_[back:]


def impose(pdf: bytes) -> bytes:
    """Two A5 pages to each side of an A4 landscape sheet, in saddle-stitch order.

    With n pages, sheet k carries pages n-2k and 2k+1 on the front and 2k+2 and n-2k-1 on the back
    (1-based): printed double-sided with a flip on the short edge, stacked, folded and stapled,
    the sheets read 1, 2, 3 … n. Each A5 page becomes a form XObject drawn at its place, so its
    content is copied as it is, never parsed.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               TextStringObject)
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    if count % 4:
        raise LeafletError(f"cannot impose {count} pages: a folded booklet needs a multiple of 4")
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    forms = []
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, ArrayObject) else [contents]
        form = DecodedStreamObject()
        form.set_data(b"\n".join(stream.get_object().get_data() for stream in streams))
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
                     NameObject("/Resources"): page["/Resources"].get_object().clone(writer)})
        forms.append(writer._add_object(form.flate_encode()))
    # A sheet is exactly A4 (297 mm), a hair wider than two A5 pages (2 × 148 mm): the pages meet at the fold.
    sheet_width, sheet_height = A4_LANDSCAPE_PT
    fold = sheet_width / 2
    top = (sheet_height - height) / 2
    for sheet in range(count // 4):
        for left, right in ((count - 1 - 2 * sheet, 2 * sheet), (2 * sheet + 1, count - 2 - 2 * sheet)):
            side = writer.add_blank_page(width=sheet_width, height=sheet_height)
            side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject({
                NameObject("/L"): forms[left], NameObject("/R"): forms[right]})})
            drawing = DecodedStreamObject()
            drawing.set_data(f"q 1 0 0 1 {fold - width:.4f} {top:.4f} cm /L Do Q "
                             f"q 1 0 0 1 {fold:.4f} {top:.4f} cm /R Do Q".encode())
            side[NameObject("/Contents")] = writer._add_object(drawing)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    # Print dialogs that read these preselect the right duplex mode and print at 100%.
    preferences = writer.create_viewer_preferences()
    preferences.duplex = NameObject("/DuplexFlipShortEdge")
    preferences.print_scaling = NameObject("/None")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
