"""Draw the app icons (PNG, every size phones ask for) from overrides/assets/icon.svg.

Run by hand when the icon changes: `.venv/bin/python -m scripts.offline.make_icons`; the PNGs are committed,
so the build needs no image tools. Chromium (already needed by the browser tests) draws them, so
they look exactly like the SVG the browser shows as favicon.

- icon-N.png: the rounded icon on a transparent background ("any" purpose).
- maskable-N.png: full-bleed square with the shield inside the central safe zone, for Android's
  adaptive icons (the launcher cuts its own shape out of it).
- apple-touch-icon.png: 180 px, full bleed (iOS rounds the corners itself, and fills transparency black).
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "overrides" / "assets" / "icon.svg"
OUT = ROOT / "overrides" / "assets" / "icons"
ANY_SIZES = (48, 72, 96, 128, 144, 152, 192, 256, 384, 512)
MASKABLE_SIZES = (192, 512)
CHROMIUM = "/usr/bin/chromium"


def full_bleed(svg: str, scale: float) -> str:
    """The same drawing on a square background, shrunk to `scale` around the centre."""
    background = re.search(r'<rect[^>]*fill="([^"]+)"', svg).group(1)
    inner = re.sub(r"<rect[^>]*/>", "", re.sub(r"^<svg[^>]*>|</svg>$", "", svg.strip()))
    offset = 32 * (1 - scale)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" '
            f'fill="{background}"/><g transform="translate({offset} {offset}) scale({scale})">{inner}</g></svg>')


def render(page, svg: str, size: int, path: Path) -> None:
    data = base64.b64encode(svg.encode()).decode()
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(f'<html><body style="margin:0;background:transparent">'
                     f'<img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}" '
                     f'style="display:block"></body></html>')
    page.screenshot(path=str(path), omit_background=True)


def main() -> None:
    svg = SOURCE.read_text(encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(device_scale_factor=1)
        for size in ANY_SIZES:
            render(page, svg, size, OUT / f"icon-{size}.png")
        for size in MASKABLE_SIZES:
            render(page, full_bleed(svg, 0.72), size, OUT / f"maskable-{size}.png")
        render(page, full_bleed(svg, 0.86), 180, OUT / "apple-touch-icon.png")
        browser.close()


if __name__ == "__main__":
    main()
