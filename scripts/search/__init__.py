"""Site search: one small index per language (search/<language>.js), loaded only when a reader opens search.

Open hooks.py first, then search_index.py. The browser half lives under overrides/assets/search/
(portal-search.js, search-engine.js, search-text.js); search_text.py and search-text.js share
data/search-rules.json.
"""
