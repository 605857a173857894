"""bench/compare_html.py: finds changed, added and removed pages and ignores dates."""

from __future__ import annotations

from pathlib import Path

from bench.compare_html import compare


def site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return root


def test_compare_reports_changed_and_missing_pages_but_not_dates(tmp_path: Path) -> None:
    same = "<p>Last updated: 2026-11-30.</p> <p>x</p>"
    before = site(tmp_path / "a", {"a.html": same, "b/index.html": "<p>old</p>", "c.html": "<p/>"})
    after = site(
        tmp_path / "b",
        {"a.html": same.replace("2026-11-30", "2026-12-01"), "b/index.html": "<p>new</p>"},
    )
    assert compare(before, after) == [f"c.html: only in {before}", "b/index.html: -1 +1"]
