"""Whole-site data as plain functions over ``docs/``: both builds (and the tests) call these.

Every function reads the Markdown sources, not the built site, and caches its answer on the
files' modification times, so a rebuild after an edit recomputes only what changed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from site_ext.context import SiteError, session

NOT_NOTES = {"index.md", "glossary.md", "bibliography.md", "tags.md", "whats-new.md"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#([\w-]+)[^}]*\}\s*$", re.M)
H1 = re.compile(r"^# (.+?)\s*(?:\{[^}]*\})?\s*$", re.M)
UPDATE_KINDS = ("correction", "update")
T = TypeVar("T")


class FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster
    """YAML as MkDocs reads it, except that dates stay strings, so a bad one can be reported."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


@dataclass(frozen=True)
class Source:
    src: str
    front: dict[str, Any]
    front_lines: int  # lines taken by the front matter, fences included (0 without)
    body: str
    title: str


@dataclass(frozen=True)
class Update:
    src: str  # the note
    line: int  # line of the entry in the note's file
    date: dt.date
    kind: str  # "correction" or "update"
    text: str  # Markdown
    section: str = ""  # heading id on the note, or ""


def pages(docs_dir: Path) -> dict[str, Source]:
    """Every Markdown page below ``docs_dir``, by path relative to it.

    Cached on the files' modification times; within one MkDocs build (``session["generation"]``,
    counted by hooks/site.py) the files are not even looked at again."""
    generation = session.get("generation")
    key = (docs_dir, generation)
    if generation is not None and key in _by_generation:
        return _by_generation[key]
    files = sorted(docs_dir.rglob("*.md"))
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns) for p in files)
    result = _pages(docs_dir.resolve(), stamp)
    if generation is not None:
        _by_generation.clear()
        _by_generation[key] = result
    return result


_by_generation: dict[tuple[Path, object], dict[str, Source]] = {}
_derived: dict[tuple[str, int], tuple[dict[str, Source], object]] = {}


def derived(name: str, docs_dir: Path, compute: Callable[[dict[str, Source]], T]) -> T:
    """``compute(pages(docs_dir))``, computed once per set of page contents."""
    current = pages(docs_dir)
    key = (name, id(current))
    # the entry keeps ``current`` alive, so its id cannot be reused by a later set of pages
    if key not in _derived or _derived[key][0] is not current:
        if len(_derived) > 64:
            _derived.clear()
        _derived[key] = (current, compute(current))
    return _derived[key][1]  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _pages(docs_dir: Path, stamp: tuple[tuple[str, int], ...]) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for path, _ in stamp:
        src = Path(path).resolve().relative_to(docs_dir).as_posix()
        out[src] = parse_source(src, Path(path).read_text(encoding="utf-8"))
    return out


def parse_source(src: str, text: str) -> Source:
    front: dict[str, Any] = {}
    front_lines = 0
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            raise SiteError(f"docs/{src}:1: front matter has no closing '---' line; add one.")
        try:
            front = yaml.load(text[4:end], Loader=FrontMatterLoader) or {}
        except yaml.YAMLError as exc:
            raise SiteError(f"docs/{src}: front matter is not valid YAML: {exc}") from exc
        body = text[end + 5 :]
        stripped = body.lstrip("\n")  # MkDocs drops the blank lines after the front matter
        front_lines = text.count("\n", 0, end + 5) + len(body) - len(stripped)
        body = stripped
    title = str(front.get("title") or "")
    if not title:
        match = H1.search(body)
        title = match.group(1).strip() if match else src
    return Source(src=src, front=front, front_lines=front_lines, body=body, title=title)


def titles(docs_dir: Path) -> dict[str, str]:
    return derived("titles", docs_dir, lambda ps: {src: page.title for src, page in ps.items()})


def is_note(src: str) -> bool:
    return src not in NOT_NOTES and not src.startswith("bibliography/")


def has_updates(src: str) -> bool:
    """Pages that may keep an Updates section: the notes and the home page (its summaries)."""
    return is_note(src) or src == "index.md"


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines outside fenced code."""
    out = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            fence = None if fence and marker.startswith(fence) else (fence or marker)
            continue
        if fence is None:
            out.append((number, line))
    return out


def links_in(text: str, src: str) -> set[str]:
    base = posixpath.dirname(src)
    return {
        posixpath.normpath(posixpath.join(base, href))
        for _, line in prose_lines(text)
        for href in LINK.findall(line)
        if "://" not in href
    }


def backlinks(docs_dir: Path) -> dict[str, list[str]]:
    """Map each page to the notes whose Markdown links to it (self-links and code excluded)."""
    return derived("backlinks", docs_dir, _backlinks)


def _backlinks(sources: dict[str, Source]) -> dict[str, list[str]]:
    incoming: dict[str, set[str]] = {}
    for src, page in sources.items():
        if not is_note(src):
            continue
        for target in links_in(page.body, src):
            if target != src and target in sources:
                incoming.setdefault(target, set()).add(src)
    return {target: sorted(froms) for target, froms in incoming.items()}


def heading_ids(body: str) -> set[str]:
    return set(HEADING_ID.findall(body))


def updates(docs_dir: Path) -> list[Update]:
    """Every Updates entry of every note, newest first; malformed entries fail with file:line."""
    entries: list[Update] = []
    for src in pages(docs_dir):
        entries.extend(page_updates(src, (docs_dir / src).read_text(encoding="utf-8")))
    return sorted(entries, key=lambda u: (u.date, u.src), reverse=True)


def page_updates(src: str, text: str) -> list[Update]:
    """The ``updates:`` entries in one page's front matter, checked."""
    return list(_page_updates(src, text))


@lru_cache(maxsize=256)
def _page_updates(src: str, text: str) -> tuple[Update, ...]:
    page = parse_source(src, text)
    raw = page.front.get("updates")
    if raw is None:
        return ()
    lines = _entry_lines(text)
    where = f"docs/{src}:{lines[0] if lines else 1}"
    if not has_updates(src):
        raise SiteError(
            f"{where}: only notes and the home page carry 'updates:'; move the entries to the note."
        )
    if not isinstance(raw, list) or not raw:
        raise SiteError(f"{where}: 'updates:' must be a list of entries (date, kind, text).")
    ids = heading_ids(page.body)
    out: list[Update] = []
    for index, entry in enumerate(raw):
        line = lines[index] if index < len(lines) else 1
        at = f"docs/{src}:{line}"
        if not isinstance(entry, dict):
            raise SiteError(
                f"{at}: an update is a mapping with date, kind and text; got {entry!r}."
            )
        unknown = sorted(set(entry) - {"date", "kind", "text", "section"})
        if unknown:
            raise SiteError(
                f"{at}: unknown key(s) {unknown} in an update; use date, kind, text, section."
            )
        raw_date = str(entry.get("date") or "")
        try:
            date = dt.date.fromisoformat(raw_date) if DATE.match(raw_date) else None
        except ValueError:
            date = None
        if date is None:
            raise SiteError(
                f"{at}: update date '{raw_date}' is not a date; write it as YYYY-MM-DD, "
                "for example 2026-12-01."
            )
        if date > dt.date.today() + dt.timedelta(days=1):
            raise SiteError(
                f"{at}: update date {date} is in the future; use the date of the change."
            )
        kind = entry.get("kind")
        if kind not in UPDATE_KINDS:
            raise SiteError(f"{at}: update kind {kind!r}; use one of {', '.join(UPDATE_KINDS)}.")
        text_ = " ".join(str(entry.get("text") or "").split())
        if len(text_) < 20:
            raise SiteError(
                f"{at}: update of {date} has no text (or only {text_!r}); say what changed"
                + (" and what was wrong." if kind == "correction" else ".")
            )
        section = str(entry.get("section") or "")
        if section and section not in ids:
            raise SiteError(
                f"{at}: update section '{section}' is not a heading id on this page; use one of "
                f"{', '.join(sorted(ids)) or '(none: add {#id} to a heading)'}."
            )
        if out and date > out[-1].date:
            raise SiteError(
                f"{at}: update of {date} comes after one of {out[-1].date}; list them newest first."
            )
        out.append(Update(src, line, date, kind, text_, section))
    return tuple(out)


def _entry_lines(text: str) -> list[int]:
    """Line numbers (1-based) of each item of the front matter's ``updates`` list."""
    if not text.startswith("---\n"):
        return []
    node = yaml.compose(text[4 : text.find("\n---\n", 4)], Loader=FrontMatterLoader)
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "updates" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 2 for item in value.value]  # +1 fence, +1 one-based
        if key.value == "updates":
            return [key.start_mark.line + 2]
    return []


def git_dates(docs_dir: Path) -> dict[str, str] | None:
    """Last commit date (YYYY-MM-DD) of each file under docs/, or None outside git. One ``git
    log`` per commit: the answer is cached on the reflog's modification time."""
    where = _git_dir(docs_dir.resolve())
    if where is None:
        return None
    top, git_dir = where
    log = git_dir / "logs" / "HEAD"
    stamp = (log if log.exists() else git_dir / "HEAD").stat().st_mtime_ns
    return _git_dates(docs_dir.resolve(), top, stamp)


@lru_cache(maxsize=8)
def _git_dir(docs_dir: Path) -> tuple[Path, Path] | None:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
            cwd=docs_dir,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    top, git_dir = proc.stdout.split("\n")[:2]
    return Path(top).resolve(), Path(git_dir)


@lru_cache(maxsize=4)
def _git_dates(docs_dir: Path, top: Path, stamp: int) -> dict[str, str] | None:
    proc = subprocess.run(
        ["git", "log", "--format=%x00%cs", "--name-only", "--", str(docs_dir)],
        cwd=top,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return None
    prefix = docs_dir.relative_to(top).as_posix() + "/"
    dates: dict[str, str] = {}
    date = ""
    for line in proc.stdout.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line.startswith(prefix):
            dates.setdefault(line[len(prefix) :], date)
    return dates
