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
from collections.abc import Iterator
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


# The print-site plugin (2.9) prefixes the ids of headings, footnote markers and list items with
# the page key in ``urls.update_anchor_ids``: its regex is tried at every "<" up to the end of the
# line, and then one ``str.replace`` runs over the whole page per id (0.6 s a build here, half of
# the plugin's time). ``prefix_anchor_ids`` gives the same output, searching only the lines with
# an id and replacing in one pass; tests/test_build_speedups.py compares both on every page.
PRINT_SITE_ANCHOR = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
PRINT_SITE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"})
ID_VALUE_OVER_LINES = re.compile(r'id="[^"]*\n', flags=re.IGNORECASE)
ID_START = re.compile(r'id="', flags=re.IGNORECASE)  # the same case rules as PRINT_SITE_ANCHOR


def _anchor_matches(html: str) -> Iterator[re.Match[str]]:
    """``PRINT_SITE_ANCHOR.finditer(html)``, trying only the lines that hold 'id="': a match
    cannot leave its line unless an id value does (then the whole page is searched)."""
    if ID_VALUE_OVER_LINES.search(html):
        yield from PRINT_SITE_ANCHOR.finditer(html)
        return
    for line in html.split("\n"):
        if ID_START.search(line):
            yield from PRINT_SITE_ANCHOR.finditer(line)


def prefix_anchor_ids(page_html: str, page_key: str, fallback=None) -> str:  # noqa: ANN001
    """``update_anchor_ids`` of print-site in one pass; ``fallback`` (the original) is used when a
    tag text repeats inside another one, where the original's repeated replaces could differ."""
    new: dict[str, str] = {}
    for match in _anchor_matches(page_html):
        if match.group(1) in PRINT_SITE_TAGS:
            tag, value = match.group(0), match.group(2)
            new.setdefault(tag, tag.replace(value, f"{page_key}-{value}"))
    if not new:
        return page_html
    olds, news = "\0".join(new), "\0".join(new.values())
    # One pass equals the original's replaces in turn when no old tag text occurs inside another
    # old or new one and none has a second "<" (so occurrences cannot overlap).
    if any(olds.count(old) != 1 or old in news or "<" in old[1:] for old in new):
        if fallback is None:
            raise SiteError("site_ext/markup.py: print-page ids need the plugin's own function.")
        return fallback(page_html, page_key)
    pattern = re.compile("|".join(re.escape(old) for old in sorted(new, key=len, reverse=True)))
    return pattern.sub(lambda m: new[m.group(0)], page_html)
