"""Python-Markdown extension: glossary tooltips and the glossary page, from ``docs/glossary.yml``.

Every page gets the terms as abbreviations (the ``abbr`` extension draws them), so hovering or
focusing a term shows its definition. Every occurrence keeps its tooltip, but only the first in
each section (the text between two headings) is underlined; later ones carry the class
``gloss-repeat``, which ``extra.css`` leaves undecorated. ``docs/glossary.md`` gets the full list
in place of ``<!-- glossary -->``, each entry linking to the note that explains it.

Option: ``glossary`` (file below the docs folder; default ``glossary.yml``).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from site_ext import sources
from site_ext.bibliography import text_escape
from site_ext.context import SiteError, page_of

GLOSSARY_MARKER = "<!-- glossary -->"
REPEAT_CLASS = "gloss-repeat"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there: faster


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    page: str


def glossary_for(path: Path, docs_dir: Path) -> list[Term]:
    terms = _glossary(path.resolve(), path.stat().st_mtime_ns)
    known = sources.pages(docs_dir)
    problems = [
        f"docs/{path.name}: term '{t.term}' points to '{t.page}', which is not a page; "
        "use the path of a page below docs/."
        for t in terms
        if t.page.split("#")[0] not in known
    ]
    if problems:
        raise SiteError("\n".join(problems))
    return terms


@lru_cache(maxsize=2)
def _glossary(path: Path, mtime: int) -> list[Term]:
    return load_glossary(path)


def load_glossary(path: Path) -> list[Term]:
    try:
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML)
    except (OSError, yaml.YAMLError) as exc:
        raise SiteError(f"{path}: cannot read the glossary: {exc}") from exc
    terms = []
    for number, entry in enumerate(entries or [], start=1):
        missing = [k for k in ("term", "expansion", "definition", "page") if not entry.get(k)]
        if missing:
            raise SiteError(f"{path}: entry {number} lacks {', '.join(missing)}; add them.")
        terms.append(Term(**{k: str(entry[k]).strip() for k in Term.__annotations__}))
    return terms


def abbreviations(glossary: list[Term]) -> str:
    """Python-Markdown abbreviation definitions: the tooltip text of each term."""
    return "\n".join(f"*[{t.term}]: {t.expansion}: {t.definition}" for t in glossary)


def render_glossary(glossary: list[Term], src: str, titles: dict[str, str]) -> str:
    base = posixpath.dirname(src) or "."
    lines = []
    for t in sorted(glossary, key=lambda t: t.term.lower()):
        page, _, anchor = t.page.partition("#")
        link = posixpath.relpath(page, base) + (f"#{anchor}" if anchor else "")
        where = titles.get(page, page)
        lines.append(
            f"{t.term}\n:   **{t.expansion}.** {t.definition} Explained in [{where}]({link}).\n"
        )
    return "\n".join(lines)


def attribute_escape(text: str) -> str:
    """Escape an attribute value as Python-Markdown's serializer does (``'`` stays)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def decorator(terms: list[Term]) -> Callable[[str], str]:
    """A function that escapes text and wraps the glossary terms in it in ``<abbr>`` as the abbr
    extension does (whole words, longest first), for HTML written outside Markdown (the
    References list). Within what one decorator sees, a repeated term gets the repeat class."""
    if not terms:
        return text_escape
    by_term = {t.term: f"{t.expansion}: {t.definition}" for t in terms}
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in sorted(by_term, key=len, reverse=True)) + r")\b"
    )
    seen: set[str] = set()

    def wrap(match: re.Match[str]) -> str:
        term = match.group(1)
        repeat = ' class="gloss-repeat"' if term in seen else ""
        seen.add(term)
        return f'<abbr{repeat} title="{attribute_escape(by_term[term])}">{text_escape(term)}</abbr>'

    def decorate(text: str) -> str:
        out, last = [], 0
        for match in pattern.finditer(text):
            out += [text_escape(text[last : match.start()]), wrap(match)]
            last = match.end()
        return "".join(out) + text_escape(text[last:])

    return decorate


def mark_repeats(root: etree.Element) -> None:
    """Give every abbreviation after the first of its term in a section the repeat class."""
    seen: set[str] = set()

    def walk(element: etree.Element) -> None:
        for child in element:
            if child.tag in HEADINGS:
                seen.clear()
                continue
            if child.tag == "abbr" and child.get("title"):
                term = (child.text or "").strip()
                if term in seen:
                    child.set("class", (child.get("class", "") + " " + REPEAT_CLASS).strip())
                seen.add(term)
            walk(child)

    walk(root)


class GlossaryPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, file_name: str) -> None:
        super().__init__(md)
        self.file_name = file_name

    def run(self, lines: list[str]) -> list[str]:
        page = page_of(self.md)
        if page is None:
            return lines
        terms = glossary_for(page.docs_dir / self.file_name, page.docs_dir)
        text = "\n".join(lines)
        if GLOSSARY_MARKER in text:
            listing = render_glossary(terms, page.src, sources.titles(page.docs_dir))
            text = text.replace(GLOSSARY_MARKER, listing)
        abbr = self.md.treeprocessors["abbr"] if "abbr" in self.md.treeprocessors else None
        if abbr is not None and isinstance(getattr(abbr, "abbrs", None), dict):
            # hand the terms to the abbr extension directly: no definition lines to parse
            abbr.abbrs.update({t.term: f"{t.expansion}: {t.definition}" for t in terms})
            return text.split("\n")
        return (text + "\n\n" + abbreviations(terms)).split("\n")


class RepeatTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        mark_repeats(root)


class GlossaryExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"glossary": ["glossary.yml", "YAML glossary below docs/"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            GlossaryPreprocessor(md, self.getConfig("glossary")), "site_glossary", 26
        )
        # after the abbr extension's treeprocessor (7), which creates the <abbr> elements
        md.treeprocessors.register(RepeatTreeprocessor(md), "site_glossary_repeats", 6)


def makeExtension(**kwargs: Any) -> GlossaryExtension:  # noqa: N802
    return GlossaryExtension(**kwargs)
