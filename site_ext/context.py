"""Which page an extension is rendering, under MkDocs and under Zensical alike.

Zensical registers a ``ContextPreprocessor`` on every Markdown instance with the page (path, url,
front matter) and the configuration. MkDocs has no such thing, so ``hooks/site.py`` calls
``set_mkdocs_page`` from ``on_page_markdown``, just before MkDocs converts that page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown

try:  # under MkDocs a failure is a clean build error; Zensical has no MkDocs installed
    from mkdocs.exceptions import PluginError as _Base
except ImportError:  # pragma: no cover - exercised by the Zensical build
    _Base = Exception  # type: ignore[misc,assignment]


class SiteError(_Base):  # type: ignore[misc,valid-type]
    """A contributor mistake: the message names the file, the line and the fix."""


@dataclass(frozen=True)
class PageContext:
    src: str  # path below docs/, for example "eval/pass-at-k.md"
    url: str  # site-relative URL, for example "eval/pass-at-k/"
    docs_dir: Path
    site_url: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    builder: str = "mkdocs"  # or "zensical"

    @property
    def absolute_url(self) -> str:
        return (self.site_url.rstrip("/") + "/" + self.url) if self.site_url else self.url


_mkdocs_page: PageContext | None = None


def set_mkdocs_page(page: PageContext | None) -> None:
    global _mkdocs_page
    _mkdocs_page = page


def page_of(md: Markdown) -> PageContext | None:
    """The page ``md`` is converting, or None when it converts text outside a page."""
    for processor in md.preprocessors:
        if type(processor).__name__ == "ContextPreprocessor" and hasattr(processor, "page"):
            return _from_zensical(processor.page, processor.config)
    return _mkdocs_page


def _from_zensical(page: Any, config: dict[str, Any]) -> PageContext:
    root = Path(config.get("root_dir") or ".")
    docs = Path(config.get("docs_dir") or "docs")
    docs_dir = (docs if docs.is_absolute() else root / docs).resolve()
    src = Path(page.path)
    if src.is_absolute():
        src = src.resolve().relative_to(docs_dir)
    return PageContext(
        src=src.as_posix(),
        url=str(page.url or "").lstrip("/"),
        docs_dir=docs_dir,
        site_url=str(config.get("site_url") or ""),
        meta=dict(page.meta or {}),
        builder="zensical",
    )


# State of one ``mkdocs serve`` session; MkDocs reloads the hook module on every rebuild.
session: dict[str, object] = {}
