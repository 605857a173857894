"""Compare two built sites page by page, ignoring dates: which HTML pages differ, and by how many
lines once every tag starts a line. Used to show that a change to the build logic leaves the
pages unchanged for readers (or which differences it makes on purpose).

    python bench/compare_html.py SITE_BEFORE SITE_AFTER [--diffs FOLDER]

Exit status 1 when a page differs or exists in only one site.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(
    rf"\b20\d\d-\d\d-\d\d(?:T[\d:.+Z-]+)?\b|\b(?:{MONTH}) \d{{1,2}}, 20\d\d\b|\b\d{{1,2}} (?:{MONTH}) 20\d\d\b"
)


def lines(html: str) -> list[str]:
    return re.sub(r">\s*<", ">\n<", DATE.sub("DATE", html)).splitlines()


def compare(before: Path, after: Path, diffs: Path | None = None) -> list[str]:
    """One line per difference: a page in one site only, or '<page>: -N +M' lines changed."""
    pages_a = {p.relative_to(before).as_posix() for p in before.rglob("*.html")}
    pages_b = {p.relative_to(after).as_posix() for p in after.rglob("*.html")}
    out = [f"{p}: only in {before}" for p in sorted(pages_a - pages_b)]
    out += [f"{p}: only in {after}" for p in sorted(pages_b - pages_a)]
    for page in sorted(pages_a & pages_b):
        a = lines((before / page).read_text(encoding="utf-8"))
        b = lines((after / page).read_text(encoding="utf-8"))
        if a == b:
            continue
        diff = [
            d for d in difflib.unified_diff(a, b, lineterm="", n=0) if d[:3] not in ("---", "+++")
        ]
        removed = sum(d.startswith("-") for d in diff)
        out.append(f"{page}: -{removed} +{sum(d.startswith('+') for d in diff)}")
        if diffs:
            diffs.mkdir(parents=True, exist_ok=True)
            (diffs / (page.replace("/", "_") + ".diff")).write_text("\n".join(diff) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--diffs", type=Path, help="write one unified diff per page here")
    args = parser.parse_args()
    found = compare(args.before, args.after, args.diffs)
    print("\n".join(found) or "no page differs (dates ignored)")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
