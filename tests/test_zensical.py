"""Portability: the site built with Zensical, the announced successor of Material for MkDocs.

Zensical runs the project's Markdown extensions (site_ext/) but no MkDocs hooks, so every per-page
feature must come out right: no raw ``[@key]`` citation, no untypeset TeX, a References list on
every citing page, MathML on every page with math. The whole-site outputs that only the MkDocs hook
writes are listed, as a warning in the test summary, not failed on (README, "Moving off MkDocs").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from site_ext import bibliography, sources
from tests import sitecheck
from tests.conftest import build_once

ROOT = sitecheck.ROOT
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
# Options of mkdocs.yml that Zensical 0.0.73 rejects, removed from the copy it builds
UNSUPPORTED = [
    (re.compile(r"^      pipeline:\n(?:        - .*\n)+", re.M), "plugins.search.pipeline"),
]
# Whole-site outputs written by hooks/site.py under MkDocs: (what, file in the site)
HOOK_OUTPUTS = [
    ("Atom feed of updates", "feed.xml"),
    ("llms.txt and the Markdown copies", "llms.txt"),
    ("printable page of all notes (print-site plugin)", "print_page/index.html"),
]
MATH_SOURCE = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$|^\s*\$\$", re.M)


def zensical_copy(folder: Path) -> None:
    """Copy the project into ``folder`` (as a git repository, for page dates) and build it."""
    assert ZENSICAL.exists(), (
        f"{ZENSICAL} not found: `make test` installs Zensical into .venv-zensical "
        "(requirements-zensical.lock); run it, or `make setup-test`."
    )
    project = folder / "project"
    project.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for pattern, _ in UNSUPPORTED:
        config = pattern.sub("", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost"]
    for cmd in (["init", "-q"], ["add", "docs"], ["commit", "-qm", "copy"]):
        subprocess.run([*git, *cmd], cwd=project, check=True, capture_output=True)
    result = subprocess.run(
        [str(ZENSICAL), "build", "--clean"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (folder / "output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "zensical", zensical_copy) / "project" / "site"


def source_pages() -> dict[str, str]:
    return {
        page: md.read_text(encoding="utf-8") for page, md in sitecheck.source_pages(ROOT).items()
    }


def test_zensical_renders_citations_and_math(zensical_site: Path) -> None:
    problems = []
    for page, text in source_pages().items():
        built = zensical_site / page
        if not built.is_file():
            problems.append(f"{page}: not built by Zensical")
            continue
        html = built.read_text(encoding="utf-8")
        raw = re.findall(r"\[@[\w:.-]+[^\]]*\]", html)
        if raw:
            problems.append(f"{page}: {len(raw)} raw citations, first {raw[0]!r}")
        untypeset = html.count('class="arithmatex"')
        if untypeset:
            problems.append(f"{page}: {untypeset} formulas left as TeX (class=arithmatex)")
        if bibliography.find_citations(text) and 'id="references"' not in html:
            problems.append(f"{page}: cites sources but has no References list")
        if MATH_SOURCE.search(text.split("\n---", 1)[-1]) and "<math" not in html:
            problems.append(f"{page}: has math in its source but no MathML")
    assert not problems, "Zensical build differs:\n" + "\n".join(problems)


def test_zensical_renders_the_note_furniture(zensical_site: Path) -> None:
    """Per-page features that come from site_ext.notes and site_ext.glossary."""
    note = (zensical_site / "comm" / "index.html").read_text(encoding="utf-8")
    for marker in ('id="updates"', 'id="backlinks"', 'id="cite"', "report-error", "<abbr"):
        assert marker in note, f"comm/ built by Zensical lacks {marker}"
    assert re.search(r"Last updated: \d{4}-\d\d-\d\d\.", note), "no page date under Zensical"
    assert "gloss-repeat" in note, "glossary repeats are not marked under Zensical"
    whats_new = (zensical_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    listed = len(re.findall(r"<li><strong>\d{4}-\d\d-\d\d</strong>", whats_new))
    entries = len(sources.updates(ROOT / "docs"))
    assert listed == entries, f"What's new lists {listed} of {entries} entries under Zensical"
    bib = (zensical_site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert 'id="ref-' in bib, "the bibliography page is empty under Zensical"
    broken = []  # the listings' links, which each builder resolves its own way
    for page in sorted((zensical_site / "bibliography").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a href="(?![a-z]+:)([^"#]+)', html[html.find('id="ref-') :]):
            target = (page.parent / href).resolve()
            if not (target / "index.html").is_file() and not target.is_file():
                broken.append(f"{page.relative_to(zensical_site)}: {href}")
    assert not broken, f"bibliography links that lead nowhere under Zensical: {broken[:5]}"


def test_zensical_lacks_only_the_hook_outputs(zensical_site: Path) -> None:
    """Lists (does not fail on) what only the MkDocs hook makes; fails if one starts to exist,
    so the README's list of what Zensical lacks is kept true."""
    lacking = [what for what, path in HOOK_OUTPUTS if not (zensical_site / path).exists()]
    present = [what for what, path in HOOK_OUTPUTS if (zensical_site / path).exists()]
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    if 'aria-label="Search"' not in home:
        lacking.append("the search dialog's accessible name (site_ext.markup)")
    lacking += [
        f"mkdocs.yml option {name} (rejected, removed for this build)" for _, name in UNSUPPORTED
    ]
    warnings.warn(
        "Zensical 0.0.73 build lacks: " + "; ".join(lacking) + ". See README, Maintenance.",
        stacklevel=1,
    )
    assert not present, f"Zensical now writes {present}: update HOOK_OUTPUTS and the README"
    assert not (zensical_site / "hooks").exists(), "Zensical published the hooks/ folder"
