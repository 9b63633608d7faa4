"""Fixtures for the offline copies: the bundle, ZIM files and downloads made from one real build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.offline import bundle as offline_bundle
from scripts.site.languages import language_prefix


def bundle_page(language: str, path: str) -> str:
    """Where a content page is in the file:// copies (bundle and ZIM): 'ru/health/tb.html'."""
    return language_prefix(language) + path[:-3] + ".html"


@pytest.fixture(scope="session")
def offline_build(leaflet_site: Path, tmp_path_factory) -> dict:
    """scripts/offline/bundle.py run on a copy of the built site with its real leaflets, as scripts/build runs it."""
    work = tmp_path_factory.mktemp("offline")
    site = work / "site"
    shutil.copytree(leaflet_site, site)
    result = offline_bundle.run(site, work / "bundle")
    return {**result, "site": site}
