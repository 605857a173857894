"""Small fixes to the HTML that Material and the print-site plugin write, applied to every HTML file
(pages, the 404 page and the print page alike).

- The search dialog (``role="dialog"``) has no accessible name; axe and Lighthouse flag it
  (``aria-dialog-name``). It gets ``aria-label="Search"``.
- The print-site plugin links its CSS and script from every page, though only the print page
  uses them: three render-blocking requests per page. Other pages drop them.
- The print-site plugin prefixes in-page links with each section's id but leaves some ids
  (footnote markers, code-line anchors, titles) unprefixed; ``fix_print_anchors`` renames exactly
  those ids that a prefixed link points to, so every link inside the print page works.

Each fix names the exact markup it expects; if a Material upgrade changes that markup, the
build fails here instead of the fix silently stopping.
"""

from __future__ import annotations

import re
from pathlib import Path

from site_ext.context import SiteError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'
PRINT_PAGE = "print_page/index.html"
SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_ATTR = re.compile(r'\b(id|name)="([^"]+)"')
PRINT_SITE_ASSETS = re.compile(
    r'[ \t]*(?:<link rel="stylesheet" href="[^"]*/?css/print-site[\w-]*\.css">'
    r'|<script src="[^"]*/?js/print-site\.js"></script>)\n?'
)


def fix_site(site: Path) -> None:
    """Apply the fixes to every HTML file of the built site."""
    for path in site.rglob("*.html"):
        html, rel = path.read_text(encoding="utf-8"), path.relative_to(site).as_posix()
        fixed = name_search_dialog(html, f"site/{rel}")
        if rel == PRINT_PAGE:
            fixed = fix_print_anchors(fixed)
        else:
            fixed = PRINT_SITE_ASSETS.sub("", fixed)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")


def name_search_dialog(html: str, src: str) -> str:
    if SEARCH_DIALOG not in html:
        if NAMED_SEARCH_DIALOG in html or 'data-md-component="search"' not in html:
            return html
        raise SiteError(
            f"{src}: Material's search dialog markup changed; update SEARCH_DIALOG in "
            "site_ext/markup.py so the dialog keeps its accessible name."
        )
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def fix_print_anchors(html: str) -> str:
    """Give section-local ids the '<section id>-' prefix that the print page's links expect."""
    wanted = set(re.findall(r'href="#([^"]+)"', html))
    starts = [(m.end(), m.group(1)) for m in SECTION.finditer(html)]  # after the section's own id
    if not starts:
        return html
    out = [html[: starts[0][0]]]
    for (start, prefix), (end, _) in zip(starts, [*starts[1:], (len(html), "")], strict=True):
        chunk = html[start:end]

        def rename(match: re.Match[str], prefix: str = prefix) -> str:
            attr, value = match.group(1), match.group(2)
            new = f"{prefix}-{value}"
            return (
                f'{attr}="{new}"'
                if new in wanted and (value not in wanted or value == prefix)
                else match.group(0)
            )

        out.append(ID_ATTR.sub(rename, chunk))
    return "".join(out).replace('href="#."', 'href="#index"')
