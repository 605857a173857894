"""Shared fixtures: the real site, built once per test session with the real mkdocs.yml, and
throw-away copies of the project to plant contributor mistakes in."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT
# Plugins that only add output files (llms.txt, the print page) and check nothing; copies that
# test how mistakes are reported build without them, which halves their build time.
OUTPUT_ONLY_PLUGINS = ("print-site",)


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
    """Copy mkdocs.yml, docs/, overrides/ and hooks/ to ``copy`` (outside git), sharing node_modules.
    With ``output_plugins=False`` the OUTPUT_ONLY_PLUGINS are switched off in the copy."""
    copy.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not output_plugins:
        for name in OUTPUT_ONLY_PLUGINS:
            entry = f"\n  - {name}:\n"
            assert entry in config, f"mkdocs.yml: plugin entry '{entry.strip()}' not found"
            config = config.replace(entry, f"{entry}      enabled: false\n", 1)
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", copy / "docs")
    for folder in ("overrides", "hooks"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project (without the output-only plugins)."""
    return copy_project(tmp_path / "project", output_plugins=False)


# --- One copy with every contributor mistake that does not stop a build ---------------------------

PLANTED_IMAGE_BYTES = 500 * 1024 + 10  # just over the content checks' image size limit
PLANTED_PAGE = "---\ntitle: Planted\ndescription: A page planted by the tests.\n---\n\n# Planted\n"


@dataclass(frozen=True)
class Planted:
    project: Path
    strict_output: str  # what the failed strict build printed
    site: sitecheck.Site  # what that build wrote (MkDocs writes the site, then fails on warnings)


def plant(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def plant_mistakes(project: Path) -> None:
    # Links and navigation (tests/test_contributor_mistakes.py)
    append(project, "index.md", "\n\n## New topic\n\nSummary. [Read more](no-such-note.md)\n")
    append(project, "index.md", "\n\nMore. [Read more](comm.md#no-such-section)\n")
    plant(project, "orphan-note.md", "---\ntitle: Orphan\ndescription: x.\n---\n\n# Orphan\n")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = "      redirect_maps:\n"
    assert marker in text, "mkdocs.yml: redirect_maps not found"
    config.write_text(
        text.replace(marker, marker + "        old-note.md: gone-note.md\n"), encoding="utf-8"
    )
    append(project, "moe.md", "\n\n![Routing diagram](missing-diagram.png)\n")
    # Content safety (tests/test_content_safety.py)
    (project / "docs" / "wide.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * PLANTED_IMAGE_BYTES)
    plant(project, "eval/pass-at-k/README.md", PLANTED_PAGE + "Same URL as eval/pass-at-k.md.\n")
    append(
        project,
        "comm.md",
        '\n\n![](wide.png)\n\n[new tab](https://example.org){ target="_blank" }\n',
    )


# Figure mistakes (tests/test_figures.py): a page whose first figure has no alt text and an SVG
# that loads things from other hosts, whose second figure is numbered 3, and a link to a figure
# id that does not exist.
PLANTED_ALT = "A planted figure: two boxes joined by an arrow, long enough to pass as alt text."
PLANTED_FIGURES_PAGE = f"""---
title: Planted figures
description: Figure mistakes planted by the tests.
---

# Planted figures

<figure markdown="span" id="fig-planted-external">
  ![](planted-figures/external.svg#only-light){{ loading=lazy width="120" height="60" }}
  ![](planted-figures/external-dark.svg#only-dark){{ loading=lazy width="120" height="60" }}
<figcaption markdown>Figure 1: An SVG that loads from elsewhere.</figcaption>
</figure>

<figure markdown="span" id="fig-planted-gap">
  ![{PLANTED_ALT}](planted-figures/plain.svg#only-light){{ loading=lazy width="120" height="60" }}
  ![{PLANTED_ALT}](planted-figures/plain-dark.svg#only-dark){{ loading=lazy width="120" height="60" }}
<figcaption markdown>Figure 3: The number skips 2.</figcaption>
</figure>

See [the KV-cache figure](lcw.md#fig-no-such-figure).
"""
PLANTED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="120" height="60" viewBox="0 0 100 50">{body}</svg>\n'
)
PLANTED_EXTERNAL_SVG = PLANTED_SVG.format(
    body="<style>@import url(https://fonts.example.org/face.css);</style>"
    '<image xlink:href="https://img.example.org/chart.png" width="100" height="50"/>'
    '<text x="5" y="30" style="font-size: 14px">x</text>'
)


def plant_figure_mistakes(project: Path) -> None:
    plant(project, "planted-figures.md", PLANTED_FIGURES_PAGE)
    for name in ("external", "external-dark"):
        plant(project, f"planted-figures/{name}.svg", PLANTED_EXTERNAL_SVG)
    for name in ("plain", "plain-dark"):
        body = '<rect x="5" y="5" width="40" height="40"/><text x="55" y="30">y</text>'
        plant(project, f"planted-figures/{name}.svg", PLANTED_SVG.format(body=body))


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    """The mistakes above in one copy, built once per test run with --strict. The build fails;
    its output is what contributors see, and the site it wrote is what tests/sitecheck.py and the
    content checks read."""

    def make(folder: Path) -> None:
        project = copy_project(folder / "project", output_plugins=False)
        plant_mistakes(project)
        plant_figure_mistakes(project)
        result = sitecheck.build(project, project / "site", strict=True)
        assert result.returncode != 0, "the strict build passed although mistakes were planted"
        assert (project / "site" / "moe" / "index.html").is_file(), "the build wrote no site"
        (folder / "strict-output.txt").write_text(result.stdout + result.stderr, "utf-8")

    folder = build_once(tmp_path_factory, "planted", make)
    project = folder / "project"
    site = sitecheck.Site(project / "site", base=sitecheck.base_path(project))
    return Planted(project, (folder / "strict-output.txt").read_text(encoding="utf-8"), site)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need no site build run first: while one pytest-xdist worker builds the site,
    the other has work instead of waiting on the build's lock."""
    needs_build = {"built_site", "planted"}
    items.sort(key=lambda item: bool(needs_build & set(getattr(item, "fixturenames", ()))))
