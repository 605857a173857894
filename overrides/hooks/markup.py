"""Small fixes to the HTML that Material writes, applied to every HTML file after the build
(pages, the 404 page and the print page alike).

- The search dialog (``role="dialog"``) has no accessible name; axe and Lighthouse flag it
  (``aria-dialog-name``). It gets ``aria-label="Search"``.

Each fix names the exact markup it expects; if a Material upgrade changes that markup, the
build fails here instead of the fix silently stopping.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        fixed = name_search_dialog(html, f"site/{path.relative_to(site).as_posix()}")
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")


def name_search_dialog(html: str, src: str) -> str:
    if SEARCH_DIALOG not in html:
        if NAMED_SEARCH_DIALOG in html or 'data-md-component="search"' not in html:
            return html
        raise PluginError(
            f"{src}: Material's search dialog markup changed; update SEARCH_DIALOG in "
            "overrides/hooks/markup.py so the dialog keeps its accessible name."
        )
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
