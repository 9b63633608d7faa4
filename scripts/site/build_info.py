"""When this build was made and where it is published: the date every offline copy shows, and the
public address every QR code, canonical link and sitemap entry leads to.

A copy on a USB stick or a phone can be read months after it was made, while the rules it describes
change; so every offline copy (installed app, zip bundle, ZIM) says when it was built. The time comes
from SOURCE_DATE_EPOCH when set (reproducible builds; scripts/build sets it once for all its steps),
else from the clock, read once per process.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from urllib.parse import urlsplit

from babel.dates import format_date

from scripts.site.languages import load_mkdocs_yml
from scripts.site.strings import strings


@lru_cache(maxsize=None)
def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def build_date() -> dt.date:
    return build_time().date()


def build_date_text(language: str) -> str:
    """'26 November 2026' as the language writes dates."""
    return format_date(build_date(), "long", locale=language)


def built_on(language: str) -> str:
    """'Built on 26 November 2026; rules may have changed since.' in the reader's language."""
    return strings(language)["offline"]["built_on"].format(date=build_date_text(language))


OFFLINE_MODES = ("", "bundle")


def offline_mode() -> str:
    """Which copy this build makes: '' the hosted site, 'bundle' the file:// offline copy
    (PORTAL_OFFLINE_COPY, set by scripts/offline/bundle.py; see scripts/offline/hooks.py)."""
    value = os.environ.get("PORTAL_OFFLINE_COPY", "")
    if value not in OFFLINE_MODES:
        raise ValueError(f"PORTAL_OFFLINE_COPY={value!r}: expected one of {OFFLINE_MODES}")
    return value


PLACEHOLDER_HOSTS = ("example.", "localhost", "127.", "[::1]")


@lru_cache(maxsize=None)
def public_address() -> str:
    """The site's public address, ending in '/': SITE_URL when set (the publishing workflow passes the
    GitHub Pages address or the custom domain), else mkdocs.yml's site_url. One place for QR codes,
    canonical links, the sitemap, the app's scope and the offline copies' links back."""
    address = (os.environ.get("SITE_URL") or load_mkdocs_yml().get("site_url") or "").strip()
    return address.rstrip("/") + "/" if address else ""


def site_path() -> str:
    """The path the site is published under: '/' for https://example.org/, '/REPO/' for a fork on
    GitHub Pages, '/portal/' for a centre's server."""
    return urlsplit(public_address() or "/").path or "/"


def within_site(link: str) -> str:
    """A link that mkdocs wrote from the site's path ('/REPO/ru/') as a path from the site's root
    ('ru/'), for the `url` filter to make relative to each page: the built pages then work wherever they
    are served, even from a build made for another address. Anything else is returned as it is."""
    root = site_path()
    if link.startswith(root) and "://" not in link:
        return link[len(root):] or "./"
    return link


def is_placeholder(address: str) -> bool:
    """An address nobody can open: a QR code printed with it leads nowhere."""
    host = address.split("://", 1)[-1].split("/", 1)[0].lower()
    return not host or any(host.startswith(p) or f".{p}" in f".{host}" for p in PLACEHOLDER_HOSTS)
