"""'Report a wrong number or a mistake': where one tap takes a reader, with the page and entry filled in.

A new issue on the project's repository (mkdocs.yml `repo_url`, or REPO_URL at build time, as the
publishing workflow sets it); else an e-mail to `extra.report_email` (works offline: the phone sends it
later); else the about page's section on reporting. Nothing is sent before the reader taps.
"""
from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import quote

from scripts.site.languages import load_mkdocs_yml


@lru_cache(maxsize=None)
def channels() -> tuple[str, str]:
    """(repository address, e-mail address); either may be empty."""
    config = load_mkdocs_yml()
    repository = (os.environ.get("REPO_URL") or config.get("repo_url") or "").rstrip("/")
    return repository, (config.get("extra") or {}).get("report_email") or ""


def href(page: str, language: str, entry_id: str | None, about_href: str) -> str:
    """The link for a report about `page` (its site path, e.g. 'ru/contacts/russia/') or one of its entries."""
    repository, email = channels()
    subject = f"Mistake: {entry_id or page} ({language})"
    body = (f"Page: {page}\nEntry: {entry_id or '-'}\nLanguage: {language}\n\n"
            "What is wrong:\n\nWhat is right, and how do you know (a call on a date, a page address):\n")
    if repository:
        return f"{repository}/issues/new?title={quote(subject)}&body={quote(body)}"
    if email:
        return f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"
    return about_href
