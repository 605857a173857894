"""Shared fixtures: the real site, built once per test session with the real mkdocs.yml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> sitecheck.Site:
    site_dir = tmp_path_factory.mktemp("site")
    result = sitecheck.build(ROOT, site_dir, strict=True)
    assert result.returncode == 0, (
        "mkdocs build --strict failed; fix the warnings below (each names the file):\n"
        + result.stdout[-4000:]
        + result.stderr[-6000:]
    )
    return sitecheck.Site(site_dir, base=sitecheck.base_path(ROOT))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project to plant contributor mistakes in."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(
        ROOT / "overrides", copy / "overrides", ignore=shutil.ignore_patterns("__pycache__")
    )
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy
