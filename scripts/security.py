"""A strict Content Security Policy on every page: a watched phone must not be made to call out.

The policy allows only the site's own files; the few inline scripts the theme writes are allowed by
their hash, computed per page, so no 'unsafe-inline' is needed. Hosting examples send the same policy
as a header (see scripts/hosting/).
"""
from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")


def policy(html: str) -> str:
    hashes = "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                     for body in INLINE_SCRIPT.findall(html))
    return POLICY.format(hashes=hashes)


def add_policy(html: str) -> str:
    """Put the policy first in <head>, before anything it governs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return re.sub(r"<head>", "<head>" + meta, html, count=1)
