"""Tests of the tests: plant each common contributor mistake in a copy of the project and check
that the suite reports it, naming the file and the problem.

Each mistake is caught twice: by the strict build (MkDocs validation or our hooks) and by the
checks in tests/sitecheck.py on a non-strict build. Removing either layer makes a test here fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import sitecheck

pytestmark = pytest.mark.slow


def plant(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / "docs" / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def strict_output(project: Path) -> str:
    result = sitecheck.build(project, project / "site-strict", strict=True)
    assert result.returncode != 0, "the strict build passed although a mistake was planted"
    return result.stdout + result.stderr


def lenient_site(project: Path) -> sitecheck.Site:
    result = sitecheck.build(project, project / "site", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return sitecheck.Site(project / "site", base=sitecheck.base_path(project))


def test_read_more_to_missing_page(project_copy: Path) -> None:
    append(project_copy, "index.md", "\n\n## New topic\n\nSummary. [Read more](no-such-note.md)\n")
    assert re.search(r"index\.md.*no-such-note\.md", strict_output(project_copy))
    errors = sitecheck.check_read_more(lenient_site(project_copy), project_copy)
    assert any(e.startswith("docs/index.md:") and "no-such-note.md" in e for e in errors), errors


def test_read_more_to_missing_anchor(project_copy: Path) -> None:
    append(project_copy, "index.md", "\n\nMore. [Read more](comm.md#no-such-section)\n")
    assert re.search(r"index\.md.*no-such-section", strict_output(project_copy))
    errors = sitecheck.check_read_more(lenient_site(project_copy), project_copy)
    assert any("docs/index.md:" in e and "no id 'no-such-section'" in e for e in errors), errors


def test_page_missing_from_nav(project_copy: Path) -> None:
    plant(project_copy, "orphan-note.md", "---\ntitle: Orphan\ndescription: x.\n---\n\n# Orphan\n")
    assert "orphan-note.md" in strict_output(project_copy)
    errors = sitecheck.check_nav(project_copy, lenient_site(project_copy))
    assert any(
        e.startswith("docs/orphan-note.md:1: page is not in the navigation") for e in errors
    ), errors


def test_redirect_to_missing_page(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "      redirect_maps:\n", "      redirect_maps:\n        old-note.md: gone-note.md\n"
        ),
        encoding="utf-8",
    )
    assert "gone-note.md" in strict_output(project_copy)
    errors = sitecheck.check_redirects(project_copy, lenient_site(project_copy))
    assert any(e.startswith("mkdocs.yml:") and "gone-note.md" in e for e in errors), errors


def test_broken_image(project_copy: Path) -> None:
    append(project_copy, "moe.md", "\n\n![Routing diagram](missing-diagram.png)\n")
    assert re.search(r"moe\.md.*missing-diagram\.png", strict_output(project_copy))
    errors = sitecheck.check_internal_links(lenient_site(project_copy))
    assert any(
        e.startswith("site/moe/index.html:") and "missing-diagram.png" in e for e in errors
    ), errors


def test_unknown_citation_key(project_copy: Path) -> None:
    append(project_copy, "comm.md", "\n\nA claim [@nosuchkey2099].\n")
    output = strict_output(project_copy)
    assert re.search(r"docs/comm\.md:\d+: unknown citation key 'nosuchkey2099'", output), output[
        -2000:
    ]
