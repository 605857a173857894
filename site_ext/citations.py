"""Python-Markdown extension: ``[@key]`` citations, the References list, the bibliography page.

Options: ``bibliography`` (path of the BibTeX file, relative to the docs folder; default
``references.bib``). The plain functions are in ``site_ext.bibliography``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from site_ext import bibliography, glossary, sources
from site_ext.context import page_of

PRIORITY = 27  # after site_ext.notes adds its sections (28), before raw HTML is stashed (20)


def bib_for(path: Path) -> dict[str, bibliography.Reference]:
    return _bib(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _bib(path: Path, mtime: int) -> dict[str, bibliography.Reference]:
    return bibliography.load_bibliography(path)


def cited_by(docs_dir: Path) -> dict[str, list[str]]:
    """Key -> the pages citing it, over the whole site."""
    out: dict[str, list[str]] = {}
    entries: dict[str, list[str]] = {}
    for update in sources.updates(docs_dir):  # the Updates sections cite too
        entries.setdefault(update.src, []).append(update.text)
    for src, page in sources.pages(docs_dir).items():
        text = page.body + "\n" + "\n".join(entries.get(src, []))
        for key in bibliography.find_citations(text):
            out.setdefault(key, []).append(src)
    return out


class CitationsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, bib_name: str, glossary_name: str) -> None:
        super().__init__(md)
        self.bib_name = bib_name
        self.glossary_name = glossary_name

    def run(self, lines: list[str]) -> list[str]:
        page = page_of(self.md)
        if page is None:
            return lines
        bib = bib_for(page.docs_dir / self.bib_name)
        text = "\n".join(lines)
        if bibliography.BIBLIOGRAPHY_MARKER in text:
            listing = bibliography.render_bibliography(
                bib, cited_by(page.docs_dir), sources.titles(page.docs_dir), page.src
            )
            text = text.replace(bibliography.BIBLIOGRAPHY_MARKER, listing)
        source = sources.pages(page.docs_dir).get(page.src)
        offset, body_lines = (source.front_lines, source.body.count("\n") + 1) if source else (0, 0)
        glossary_file = page.docs_dir / self.glossary_name
        terms = (
            glossary.glossary_for(glossary_file, page.docs_dir) if glossary_file.is_file() else []
        )
        return bibliography.render_citations(
            text,
            bib,
            page.src,
            offset,
            body_lines,
            store=self.md.htmlStash.store,
            decorate=glossary.decorator(terms),
        ).split("\n")


class CitationsExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "bibliography": ["references.bib", "BibTeX file below docs/"],
            "glossary": ["glossary.yml", "glossary whose terms get tooltips in reference titles"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(
            CitationsPreprocessor(md, self.getConfig("bibliography"), self.getConfig("glossary")),
            "site_citations",
            PRIORITY,
        )


def makeExtension(**kwargs: Any) -> CitationsExtension:  # noqa: N802
    return CitationsExtension(**kwargs)
