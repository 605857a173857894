"""Read one <figure> block of a page's Markdown for the per-page figure tests
(tests/test_figures_<page>.py): its line, the alt text of its images and its caption."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ALT = re.compile(r"!\[([^\]]*)\]\(")
CAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the <figure> tag, 1-based
    alts: list[str]
    caption: str

    def require(self, phrase: str, why: str) -> None:
        """The caption, or the alt text of every image, says ``phrase``."""
        if phrase in self.caption or all(phrase in alt for alt in self.alts):
            return
        raise AssertionError(
            f"{self.page}:{self.line}: the caption or the alt text of every image should say "
            f"{phrase!r} ({why}); update the figure block to what the figure's source computes"
        )


def figure_block(page: Path, fig_id: str) -> Block:
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if f'id="{fig_id}"' in line), None)
    assert start is not None, f'{page}: no <figure id="{fig_id}">; the figure block is missing'
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "</figure>")
    text = "\n".join(lines[start : end + 1])
    alts = ALT.findall(text)
    caption = CAPTION.search(text)
    assert alts and caption, f"{page}:{start + 1}: figure {fig_id} lacks images or a caption"
    assert len(set(alts)) == 1, (
        f"{page}:{start + 1}: the light and dark images of {fig_id} have different alt texts; "
        "give both the same text"
    )
    return Block(page, start + 1, alts, caption.group(1))
