"""mkdocs hook for the printable leaflets: a "Download as PDF" line on every page that is printed as a
leaflet, and on the contacts pages that have a contact sheet. (The {{ leaflets }} listing is an embed.)

The PDFs themselves are made after mkdocs, from the built pages, by scripts/leaflets/; it also
writes each file's size into these links and stops the build if a link points to a file it did not make.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.leaflets.listing import page_links  # noqa: E402

from scripts.leaflets.plan import LeafletError, Plan, load_plan  # noqa: E402

_plan: Plan | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan
    try:
        _plan = load_plan()
    except LeafletError as error:
        raise PluginError(str(error)) from error
    return config


# After scripts/site/hooks.py has added the review date, so the links sit right under it.
@event_priority(-50)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = config.plugins["i18n"].current_language

    def href(path: str) -> str:
        """A URL from the site root (where leaflets/ is), relative to this page."""
        return get_relative_url(path, page.url or ".")

    links = page_links(_plan, page.file.norm_src_uri, language, href)
    if links:
        marker = html.find('class="page-reviewed"')
        if marker >= 0:
            end = html.index("</p>", marker) + len("</p>")
        else:
            end = html.index("</h1>") + len("</h1>") if "</h1>" in html else 0
        html = html[:end] + links + html[end:]
    return html
