"""Shared fixtures: a real build of the site, and throwaway copies of the project to break."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.offline_fixtures"]
PROJECT_PARTS = ["content", "data", "overrides", "scripts", "mkdocs.yml"]


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """Run the real build, as scripts/build does, and return its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def leaflet_site(built_site: Path, tmp_path_factory) -> Path:
    """A copy of the built site with every PDF leaflet, made by `python -m scripts.leaflets` as
    scripts/build does (once per session: it takes about a minute on two cores)."""
    site = tmp_path_factory.mktemp("leaflets") / "site"
    shutil.copytree(built_site, site)
    # --preview: the test build keeps mkdocs.yml's placeholder address (tests/test_leaflets.py checks the refusal).
    result = subprocess.run([sys.executable, "-m", "scripts.leaflets", "--preview", str(site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    print(f"\n{result.stdout.strip()}")
    return site


def copy_project(target: Path) -> Path:
    """What a build reads, copied to `target`."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project that a test may break without touching the real one."""
    return copy_project(tmp_path)
