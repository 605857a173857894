"""GitHub file links must point at a commit or a release tag, never at a branch.

A link to a file or folder in a GitHub repository (``/blob/``, ``/tree/``, ``/raw/``, ``/blame/``
on github.com, or any raw.githubusercontent.com URL) names a *ref* right after the repository:
``https://github.com/OWNER/REPO/blob/<ref>/path``. A branch ref (``main``, ``master``, ``dev``,
``gh-pages``, ``release/2.1``, ...) moves: the file changes under the citation or disappears.

The rule, kept simple on purpose. A ref is pinned when it is

- a full commit SHA: exactly 40 hex digits; or
- release-tag-shaped: a version of at least two numbers, optionally after ``v`` and with a
  ``-``/``+`` suffix or letters glued to the last number (``v2.28.3``, ``2.28.3-1``, ``v0.5.0``,
  ``v1.0.0-rc1``, ``1.2.3rc1``), or ``<name>-v<version>`` (``lychee-v0.24.2``).

Everything else counts as a branch: ``main``, ``HEAD``, ``v4`` (a moving major tag), ``1.2.x``,
``r2.15``, ``release-2.1``, ``2.7-stable``, ``1.2-dev``, short SHAs. Only the first path segment after ``blob/`` is read, so a
ref with a slash (``release/2.1``) is read as ``release`` and reported; cite such a tag by its
commit SHA. ``refs/heads/X`` is a branch; ``refs/tags/X`` is judged by X.

Checked: every line of ``docs/**/*.md`` (front matter and code blocks included) and of
``docs/references.bib`` (the message names the entry key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SHA = re.compile(r"^[0-9a-fA-F]{40}$")
TAG = re.compile(
    r"^(?:(?:[A-Za-z][\w.]*-)*v|v?)"  # optional "v", or "name-v" / "name-lib-v"
    r"\d+(?:\.\d+)+"  # at least major.minor
    r"(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]*|[A-Za-z][0-9A-Za-z.]*)?$"  # -1, -rc1, +build, rc1
)
# Maintenance branches that look like versions: 2.7-stable, 1.2-dev, 3.1-maint, v2-latest.
BRANCHY = re.compile(r"[-.](?:stable|dev|devel|develop|maint|maintenance|branch|x|latest|nightly)$")
# A URL runs until whitespace or a character that closes Markdown, BibTeX or HTML syntax.
URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}|\\]+", re.I)
GITHUB_FILE = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+)/"
    r"(?P<kind>blob|tree|raw|blame)/(?P<rest>.+)$",
    re.I,
)
RAW = re.compile(
    r"^https?://raw\.githubusercontent\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?P<rest>.+)$", re.I
)
BIB_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,")


@dataclass(frozen=True)
class Unpinned:
    file: str  # path relative to the project root
    line: int
    url: str
    ref: str
    entry: str = ""  # BibTeX entry key, for docs/references.bib

    def message(self) -> str:
        where = f"{self.file}:{self.line}" + (f" (@{self.entry})" if self.entry else "")
        return f"{where}: {self.url} points at '{self.ref}', a branch that moves. {fix(self.url)}"


def split_ref(rest: str) -> tuple[str, str]:
    """('main', 'doc/x.md') from 'main/doc/x.md'; 'refs/heads/main/x' gives ('refs/heads/main',
    'x'). The query and fragment are dropped from the path."""
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    parts = rest.split("/")
    if len(parts) >= 3 and parts[0] == "refs" and parts[1] in ("heads", "tags"):
        return "/".join(parts[:3]), "/".join(parts[3:])
    return parts[0], "/".join(parts[1:])


def is_pinned(ref: str) -> bool:
    if ref.startswith("refs/heads/"):
        return False
    ref = ref.removeprefix("refs/tags/")
    return bool(SHA.match(ref) or (TAG.match(ref) and not BRANCHY.search(ref)))


def parse(url: str) -> tuple[str, str, str, str, str] | None:
    """(owner, repo, kind, ref, path) for a GitHub file URL, else None. kind is 'raw-host' for
    raw.githubusercontent.com."""
    if m := GITHUB_FILE.match(url):
        ref, path = split_ref(m["rest"])
        return m["owner"], m["repo"], m["kind"].lower(), ref, path
    if m := RAW.match(url):
        ref, path = split_ref(m["rest"])
        return m["owner"], m["repo"], "raw-host", ref, path
    return None


def fix(url: str) -> str:
    owner, repo, kind, _ref, path = parse(url) or ("OWNER", "REPO", "blob", "", "PATH")
    path = path or "PATH"
    if kind == "raw-host":
        permalink = f"https://raw.githubusercontent.com/{owner}/{repo}/<sha>/{path}"
    else:
        permalink = f"https://github.com/{owner}/{repo}/{kind}/<sha>/{path}"
    return (
        "Cite it at a commit: press 'y' on the GitHub file page (the URL becomes a permalink), or "
        f"run `git log -1 --format=%H -- {path}` in a clone of {owner}/{repo}, then use "
        f"{permalink} (a release tag such as v1.2.3 in place of <sha> also works)."
    )


def unpinned_in_text(text: str, file: str, bib: bool = False) -> list[Unpinned]:
    found = []
    entry = ""
    for number, line in enumerate(text.splitlines(), 1):
        if bib and (m := BIB_ENTRY.match(line)):
            entry = m[2]
        for match in URL.finditer(line):
            url = match.group(0).rstrip(".,;:!?*")
            parsed = parse(url)
            if parsed and not is_pinned(parsed[3]):
                found.append(Unpinned(file, number, url, parsed[3], entry if bib else ""))
    return found


def unpinned_in_project(root: Path) -> list[Unpinned]:
    docs = root / "docs"
    found = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(root).as_posix()
        found += unpinned_in_text(md.read_text(encoding="utf-8"), rel)
    bib = docs / "references.bib"
    if bib.exists():
        found += unpinned_in_text(bib.read_text(encoding="utf-8"), "docs/references.bib", bib=True)
    return found
