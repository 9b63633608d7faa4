"""The portal's languages, read from mkdocs.yml.

mkdocs.yml (plugins → i18n → languages) is the only place the language list is written;
every script asks this module instead of repeating it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = ROOT / "mkdocs.yml"
HTML_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/… and !ENV tags; we only need plain values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool
    site_name: str   # the site's name in this language (the i18n entry's, else mkdocs.yml's)


def load_mkdocs_yml(path: Path = MKDOCS_YML) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)


@lru_cache(maxsize=None)
def languages(path: Path = MKDOCS_YML) -> tuple[Language, ...]:
    """All site languages, the default (English) first."""
    config = load_mkdocs_yml(path)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"]["languages"]
            found = [Language(e["locale"], e["name"], bool(e.get("default")),
                              e.get("site_name") or config.get("site_name", "")) for e in entries]
            return tuple(sorted(found, key=lambda lang: not lang.default))
    raise RuntimeError(f"{path}: no i18n plugin with a languages list")


def codes() -> list[str]:
    return [lang.code for lang in languages()]


def default_code() -> str:
    return languages()[0].code


def site_name(language: str) -> str:
    return next(lang.site_name for lang in languages() if lang.code == language)


def language_prefix(language: str) -> str:
    """Where a language's pages live: '' for the default language, 'ru/' for Russian."""
    return "" if language == default_code() else f"{language}/"


def translated_codes() -> list[str]:
    return [lang.code for lang in languages() if not lang.default]


def page_language(html: str) -> str:
    """The language of a built page, from its <html lang>: the default language if it names none of ours."""
    match = HTML_LANG.search(html)
    return match.group(1) if match and match.group(1) in codes() else default_code()
