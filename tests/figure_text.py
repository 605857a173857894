"""Helpers for the tests that check a page's text against the numbers its figures draw
(tests/test_figures_<page>.py). Each check returns a list of problems, one line each, naming
the page, the line, the expected text and the fix, so that a test can also plant a mistake in a
copy of the page and assert that it is reported."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def caption(text: str, fig_id: str) -> tuple[int, str] | None:
    """(line number, text) of the <figcaption> of the figure with id ``fig_id``, or None."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.search(rf'<figure\b[^>]*\bid="{re.escape(fig_id)}"', line):
            for j in range(i + 1, len(lines)):
                if "<figcaption" in lines[j]:
                    return j + 1, lines[j]
                if "</figure>" in lines[j]:
                    break
    return None


def line_of(text: str, needle: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    return None


def expect_in_caption(
    text: str, page: str, fig_id: str, wanted: list[str], source: str
) -> list[str]:
    """Problems for every string of ``wanted`` missing from the caption of ``fig_id``."""
    found = caption(text, fig_id)
    if found is None:
        return [f'{page}: no <figure id="{fig_id}"> with a <figcaption>; restore the figure']
    lineno, cap = found
    return [
        f"{page}:{lineno}: the caption of #{fig_id} should say {w!r}, which is what {source} "
        f"draws; fix the caption (or the data in {source})"
        for w in wanted
        if w not in cap
    ]


def expect_in_text(text: str, page: str, wanted: list[str], what: str, source: str) -> list[str]:
    """Problems for every string of ``wanted`` missing from the page (outside captions too)."""
    return [
        f"{page}: the text should contain {w!r} ({what}), which is what {source} computes; "
        "fix the text or the figure's data"
        for w in wanted
        if w not in text
    ]


def plant(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` replaced by ``new`` (the test fails if ``old`` is absent)."""
    assert old in text, f"cannot plant a mistake: {old!r} is not on the page any more"
    return text.replace(old, new, 1)


def plant_in_caption(text: str, fig_id: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` in the caption of ``fig_id`` only (alt text
    often repeats the caption's numbers)."""
    found = caption(text, fig_id)
    assert found is not None, f"no caption for {fig_id} on the page any more"
    lineno, cap = found
    assert old in cap, f"cannot plant a mistake: {old!r} is not in the caption of {fig_id}"
    lines = text.splitlines(keepends=True)
    lines[lineno - 1] = lines[lineno - 1].replace(old, new, 1)
    return "".join(lines)
