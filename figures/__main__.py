"""``python -m figures [--out DIR] [--check] [NAME ...]``: regenerate the figures.

Without arguments every registered figure is written into docs/ (what ``make figures`` runs).
``--out DIR`` writes into DIR instead. ``--check`` writes nothing and exits 1 naming every
committed SVG that differs from what its source draws now. ``NAME`` limits the run to the named
figures (e.g. ``lcw/kv-cache-vs-context``). Each written figure is printed with the width and
height its <img> tags need.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from figures import DOCS, ROOT, build, discover, render, style


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="figures to draw (default: all)")
    parser.add_argument("--out", type=Path, default=DOCS, help="output folder (default: docs/)")
    parser.add_argument("--check", action="store_true", help="compare with docs/, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        stale = []
        for name, fig in discover().items():
            if args.names and name not in args.names:
                continue
            for theme, data in render(fig).items():
                path = fig.paths(DOCS)[theme]
                if not path.is_file() or path.read_bytes() != data:
                    stale.append(path.relative_to(ROOT).as_posix())
        for path in stale:
            print(f"stale: {path} (run make figures)")
        return 1 if stale else 0
    for path in build(args.out, args.names or None):
        width, height = style.display_size(path.read_text(encoding="utf-8"))
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}  width={round(width)} height={round(height)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
