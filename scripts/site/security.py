"""A strict Content Security Policy on every page: a watched phone must not be made to call out.

The policy allows scripts from the site's own files only (`script-src 'self'`, no hashes, no
'unsafe-inline'): the theme's few inline scripts live in overrides/assets/theme.js, so nothing
written into a page, by an editor or anyone else, can run. Because the policy does not depend on
the page, hosting sends exactly the same one as a header (scripts/hosting/nginx.conf, scripts/offline/mirror.py),
plus what only a header can say (frame-ancestors); tests/test_security.py keeps the three equal.
"""
from __future__ import annotations

import re

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
# Data, not code: browsers never run these, and Material keeps its settings in one (id="__config").
DATA_SCRIPT = re.compile(r'\btype\s*=\s*["\']?application/json\b', re.I)
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")
HEADER_POLICY = POLICY + "; frame-ancestors 'none'"


def policy(html: str = "") -> str:
    """The same for every page (the argument is kept for callers that pass the page)."""
    return POLICY


def inline_scripts(html: str) -> list[str]:
    """Inline scripts a browser would run: the build refuses a page that has any."""
    return [body for attributes, body in INLINE_SCRIPT.findall(html) if not DATA_SCRIPT.search(attributes)]


def add_policy(html: str) -> str:
    """Put the policy first in <head>, before anything it governs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    return re.sub(r"<head>", "<head>" + meta, html, count=1)
