"""Every interface string exists in every language (Material's and the portal's own)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.site.languages import codes
from scripts.site.strings import missing_keys, strings

MATERIAL_EN = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages" / "en.html"


def material_keys() -> set[str]:
    return set(re.findall(r'^\s*"([a-z.]+)":', MATERIAL_EN.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("language", codes())
def test_language_has_every_string(language):
    assert missing_keys(strings("en"), strings(language)) == []
    assert material_keys() <= set(strings(language)["theme"])


@pytest.mark.parametrize("language", codes())
def test_fallback_notice_for_each_fallback_language(language):
    data = strings(language)
    assert set(data["fallback_notice"]) == set(data["fallback"])


def test_missing_string_is_detected():
    broken = {**strings("ky"), "site": {k: v for k, v in strings("ky")["site"].items() if k != "call"}}
    assert missing_keys(strings("en"), broken) == ["site.call"]


def test_uzbek_strings_use_the_modifier_letter_turned_comma():
    text = Path("data/strings/uz.yaml").read_text(encoding="utf-8")
    assert not re.search(r"[oOgG]['`‘’]", text)
    assert "oʻ" in text and "gʻ" in text
