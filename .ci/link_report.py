"""Turn lychee's JSON report into the Markdown body of the link-check issue.

Used by .github/workflows/links.yml after `lychee --config lychee.toml --format json`, and by
tests/test_link_checker.py on a report from a loopback server. Three lists:

- dead: errors and timeouts, each with a Wayback Machine suggestion when lychee found one
  (``suggest = true`` in lychee.toml) and a Wayback search link otherwise;
- moved: links that reached their page through a permanent redirect (301 or 308);
- warnings: links that lychee accepted with a status of 400 or more (403 and 429, from bot
  protection or rate limiting): not failures, but worth a look by hand.

Each link names where it occurs: the page of the built site, or the .bib file, line and entry.

    python .ci/link_report.py lychee.json --site site --markdown report.md \
        [--github-output "$GITHUB_OUTPUT"] [--run-url URL]
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKER = "<!-- link-check-report -->"
PERMANENT = {301, 308}
ISSUE_LIMIT = 60_000  # GitHub refuses issue bodies over 65,536 characters
BIB_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,")


@dataclass
class Link:
    url: str
    status: str
    code: int | None
    where: list[str] = field(default_factory=list)
    final: str = ""  # where a permanent redirect leads
    suggestion: str = ""


def bib_key(path: Path, line: int) -> str:
    """The key of the BibTeX entry that holds ``line`` of ``path`` ('' if none or unreadable)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[:line]
    except OSError:
        return ""
    keys = [m[2] for text in lines if (m := BIB_ENTRY.match(text))]
    return keys[-1] if keys else ""


def location(source: str, span: dict | None, site: str, root: Path) -> str:
    line = (span or {}).get("line")
    if source.endswith(".bib"):
        key = bib_key(root / source, line) if line else ""
        return f"`{source}:{line}`" + (f" (`@{key}`)" if key else "")
    prefix = site.rstrip("/") + "/"
    if source.startswith(prefix):
        page = source[len(prefix) :]
        page = page.removesuffix("index.html") or "/"
        return f"page `{page}`"
    return f"`{source}:{line}`" if line else f"`{source}`"


def classify(report: dict, site: str, root: Path) -> tuple[list[Link], list[Link], list[Link]]:
    suggestions = {
        s["original"]: s["suggestion"]
        for items in report.get("suggestion_map", {}).values()
        for s in items
    }
    dead: dict[str, Link] = {}
    moved: dict[str, Link] = {}
    warned: dict[str, Link] = {}

    def add(bucket: dict[str, Link], entry: dict, source: str, final: str = "") -> None:
        status = entry.get("status", {})
        link = bucket.setdefault(
            entry["url"],
            Link(entry["url"], status.get("text", "?"), status.get("code"), final=final),
        )
        where = location(source, entry.get("span"), site, root)
        if where not in link.where:
            link.where.append(where)
        link.suggestion = suggestions.get(entry["url"], link.suggestion)

    for kind in ("error_map", "timeout_map", "success_map"):
        for source, entries in report.get(kind, {}).items():
            for entry in entries:
                hops = (entry.get("redirects") or {}).get("redirects") or []
                if any(hop.get("code") in PERMANENT for hop in hops):
                    add(moved, entry, source, final=hops[-1]["url"])
                if kind != "success_map":
                    add(dead, entry, source)
                elif (entry.get("status", {}).get("code") or 0) >= 400:
                    add(warned, entry, source)
    return tuple(sorted(b.values(), key=lambda link: link.url) for b in (dead, moved, warned))


def wayback(link: Link) -> str:
    if link.suggestion:
        return link.suggestion
    return f"none found; search https://web.archive.org/web/*/{link.url}"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]


def where(link: Link) -> str:
    return ", ".join(link.where[:5]) + (" ..." if len(link.where) > 5 else "")


def render(
    report: dict, site: str = "site", run_url: str = "", root: Path = Path(".")
) -> tuple[str, dict[str, int]]:
    """The issue body and the counts. ``site`` and the .bib paths are as lychee was given them,
    relative to ``root`` (the folder lychee ran in)."""
    dead, moved, warned = classify(report, site, root)
    counts = {"dead": len(dead), "moved": len(moved), "warnings": len(warned)}
    counts["problems"] = counts["dead"] + counts["moved"]
    run = f" ([run]({run_url}))" if run_url else ""
    lines = [
        MARKER,
        "External links of the built site and of `docs/references.bib`, checked by lychee with "
        f"`lychee.toml`{run}: **{counts['dead']} dead, {counts['moved']} moved, "
        f"{counts['warnings']} warnings** among {report.get('unique', '?')} unique links.",
        "",
        "Fix a dead link by citing the Wayback copy or a new home of the same content; fix a "
        "moved link by citing where it now lives (GitHub files at a commit: see CONTRIBUTING).",
    ]
    sections = [
        (
            "Dead links",
            ["Link", "Status", "Where", "Wayback Machine"],
            [[link.url, link.status, where(link), wayback(link)] for link in dead],
        ),
        (
            "Moved links (permanent redirects)",
            ["Link", "Now at", "Where"],
            [[link.url, link.final, where(link)] for link in moved],
        ),
        (
            "Warnings: accepted, but check by hand (403/429: bot protection or rate limits)",
            ["Link", "Status", "Where"],
            [[link.url, link.status, where(link)] for link in warned],
        ),
    ]
    for title, header, rows in sections:
        if not rows:
            continue
        lines += ["", f"## {title}", ""] + table(header, rows)
    body = "\n".join(lines) + "\n"
    if len(body) > ISSUE_LIMIT:
        cut = body.rfind("\n", 0, ISSUE_LIMIT)
        body = body[:cut] + "\n\n(The list goes on: see the run's log for the rest.)\n"
    return body, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="lychee's JSON report")
    parser.add_argument(
        "--site", default="site", help="the built site's folder, as given to lychee"
    )
    parser.add_argument("--markdown", type=Path, required=True, help="write the issue body here")
    parser.add_argument("--github-output", type=Path, help="append counts and the body here")
    parser.add_argument("--run-url", default="")
    args = parser.parse_args(argv)
    body, counts = render(
        json.loads(args.report.read_text(encoding="utf-8")), args.site, args.run_url
    )
    args.markdown.write_text(body, encoding="utf-8")
    if args.github_output:
        delimiter = f"EOF_{secrets.token_hex(16)}"
        with args.github_output.open("a", encoding="utf-8") as out:
            for key, value in counts.items():
                out.write(f"{key}={value}\n")
            out.write(f"report<<{delimiter}\n{body}{delimiter}\n")
    print(", ".join(f"{key}: {value}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
