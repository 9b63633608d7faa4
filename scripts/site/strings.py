"""Interface strings: one YAML file per language in data/strings/.

Material's own words (`theme`) and the portal's (`site`, `types`, …) live side by side so a
translator finds every word of a language in one file.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_skeleton

from scripts.check import yaml_lines
from scripts.site.languages import ROOT, codes

STRINGS_DIR = ROOT / "data" / "strings"


@lru_cache(maxsize=None)
def strings(code: str) -> dict[str, Any]:
    return yaml_lines.load((STRINGS_DIR / f"{code}.yaml").read_text(encoding="utf-8"))[0]


def all_strings() -> dict[str, dict[str, Any]]:
    return {code: strings(code) for code in codes()}


def site(code: str, key: str, **values: str) -> str:
    return strings(code)["site"][key].format(**values)


def missing_keys(reference: dict, other: dict, prefix: str = "") -> list[str]:
    """Keys present in the reference (English) but absent from another language, as dotted paths."""
    missing = []
    for key, value in reference.items():
        path = f"{prefix}{key}"
        if key not in other or other[key] in (None, ""):
            missing.append(path)
        elif isinstance(value, dict) and value and isinstance(other[key], dict):
            missing.extend(missing_keys(value, other[key], f"{path}."))
    return missing


def localized_date(value: str | int, language: str) -> str:
    """A date as the reader writes it: YYYY as is, YYYY-MM as "March 2026", YYYY-MM-DD in full."""
    value = str(value)
    if len(value) == 4:
        return value
    if len(value) == 7:
        return format_skeleton("yMMMM", dt.date.fromisoformat(value + "-01"), locale=language)
    return format_date(dt.date.fromisoformat(value), "long", locale=language)
