"""What every page shows about its own trustworthiness: review date, sources, translation state."""
from __future__ import annotations

from html import escape
from typing import Any

from scripts.site.strings import localized_date
from scripts.site.strings import strings
from scripts.translations.page_translations import MISSING, OUTDATED


def decorate(html: str, meta: dict[str, Any], language: str, translation: str | None = None,
             english_href: str = "", report_href: str = "") -> str:
    """Add the translation notice and review date under the title, and the sources and the link to report
    a mistake at the end."""
    site = strings(language)["site"]
    if "last_reviewed" not in meta:
        return html
    notice = ""
    if translation == MISSING:
        notice = f'<p class="translation-notice">{escape(site["translation_missing"])}</p>'
    elif translation == OUTDATED:
        notice = (f'<p class="translation-notice">{escape(site["translation_outdated"])} '
                  f'<a href="{escape(english_href)}" hreflang="en" lang="en">{escape(site["read_english"])}</a></p>')
    reviewed = (f'<p class="page-reviewed">{escape(site["last_reviewed"])}: '
                f'<time datetime="{meta["last_reviewed"]}">{localized_date(meta["last_reviewed"], language)}</time>')
    if meta.get("rules_as_of"):
        as_of = str(meta["rules_as_of"])
        reviewed += (f' · {escape(site["rules_as_of"])}: '
                     f'<time datetime="{escape(as_of)}">{localized_date(as_of, language)}</time>')
    reviewed += "</p>"
    if "<h1" not in html:
        html = f'<h1>{escape(meta.get("title", ""))}</h1>' + html
    end = html.index("</h1>") + len("</h1>")
    html = html[:end] + notice + reviewed + html[end:]
    items = []
    for source in meta.get("sources") or []:
        title = escape(source["title"])
        if source.get("url"):
            title = f'<a href="{escape(source["url"])}" rel="noopener">{title}</a>'
        tail = ", ".join(escape(str(source[k])) for k in ("publisher", "date") if source.get(k))
        items.append(f"<li>{title}{', ' + tail if tail else ''}</li>")
    if items:
        report = (f'<p class="page-report"><a href="{escape(report_href)}">{escape(site["report_page"])}</a></p>'
                  if report_href else "")
        html += (f'<section class="page-sources"><h2 id="sources">{escape(site["sources"])}</h2>'
                 f'<ol>{"".join(items)}</ol><p>{escape(site["rules_change"])}</p>{report}</section>')
    return html
