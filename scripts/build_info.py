"""When this build was made: the one date every offline copy shows.

A copy on a USB stick or a phone can be read months after it was made, while the rules it describes
change; so every offline copy (installed app, zip bundle, ZIM) says when it was built. The time comes
from SOURCE_DATE_EPOCH when set (reproducible builds; scripts/build sets it once for all its steps),
else from the clock, read once per process.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

from babel.dates import format_date

from scripts.strings import strings


@lru_cache(maxsize=None)
def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def build_date() -> dt.date:
    return build_time().date()


def built_on(language: str, when: dt.date | None = None) -> str:
    """'Built on 26 November 2026; rules may have changed since.' in the reader's language."""
    date = format_date(when or build_date(), "long", locale=language)
    return strings(language)["offline"]["built_on"].format(date=date)
