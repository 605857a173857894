"""Small fixes to the HTML that Material writes, applied to every HTML file after the build
(pages, the 404 page and the print page alike).

- The search dialog (``role="dialog"``) has no accessible name; axe and Lighthouse flag it
  (``aria-dialog-name``). It gets ``aria-label="Search"``.
- The print-site plugin links its CSS and script from every page, though only the print page
  uses them: three render-blocking requests per page. Other pages drop them.

Each fix names the exact markup it expects; if a Material upgrade changes that markup, the
build fails here instead of the fix silently stopping.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'
PRINT_PAGE = "print_page/index.html"
PRINT_SITE_ASSETS = re.compile(
    r'[ \t]*(?:<link rel="stylesheet" href="[^"]*/?css/print-site[\w-]*\.css">'
    r'|<script src="[^"]*/?js/print-site\.js"></script>)\n?'
)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for path in site.rglob("*.html"):
        html, rel = path.read_text(encoding="utf-8"), path.relative_to(site).as_posix()
        fixed = name_search_dialog(html, f"site/{rel}")
        if rel != PRINT_PAGE:
            fixed = PRINT_SITE_ASSETS.sub("", fixed)
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
