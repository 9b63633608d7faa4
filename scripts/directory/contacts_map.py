"""A map of directory places as a static SVG: no tile server, works offline and prints.

Country outlines come from data/country-outlines.json (Natural Earth, public domain; see
scripts/directory/make_country_outlines.py);
points are placed with an equirectangular projection scaled by the cosine of the mean latitude,
which is accurate enough at this scale and needs no library.
"""
from __future__ import annotations

import json
import math
from html import escape

from scripts.directory.contacts import Entry
from scripts.directory.contacts_render import text
from scripts.site.languages import ROOT
from scripts.site.strings import strings

OUTLINES = ROOT / "data" / "country-outlines.json"
WIDTH = 400
MARGIN_DEGREES = 2.0


def _outlines() -> dict[str, list[list[list[float]]]]:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))["countries"]


def svg(entries: list[Entry], language: str) -> str:
    places = [entry for entry in entries if entry.get("coordinates")]
    if not places:
        return ""
    lats = [p["coordinates"]["lat"] for p in places]
    lons = [p["coordinates"]["lon"] for p in places]
    south, north = min(lats) - MARGIN_DEGREES, max(lats) + MARGIN_DEGREES
    west, east = min(lons) - MARGIN_DEGREES * 2, max(lons) + MARGIN_DEGREES * 2
    x_scale = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * x_scale)
    height = round((north - south) * scale)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * x_scale * scale, 1), round((north - lat) * scale, 1)

    s = strings(language)
    title = escape(s["site"]["map_title"])
    out = [f'<figure class="contacts-map"><svg viewBox="0 0 {WIDTH} {height}" role="group" '
           f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>',
           f'<rect width="{WIDTH}" height="{height}" class="contacts-map__sea"/>']
    shown = {entry["country"] for entry in places}
    for country, rings in _outlines().items():
        kind = "contacts-map__land contacts-map__land--shown" if country in shown else "contacts-map__land"
        for ring in rings:
            points = " ".join("{},{}".format(*xy(lat, lon)) for lon, lat in ring)
            out.append(f'<polygon class="{kind}" points="{points}"/>')
    cities: dict[tuple[float, float], list[str]] = {}
    for entry in places:
        place = entry["coordinates"]
        cities.setdefault((place["lat"], place["lon"]), []).append(entry)
    for (lat, lon), here in sorted(cities.items()):
        x, y = xy(lat, lon)
        city, _ = text(here[0], "city", language)
        names = "; ".join(text(e, "name", language)[0] for e in here)
        out.append(f'<a href="#{escape(here[0]["id"])}" aria-label="{escape(city)}: {escape(names)}">'
                   f'<circle cx="{x}" cy="{y}" r="6" class="contacts-map__point"/>'
                   f'<text x="{x + 7}" y="{y + 4}" class="contacts-map__label">{escape(city)}'
                   + (f" ({len(here)})" if len(here) > 1 else "") + "</text></a>")
    out.append("</svg></figure>")
    return "".join(out)
