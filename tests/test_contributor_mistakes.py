"""Tests of the tests: plant the common contributor mistakes in a copy of the project and check
that the suite reports each one, naming the file and the problem.

Each mistake is caught twice: by the strict build (MkDocs validation or our hooks) and by the
checks in tests/sitecheck.py on a non-strict build. Removing either layer makes a test here fail.
The mistakes that do not stop a build are planted together in one copy, built once strict and
once lenient; an unknown citation key stops the build at once, so it gets its own copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import sitecheck
from tests.conftest import build_once, copy_project

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Planted:
    project: Path
    strict_output: str  # what the failed strict build printed
    site: sitecheck.Site  # the lenient build


def plant(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def strict_output(project: Path) -> str:
    result = sitecheck.build(project, project / "site-strict", strict=True)
    assert result.returncode != 0, "the strict build passed although mistakes were planted"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    """One copy with every build-safe mistake, built once per test run (shared by workers)."""

    def make(folder: Path) -> None:
        project = folder / "project"
        plant_mistakes(copy_project(project, output_plugins=False))
        (folder / "strict-output.txt").write_text(strict_output(project), encoding="utf-8")
        result = sitecheck.build(project, project / "site", strict=False)
        assert result.returncode == 0, result.stderr[-3000:]

    folder = build_once(tmp_path_factory, "planted", make)
    project = folder / "project"
    site = sitecheck.Site(project / "site", base=sitecheck.base_path(project))
    return Planted(project, (folder / "strict-output.txt").read_text(encoding="utf-8"), site)


def plant_mistakes(project: Path) -> None:
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


def test_read_more_to_missing_page(planted: Planted) -> None:
    assert re.search(r"index\.md.*no-such-note\.md", planted.strict_output)
    errors = sitecheck.check_read_more(planted.site, planted.project)
    assert any(e.startswith("docs/index.md:") and "no-such-note.md" in e for e in errors), errors


def test_read_more_to_missing_anchor(planted: Planted) -> None:
    assert re.search(r"index\.md.*no-such-section", planted.strict_output)
    errors = sitecheck.check_read_more(planted.site, planted.project)
    assert any("docs/index.md:" in e and "no id 'no-such-section'" in e for e in errors), errors


def test_page_missing_from_nav(planted: Planted) -> None:
    assert "orphan-note.md" in planted.strict_output
    errors = sitecheck.check_nav(planted.project, planted.site)
    assert any(
        e.startswith("docs/orphan-note.md:1: page is not in the navigation") for e in errors
    ), errors


def test_redirect_to_missing_page(planted: Planted) -> None:
    assert "gone-note.md" in planted.strict_output
    errors = sitecheck.check_redirects(planted.project, planted.site)
    assert any(e.startswith("mkdocs.yml:") and "gone-note.md" in e for e in errors), errors


def test_broken_image(planted: Planted) -> None:
    assert re.search(r"moe\.md.*missing-diagram\.png", planted.strict_output)
    errors = sitecheck.check_internal_links(planted.site)
    assert any(
        e.startswith("site/moe/index.html:") and "missing-diagram.png" in e for e in errors
    ), errors


def test_build_outside_git_says_so(planted: Planted) -> None:
    """The copy is not a git checkout: notes say their date is not known instead of failing."""
    html = (planted.site.root / "moe" / "index.html").read_text(encoding="utf-8")
    assert "outside a git checkout" in html


def test_unknown_citation_key(project_copy: Path) -> None:
    append(project_copy, "comm.md", "\n\nA claim [@nosuchkey2099].\n")
    output = strict_output(project_copy)
    assert re.search(r"docs/comm\.md:\d+: unknown citation key 'nosuchkey2099'", output), output[
        -2000:
    ]
