"""The site's figures: their sources, and one command that regenerates them all.

How it fits together (CONTRIBUTING.md, "Add a figure", is the contributor's version):

* One module per page, named after the page: ``figures/lcw.py`` for docs/lcw.md,
  ``figures/low_precision.py`` for docs/low-precision/README.md, ``figures/fp8_in_practice.py``
  for docs/low-precision/fp8-in-practice.md. Every module in this package is imported by
  ``discover()``; there is no central list to edit, so modules can be added in parallel.
* A figure is a function registered with ``@figure("lcw/kv-cache-vs-context")``. The name is the
  output path relative to docs/ without ".svg", kebab-case, in the folder beside the page that
  uses it (docs/lcw/ for docs/lcw.md, docs/low-precision/ for docs/low-precision/*.md). The
  function takes a ``style.Theme`` and returns a matplotlib ``Figure`` (made with
  ``style.new_figure``) or the text of a hand-written SVG (drawn from the theme's colours). It
  is called once per theme: ``name.svg`` (light) and ``name-dark.svg`` (dark) are written.
* ``style.py`` is the one style module: fonts, font sizes, the two palettes, line widths, and
  ``style.to_svg``, which saves deterministically (fixed hash salt, no date or other metadata,
  text as text) so that the same sources give the same bytes on every run.
* ``python -m figures`` (or ``make figures``) writes every figure into docs/; ``--out DIR``
  writes them into another folder (the staleness test compares that with docs/).
* Data: numbers come from ``calc/`` (tested formulas) or from a CSV file in ``figures/data/``
  whose every row names its source in a ``source`` column (a key of docs/references.bib, or an
  https URL at a commit or version). ``data_rows`` reads such a file and checks that column.

matplotlib is a test/dev dependency only: the site build never imports this package.
"""

from __future__ import annotations

import csv
import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DATA = Path(__file__).resolve().parent / "data"
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
# Modules of the package that hold no figures.
NOT_FIGURE_MODULES = {"style", "__main__"}
DARK_SUFFIX = "-dark"


@dataclass(frozen=True)
class Figure:
    name: str  # output path relative to docs/, without ".svg", e.g. "lcw/kv-cache-vs-context"
    draw: Callable[..., Any]  # draw(theme) -> matplotlib Figure or SVG text
    module: str  # where it is defined, for error messages

    def paths(self, out: Path) -> dict[str, Path]:
        """Theme name -> output file: name.svg (light) and name-dark.svg (dark)."""
        return {"light": out / f"{self.name}.svg", "dark": out / f"{self.name}{DARK_SUFFIX}.svg"}


REGISTRY: dict[str, Figure] = {}


def figure(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``draw(theme)`` as the figure ``name`` (see the module docstring)."""
    if not NAME.match(name):
        raise ValueError(
            f"figure name {name!r}: use kebab-case path parts relative to docs/, "
            "e.g. 'lcw/kv-cache-vs-context'"
        )
    if name.endswith(DARK_SUFFIX):
        raise ValueError(f"figure name {name!r}: '-dark' is added for the dark variant; drop it")

    def register(draw: Callable[..., Any]) -> Callable[..., Any]:
        old = REGISTRY.get(name)
        if old is not None and (old.module, old.draw.__qualname__) != (
            draw.__module__,
            draw.__qualname__,
        ):
            raise ValueError(
                f"figure {name!r} is defined twice: in {old.module} and {draw.__module__}"
            )
        REGISTRY[name] = Figure(name, draw, draw.__module__)
        return draw

    return register


def discover() -> dict[str, Figure]:
    """Import every module of this package (so their @figure decorators run); return the
    registry sorted by name."""
    for info in pkgutil.iter_modules(__path__):
        if info.name not in NOT_FIGURE_MODULES and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(REGISTRY.items()))


def render(fig: Figure) -> dict[str, bytes]:
    """Theme name -> SVG bytes of one figure, in both themes."""
    from figures import style

    out = {}
    for theme in (style.LIGHT, style.DARK):
        with style.context(theme):
            drawn = fig.draw(theme)
            text = drawn if isinstance(drawn, str) else style.to_svg(drawn)
        out[theme.name] = style.finish_svg(text).encode("utf-8")
    return out


def build(out: Path, names: list[str] | None = None) -> list[Path]:
    """Write the figures (all, or those named) under ``out``; return the files written."""
    registry = discover()
    unknown = sorted(set(names or []) - set(registry))
    if unknown:
        raise KeyError(f"unknown figure(s) {unknown}; known: {sorted(registry)}")
    written = []
    for name, fig in registry.items():
        if names and name not in names:
            continue
        svgs = render(fig)
        for theme, path in fig.paths(out).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(svgs[theme])
            written.append(path)
    return written


def data_rows(
    filename: str, folder: Path = DATA, bib: Path = DOCS / "references.bib"
) -> list[dict[str, str]]:
    """Rows of figures/data/<filename> (CSV, header on line 1, no comments: say what the file
    holds in the docstring of the module that reads it). Every row must name its source in the
    ``source`` column: a key of docs/references.bib, or an https URL."""
    path = folder / filename
    keys = set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8")))
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for number, row in enumerate(rows, start=2):
        source = (row.get("source") or "").strip()
        if not (source in keys or source.startswith("https://")):
            raise ValueError(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: row {number} ({row}) has source {source!r}, which is "
                "neither a key of docs/references.bib nor an https URL. Name the row's source."
            )
    return rows
