"""Small fixes to the theme's markup that accessibility audits (axe-core) ask for.

Done on the rendered HTML rather than by copying theme templates, so the theme can be updated
(or replaced) without carrying our copies along.
"""
from __future__ import annotations

import re
from html import escape

from scripts.site.strings import strings

SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)


def fix_theme_markup(html: str, language: str) -> str:
    theme = strings(language)["theme"]
    label = escape(theme["search"])
    # Material's search overlay is a dialog without a name.
    html = html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{label}">', 1)
    # "Skip to content" on every page, leading to the top of the article. Material links it to the
    # first heading of the table of contents: that skips a booklet's title and summary, and a page
    # without headings of its own (the directory) gets no link at all.
    if '<article class="md-content__inner md-typeset">' in html:
        html = html.replace('<article class="md-content__inner md-typeset">',
                            '<article class="md-content__inner md-typeset" id="__content">', 1)
        skip = f'<a href="#__content" class="md-skip">{escape(theme["action.skip"])}</a>'
        html = SKIP.sub(lambda match: f'<div data-md-component="skip">{skip}</div>', html, count=1)
    # A table wider than a phone scrolls sideways (Material's styles): a keyboard must reach it too
    # (axe: scrollable-region-focusable). Material's bundle, where it runs, wraps the table and keeps it.
    return html.replace("<table>", '<table tabindex="0">')
