"""Checks on the Markdown sources that keep unsafe or malformed contributions out.

Every check returns a list of errors of the form ``docs/<file>:<line>: <problem>. <fix>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.I)
JS_URL = re.compile(r"""(?:\(|=\s*["']?|<)\s*javascript:""", re.I)
HTTP_LINK = re.compile(
    r"\]\(\s*<?(http://[^)\s>]+)|<(http://[^>\s]+)>|href\s*=\s*[\"'](http://[^\"']+)"
)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
INLINE_CODE = re.compile(r"(`+).+?\1")


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) outside front matter and fenced code, inline code blanked."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        start = end + 1 if end is not None else 0
    fence: str | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence) and not line.strip()[len(marker) :].strip():
                fence = None
            continue
        if fence is None:
            yield number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def check_unsafe_markup(rel: str, text: str) -> list[str]:
    errors = []
    for number, line in prose_lines(text):
        where = f"docs/{rel}:{number}"
        if m := UNSAFE_TAG.search(line):
            errors.append(
                f"{where}: raw <{m.group(1).lower()}> is not allowed. Remove it; link to the "
                "resource instead (pages must not run or embed third-party content)."
            )
        if m := EVENT_HANDLER.search(line):
            errors.append(
                f"{where}: inline event handler '{m.group(1)}=' is not allowed. Remove it."
            )
        if JS_URL.search(line):
            errors.append(f"{where}: 'javascript:' URL is not allowed. Use a normal https link.")
        if m := HTTP_LINK.search(line):
            url = next(g for g in m.groups() if g)
            errors.append(f"{where}: link '{url}' uses http. Use the https:// address.")
    return errors


def check_front_matter(rel: str, text: str) -> list[str]:
    if not text.startswith("---"):
        return [
            f"docs/{rel}:1: no front matter. Start the page with '---', title, description, '---'."
        ]
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return [f"docs/{rel}:1: front matter is not closed. Add a line '---' after it."]
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return [f"docs/{rel}:{line}: invalid front-matter YAML ({problem}). Fix the YAML."]
    if not isinstance(meta, dict):
        return [f"docs/{rel}:2: front matter must be a mapping of keys to values."]
    errors = []
    for key in ("title", "description"):
        if not str(meta.get(key) or "").strip():
            errors.append(f"docs/{rel}:2: front matter lacks '{key}'. Add it.")
    return errors


def check_fences(rel: str, text: str) -> list[str]:
    fence: str | None = None
    opened = 0
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if not match:
            continue
        marker = match.group(1)
        if fence is None:
            fence, opened = marker[0] * len(marker), number
        elif marker.startswith(fence) and not line.strip()[len(marker) :].strip():
            fence = None
    if fence is not None:
        return [
            f"docs/{rel}:{opened}: code fence '{fence}' opened here is never closed. "
            f"Add a closing '{fence}' line."
        ]
    return []


def check_headings(rel: str, text: str) -> list[str]:
    """One H1, no skipped levels, no duplicate explicit ids."""
    errors = []
    previous = 0
    seen: dict[str, int] = {}
    h1 = 0
    for number, line in prose_lines(text):
        match = HEADING.match(line)
        if not match:
            continue
        level = len(match.group(1))
        h1 += level == 1
        if previous and level > previous + 1:
            errors.append(
                f"docs/{rel}:{number}: heading level jumps from H{previous} to H{level}. "
                f"Use H{previous + 1}."
            )
        previous = level
        if id_match := EXPLICIT_ID.search(match.group(2)):
            anchor = id_match.group(1)
            if anchor in seen:
                errors.append(
                    f"docs/{rel}:{number}: heading id '#{anchor}' is already used on line "
                    f"{seen[anchor]}. Give this heading a different id."
                )
            seen.setdefault(anchor, number)
    if h1 != 1:
        errors.append(f"docs/{rel}:1: the page has {h1} H1 headings; it needs exactly one.")
    return errors


CHECKS = (check_unsafe_markup, check_front_matter, check_fences, check_headings)


def check_docs(docs: Path) -> list[str]:
    errors = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).as_posix()
        text = md.read_text(encoding="utf-8")
        for check in CHECKS:
            errors.extend(check(rel, text))
    return errors
