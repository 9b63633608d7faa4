"""Phone numbers live only in data/contacts.yaml, and bidirectional control characters nowhere.

A number typed into a page or into a directory text is never validated, never updated with its entry
and may be a scammer's: pages embed entries instead ({{ phone ID }}, {{ contacts … }}). The rule for
what looks like a phone number is narrow on purpose, so that years, dates, law numbers (115-FZ), fees,
article numbers and the emergency short numbers (112, 101–104) in texts pass:

- `+` followed by 7 or more digits (spaces, dashes, dots and brackets between them): +7 999 000-11-22;
- a trunk prefix 8 with a bracketed or 3-digit area code and a 7-digit local part: 8-800-555-35-35,
  8 (495) 123-45-67;
- a local number in dialling groups after a bracketed area code: (0312) 62-55-55, (495) 123-45-67;
- a local number in groups xxx-xx-xx: 123-45-67.

Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) turn text around when
shown: a name could display one number and dial another. No portal language needs them.
"""
from __future__ import annotations

import re

SEP = r"[ \u00a0\t.\-]?"
PHONE_SHAPED = re.compile(
    r"(?<![\w+])\+[ \u00a0]?\(?\d(?:[ \u00a0\t.\-()]{0,2}\d){6,}"                         # +7 999 000-11-22
    r"|(?<![\w\-+])8" + SEP + r"(?:\(\d{3,5}\)|\d{3})" + SEP + r"\d{2,3}" + SEP + r"\d{2}" + SEP + r"\d{2}(?![\w\-])"
    r"|(?<![\w\-+])\(\d{3,5}\)" + SEP + r"\d{1,3}" + SEP + r"\d{2}" + SEP + r"\d{2}(?![\w\-])"
    r"|(?<![\w\-+./])\d{3}-\d{2}-\d{2}(?![\w\-])"
)
TEL_LINK = re.compile(r"\b(?:tel|sms|callto):[\s/]*[+\d(]", re.I)   # a dialling link, even inside code
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
BIDI_NAMES = {"\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI",
              "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}
PAGE_FIX = ("numbers are written once, in data/contacts.yaml: embed the entry instead, inline with "
            "{{ phone ID }} or as cards with {{ contacts id=ID }}")
DIRECTORY_FIX = "put the number in the entry's phones: list (or in the entry it belongs to) and leave it out of the text"
BIDI_FIX = "delete the invisible character (it reorders the text around it; copy the text again from a plain source)"


def phone_shaped(text: str) -> str | None:
    """The first phone-shaped run of text, or None."""
    match = PHONE_SHAPED.search(text)
    return match.group(0).strip() if match else None


def bidi_control(text: str) -> str | None:
    """The name and code point of the first bidirectional control character, or None."""
    match = BIDI.search(text)
    return f"U+{ord(match.group(0)):04X} ({BIDI_NAMES[match.group(0)]})" if match else None
