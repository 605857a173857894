"""Python-Markdown extension: ``[@key]`` citations, the References list, the bibliography page.

Options: ``bibliography`` (path of the BibTeX file, relative to the docs folder; default
``references.bib``). The plain functions are in ``site_ext.bibliography``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from site_ext import bibliography, glossary, sources
from site_ext.context import page_of

# Listing pages whose References carry no glossary tooltips: What's new cites nearly every
# source of the site's updates, and the tooltips in its titles took it past the page budget.
PLAIN_REFERENCE_PAGES = {"whats-new.md"}
PRIORITY = 27  # after site_ext.notes adds its sections (28), before raw HTML is stashed (20)


def bib_for(path: Path) -> dict[str, bibliography.Reference]:
    return _bib(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _bib(path: Path, mtime: int) -> dict[str, bibliography.Reference]:
    """The checked bibliography, also kept in ``.cache/bibliography.json`` beside ``docs/`` by
    the hash of the .bib file, the parsing code and pybtex's version: parsing takes 0.2 s."""
    data = path.read_bytes()
    code = Path(bibliography.__file__).read_bytes() + version("pybtex").encode()
    key = hashlib.sha256(data + code).hexdigest()
    cache = path.parent.parent / ".cache" / "bibliography.json"
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return {k: bibliography.Reference(**v) for k, v in saved["refs"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        pass
    refs = bibliography.load_bibliography(path)  # raises on any problem: nothing is cached then
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        body = {"key": key, "refs": {k: dataclasses.asdict(v) for k, v in refs.items()}}
        cache.write_text(json.dumps(body), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still builds, only slower
    return refs


def cited_by(docs_dir: Path) -> dict[str, list[str]]:
    """Key -> the pages citing it, over the whole site (once per set of page contents: the
    bibliography's pages all ask for it)."""
    return sources.derived("cited_by", docs_dir, lambda pages: _cited_by(docs_dir, pages))


def _cited_by(docs_dir: Path, pages: dict[str, sources.Source]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    entries: dict[str, list[str]] = {}
    for update in sources.updates(docs_dir):  # the Updates sections cite too
        entries.setdefault(update.src, []).append(update.text)
    for src, page in pages.items():
        text = page.body + "\n" + "\n".join(entries.get(src, []))
        for key in _citations_in(text):
            out.setdefault(key, []).append(src)
    return out


@lru_cache(maxsize=1024)
def _citations_in(text: str) -> tuple[str, ...]:
    return tuple(bibliography.find_citations(text))


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
        glossary_file = page.docs_dir / self.glossary_name
        terms = (
            glossary.glossary_for(glossary_file, page.docs_dir)
            if glossary_file.is_file() and page.src not in PLAIN_REFERENCE_PAGES
            else []
        )
        # The bibliography's listings are written as HTML for MkDocs with directory URLs (the
        # links are made here as MkDocs makes them); else as Markdown, whose links each builder
        # resolves itself (Zensical also rebases links in raw HTML, as if relative to the file).
        html = page.builder == "mkdocs" and not page.url.endswith(".html")
        store = self.md.htmlStash.store if html else None
        if bibliography.BIBLIOGRAPHY_MARKER in text:
            listing = bibliography.render_bibliography_index(
                bib, cited_by(page.docs_dir), page.src, store, lambda: glossary.decorator(terms)
            )
            text = text.replace(bibliography.BIBLIOGRAPHY_MARKER, listing)
        if "<!-- bibliography:" in text:
            text = bibliography.TOPIC_MARKER.sub(
                lambda m: bibliography.render_bibliography(
                    bib,
                    cited_by(page.docs_dir),
                    sources.titles(page.docs_dir),
                    page.src,
                    (m.group(1),),
                    store,
                    lambda: glossary.decorator(terms),
                ),
                text,
            )
        source = sources.pages(page.docs_dir).get(page.src)
        offset, body_lines = (source.front_lines, source.body.count("\n") + 1) if source else (0, 0)
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
