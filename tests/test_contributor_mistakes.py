"""Tests of the tests: plant the common contributor mistakes in a copy of the project and check
that the suite reports each one, naming the file and the problem.

Each mistake is caught twice: by the strict build (MkDocs validation or our hooks) and by the
checks in tests/sitecheck.py on the site that build wrote. Removing either layer makes a test
here fail. The mistakes that do not stop a build are planted together in one copy (the
``planted`` fixture in conftest.py); an unknown citation key stops the build at once, so it gets
its own copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import sitecheck
from tests.conftest import Planted, append

pytestmark = pytest.mark.slow


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
    result = sitecheck.build(project_copy, project_copy / "site", strict=True)
    assert result.returncode != 0, "the strict build passed with an unknown citation key"
    output = result.stdout + result.stderr
    assert re.search(r"docs/comm\.md:\d+: unknown citation key 'nosuchkey2099'", output), output[
        -2000:
    ]
