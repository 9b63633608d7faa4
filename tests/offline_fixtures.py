"""Fixtures for the offline copies: the bundle, ZIM files and downloads made from one real build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import offline_bundle

# A stand-in until scripts/leaflets.py writes real leaflets into <site>/leaflets/.
FAKE_LEAFLET = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                b"endobj\n3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture(scope="session")
def offline_build(built_site: Path, tmp_path_factory) -> dict:
    """scripts/offline_bundle.py run on a copy of the built site, as scripts/build runs it."""
    work = tmp_path_factory.mktemp("offline")
    site = work / "site"
    shutil.copytree(built_site, site)
    leaflets = site / "leaflets"
    if not any(leaflets.glob("*.pdf")):
        leaflets.mkdir(exist_ok=True)
        (leaflets / "test-leaflet-ru.pdf").write_bytes(FAKE_LEAFLET)
    result = offline_bundle.run(site, work / "bundle")
    return {**result, "site": site}
