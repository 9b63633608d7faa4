"""Offline copies: the installable app (service worker), the zip bundle for USB sticks and file://, one
ZIM per language for Kiwix, the LAN mirror, and the downloads page that lists them.

Open hooks.py first. The theme needs the worker's template and scripts under overrides/: overrides/sw.js
(filled in by pwa.py), overrides/assets/pwa.js and overrides/partials/offline-*.html.
"""
