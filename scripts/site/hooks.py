"""mkdocs hooks: wire the portal's modules into the build. No logic of its own lives here.

mkdocs-static-i18n runs the whole build once per language, so every hook sees one language at a time.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.check import editors_check, published_html  # noqa: E402
from scripts.check.problems import ProblemsFound, relative  # noqa: E402
from scripts.directory import contacts, contacts_verify, freshness  # noqa: E402
from scripts.directory.contacts_render import savable, vcard  # noqa: E402
from scripts.site import accessibility, assets, build_info, embeds, page_meta, report, security  # noqa: E402
from scripts.site.strings import all_strings  # noqa: E402

# Outside the "mkdocs" logger on purpose: warnings are reported, not counted as strict-mode errors.
log = logging.getLogger("portal")
_directory: contacts.Directory | None = None
_translation_states: dict[tuple[str, str], str] = {}


def _language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


def _language_prefix(config: MkDocsConfig) -> str:
    """'' for the default language, 'ru/' for Russian…: where that language's pages live in site/."""
    i18n = config.plugins["i18n"]
    return "" if i18n.current_language == i18n.default_language else f"{i18n.current_language}/"


def _report_href(page: Page, config: MkDocsConfig, entry_id: str | None) -> str:
    """Where a reader reports a mistake on this page or in one of its entries (scripts/site/report.py)."""
    about = get_relative_url(_language_prefix(config) + "about/", page.url) + "#report"
    return report.href(_language_prefix(config) + page.url, _language(config), entry_id, about)


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before mkdocs cleans site/, so broken content stops the build with nothing published changed.
    global _directory
    config.site_url = build_info.public_address() or config.site_url   # SITE_URL overrides mkdocs.yml
    if _directory is None or not config.plugins["i18n"].building:
        result = editors_check.run()
        for warning in result.warnings:
            log.warning("%s", warning)
        if result.problems:
            raise PluginError(str(ProblemsFound(result.problems)))
        _directory = result.directory
        _translation_states.clear()
        _translation_states.update(result.translation_states)
    config.extra["ui_strings"] = all_strings()   # after the check: a broken strings file is reported, not raised
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Section titles come from their index pages, so navigation is translated with the pages.
    # The front-matter title is editors' text; the theme prints page.title as HTML (navigation, header),
    # and sometimes through `| e`: as Markup it is escaped once, and `| e` leaves it as it is.
    if isinstance(page.meta.get("title"), str):
        page.title = Markup.escape(page.meta["title"])
    if page.is_index and page.parent is not None and page.title:
        page.parent.title = page.title
    language = _language(config)

    def root_href(path: str) -> str:
        return get_relative_url(path, page.url or ".")

    def href(path: str) -> str:
        return root_href(_language_prefix(config) + path)

    return embeds.expand(markdown, _directory.entries, language, href, root_href, _translation_states,
                         lambda entry_id: _report_href(page, config, entry_id))


@event_priority(-100)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    # The language switch of home pages: mkdocs-static-i18n (its on_page_context runs first) writes them
    # from the site's path ('/ru/'), which breaks a copy served under another path; from the site's root
    # instead, the theme makes them relative like every other link. (404.html keeps absolute links: it is
    # shown at any address.)
    # (It sets config.extra.alternate as an attribute, which is what the templates read.)
    for alternate in getattr(config.extra, "alternate", None) or []:
        alternate["link"] = build_info.within_site(alternate["link"])
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The review date under the title and the sources at the end, on every page and every printout;
    # a translation that is missing (English shown instead) or outdated says so.
    # What is published, not what was typed: the rendered page against the allowlist of elements,
    # attributes and addresses (the editors' check has said where; this makes sure nothing slips past).
    source = Path(page.file.abs_src_path)
    refused = published_html.locate(published_html.findings(html, published_html.BUILD),
                                    source.read_text(encoding="utf-8"), relative(source), 1)
    if refused:
        raise PluginError(str(ProblemsFound(refused)))
    language = _language(config)
    path = page.file.norm_src_uri
    english = path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
    return page_meta.decorate(html, page.meta, language, _translation_states.get((language, path)),
                              get_relative_url(english, page.url),
                              _report_href(page, config, None))


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Last, after every other change to the HTML, so the script hashes match what is served.
    output = accessibility.fix_theme_markup(output, _language(config))
    if not config.extra["offline"]["mode"]:   # file:// and Kiwix copies have no HTTP cache to keep them in
        output = assets.version_links(output)
    output = assets.load_theme_script_when_needed(output)
    output = assets.compact_html(output)
    if security.inline_scripts(output):
        raise PluginError(f"{page.file.src_uri}: the page has an inline <script>; the Content-Security-Policy "
                          "allows only the site's own script files (see scripts/site/security.py)")
    return security.add_policy(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is the one page made from a template alone; it carries the same policy as every page.
    return security.add_policy(output) if template_name.endswith(".html") else output


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return assets.drop_unused(files)


def on_post_build(config: MkDocsConfig) -> None:
    # One vCard per entry and per country, in this build's language, for "save to phone";
    # and, once, the list of directory entries due for a new check, for editors.
    language = _language(config)
    if not _language_prefix(config):
        due = Path(config.site_dir) / "reports" / "contacts-due.txt"
        due.parent.mkdir(parents=True, exist_ok=True)
        due.write_text(contacts_verify.due_text(contacts_verify.due(_directory.entries)), encoding="utf-8")
    folder = Path(config.site_dir) / _language_prefix(config) / "contacts" / "vcf"
    folder.mkdir(parents=True, exist_ok=True)
    listed = [entry for entry in freshness.listed(_directory.entries) if savable(entry)]
    for entry in listed:
        (folder / f"{entry['id']}.vcf").write_text(vcard([entry], language), encoding="utf-8")
    for country in contacts.countries():
        chosen = contacts.select(listed, {"country": [country]})
        (folder / f"{country.lower()}.vcf").write_text(vcard(chosen, language), encoding="utf-8")
