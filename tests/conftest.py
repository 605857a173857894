"""Shared fixtures: the real site, built once per test session with the real mkdocs.yml, and
throw-away copies of the project to plant contributor mistakes in."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT
# Plugins that only add output files (llms.txt, the print page) and check nothing; copies that
# test how mistakes are reported build without them, which halves their build time.
OUTPUT_ONLY_PLUGINS = ("llmstxt", "print-site")


def build_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """Run ``make(folder)`` once per test run, however many pytest-xdist workers ask: the workers
    share the run's temporary folder and take turns through a lock file. A folder left by a
    worker that failed is made again."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> sitecheck.Site:
    def make(site_dir: Path) -> None:
        result = sitecheck.build(ROOT, site_dir, strict=True)
        assert result.returncode == 0, (
            "mkdocs build --strict failed; fix the warnings below (each names the file):\n"
            + result.stdout[-4000:]
            + result.stderr[-6000:]
        )

    site_dir = build_once(tmp_path_factory, "site", make)
    return sitecheck.Site(site_dir, base=sitecheck.base_path(ROOT))


def copy_project(copy: Path, output_plugins: bool = True) -> Path:
    """Copy mkdocs.yml, docs/ and overrides/ to ``copy`` (outside git), sharing node_modules.
    With ``output_plugins=False`` the OUTPUT_ONLY_PLUGINS are switched off in the copy."""
    copy.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not output_plugins:
        for name in OUTPUT_ONLY_PLUGINS:
            entry = f"\n  - {name}:\n"
            assert entry in config, f"mkdocs.yml: plugin entry '{entry.strip()}' not found"
            config = config.replace(entry, f"{entry}      enabled: false\n")
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(
        ROOT / "overrides", copy / "overrides", ignore=shutil.ignore_patterns("__pycache__")
    )
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project (without the output-only plugins)."""
    return copy_project(tmp_path / "project", output_plugins=False)
