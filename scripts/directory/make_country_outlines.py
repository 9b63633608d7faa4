"""Regenerate data/country-outlines.json: country borders for the directory map.

Run by hand when the map's region changes (not at build time): it takes Natural Earth's 1:110m
borders (public domain) from the `world-atlas` package on the npm registry, clips them to the region
and rounds them, so the map ships a few kilobytes of outlines and needs no tile server.

    python -m scripts.directory.make_country_outlines
"""
from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from scripts.site.languages import ROOT

PACKAGE = "world-atlas@2.0.2"
REGION = (34.0, 28.0, 62.0, 96.0)  # south, west, north, east
# ISO 3166 numeric → alpha-2, for the countries that can appear in the region
COUNTRIES = {"643": "RU", "398": "KZ", "417": "KG", "762": "TJ", "860": "UZ", "795": "TM", "004": "AF",
             "156": "CN", "496": "MN", "364": "IR", "031": "AZ", "268": "GE", "051": "AM", "586": "PK",
             "356": "IN", "804": "UA", "112": "BY"}
OUTPUT = ROOT / "data" / "country-outlines.json"


def fetch_topology() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, capture_output=True)
        archive = next(Path(folder).glob("world-atlas-*.tgz"))
        with tarfile.open(archive) as tar:
            return json.load(tar.extractfile("package/countries-110m.json"))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clipping of a ring (lon, lat) to the region rectangle."""
    south, west, north, east = REGION
    edges = [(lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north))]
    for inside, cross in edges:
        if not points:
            break
        result = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
        points = result
    return points


def _cross_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cross_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def main() -> None:
    topology = fetch_topology()
    arcs = decode_arcs(topology)
    outlines: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id")))
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            ring = clip(ring_points(polygon[0], arcs))
            rounded = []
            for lon, lat in ring:
                point = [round(lon, 2), round(lat, 2)]
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) >= 3:
                outlines.setdefault(code, []).append(rounded)
    OUTPUT.write_text(json.dumps({"source": f"Natural Earth 1:110m via npm {PACKAGE}", "countries": outlines},
                                 separators=(",", ":")), encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes, {len(outlines)} countries")


if __name__ == "__main__":
    main()
