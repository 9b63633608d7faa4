"""Small fixes to the theme's markup that accessibility audits (axe-core) ask for.

Done on the rendered HTML rather than by copying theme templates, so the theme can be updated
(or replaced) without carrying our copies along.
"""
from __future__ import annotations

from html import escape

from scripts.strings import strings


def fix_theme_markup(html: str, language: str) -> str:
    label = escape(strings(language)["theme"]["search"])
    # Material's search overlay is a dialog without a name.
    return html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{label}">', 1)
