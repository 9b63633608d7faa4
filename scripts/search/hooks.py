"""mkdocs hook: one search index per language (scripts/search/search_index.py) in place of Material's single one.

mkdocs-static-i18n builds the site once per language; each build collects its own pages here and
writes search/<language>.js at the end. Material's search plugin stays on (it draws the search box),
but the file its loader fetches, search/search_index.json, is replaced by a stub without documents.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.directory import contacts  # noqa: E402
from scripts.search import search_index  # noqa: E402

# Also used by Material's highlighter on the page a result leads to: words end at these characters.
SEPARATOR = r"[\s\-.,;:!?()\[\]«»\"“”„/]+"

_documents: dict[str, list[search_index.Document]] = {}
_cards: dict[str, dict[str, list[str]]] = {}
_building: list[str] = []   # nested: the other languages are built inside the default language's post_build
_entries: list[dict] = []   # the directory (contacts.load keeps it while the file is unchanged)


def _language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Pages carry the stub's settings, so Material need not fetch it (assets/search/portal-search.js).
    config.extra["search_stub"] = search_index.stub(SEPARATOR)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    language = _language(config)
    if not _building:
        _entries[:] = contacts.load().entries
    _building.append(language)
    _documents[language] = []
    _cards[language] = {}


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    language = _language(config)
    search = page.meta.get("search") or {}
    # A page shown in English because its translation is missing stays out of that language's index.
    if search.get("exclude") or getattr(page.file, "locale", language) != language:
        return context
    title = str(page.meta.get("title") or page.title or "")
    documents, card_ids = search_index.page_documents(page.content or "", page.url, title,
                                                      str(page.meta.get("description") or ""))
    _documents[language].extend(documents)
    for card_id in card_ids:
        _cards[language].setdefault(card_id, []).append(page.url)
    return context


@event_priority(-150)  # after mkdocs-static-i18n (-100) wrote Material's index; before offline/hooks.py (-200) lists files
def on_post_build(config: MkDocsConfig) -> None:
    language = _building.pop()
    cards = search_index.card_documents(_entries, language, _cards[language])
    index = search_index.build(_documents[language] + cards, language)
    folder = Path(config.site_dir) / "search"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{language}.js").write_text(search_index.script(index), encoding="utf-8")
    stub = config.extra["search_stub"]
    (folder / "search_index.json").write_text(stub, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {stub};\n", encoding="utf-8")


def on_build_error(error: Exception) -> None:
    # A failed build must not leave a language half-pushed for the next build (mkdocs serve).
    _building.clear()
