"""Every figure in a real Chromium, at 1280 px and 375 px, in both palettes: the image of the
palette is the one shown, it is drawn (not blank), it is not clipped (it fits the column or
scrolls in a labelled region), its text shows at 12.8 px or more, and axe finds nothing in the
figures. One page load per page; all figures of the page are checked in one go.

FIGURE_SCREENSHOTS=DIR keeps the screenshots (one PNG per figure, palette and width) in DIR.
Set SKIP_BROWSER_TESTS=1 to skip these (reported as skipped, never as passed).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from tests import figurecheck, sitecheck
from tests.test_browser import (  # noqa: F401 - base_url and browser are fixtures used by name
    Visit,
    _axe_violations,
    _select_palette,
    _settle,
    base_url,
    browser,
)

ROOT = sitecheck.ROOT
MIN_TEXT_PX = 12.8  # Material's small text (0.64rem) at a 375-px viewport
WIDTHS = (1280, 375)
SCHEMES = {"default": "only-light", "slate": "only-dark"}
PAGES = sorted(
    page
    for page, md in sitecheck.source_pages(ROOT).items()
    if "<figure" in md.read_text(encoding="utf-8")
)
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)(?:px)?|font-size=\"([\d.]+)(?:px)?\"")
VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="[\d.\s-]*?([\d.]+)\s+[\d.]+"')

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("SKIP_BROWSER_TESTS") == "1",
        reason="SKIP_BROWSER_TESTS=1: figure rendering NOT checked in a browser",
    ),
]

# For each figure of the article: the image the palette should show, the one it should hide,
# their boxes, the column's box and, if any, the scrolling region around the image.
MEASURE = """(fragment) => {
    const column = document.querySelector('article').getBoundingClientRect();
    const box = (r) => ({ left: r.left, right: r.right, width: r.width, height: r.height });
    return [...document.querySelectorAll('article figure')].map((fig) => {
        const imgs = [...fig.querySelectorAll('img')];
        const shown = imgs.filter((i) => getComputedStyle(i).display !== 'none');
        const img = imgs.find((i) => i.getAttribute('src').endsWith('#' + fragment));
        const region = img && img.closest('.figure-scroll');
        const texts = [...fig.querySelectorAll('*')].filter((el) => [...el.childNodes].some(
            (n) => n.nodeType === 3 && n.textContent.trim()) && el.getClientRects().length);
        const links = [...fig.querySelectorAll('a[href]')];
        return {
            id: fig.id,
            html: imgs.length === 0,
            box: box(fig.getBoundingClientRect()),
            overflow: fig.scrollWidth - fig.clientWidth,
            smallestText: Math.min(...texts.filter((el) => !el.closest('figcaption'))
                .map((el) => parseFloat(getComputedStyle(el).fontSize))),
            links: links.map((a) => ({ name: a.textContent.trim(), tabIndex: a.tabIndex })),
            shown: shown.map((i) => i.getAttribute('src')),
            src: img ? img.getAttribute('src') : null,
            complete: img ? img.complete && img.naturalWidth > 0 : false,
            natural: img ? [img.naturalWidth, img.naturalHeight] : null,
            img: img ? box(img.getBoundingClientRect()) : null,
            column: box(column),
            region: region ? {
                box: box(region.getBoundingClientRect()),
                scrollWidth: region.scrollWidth,
                tabindex: region.getAttribute('tabindex'),
                label: region.getAttribute('aria-label') || '',
                role: region.getAttribute('role') || '',
            } : null,
        };
    });
}"""

# Load every figure image now (they are lazy) and wait until they are decoded.
LOAD_ALL = """async () => {
    const imgs = [...document.querySelectorAll('article figure img')];
    imgs.forEach((i) => { i.loading = 'eager'; });
    await Promise.all(imgs.map((i) => i.decode().catch(() => null)));
}"""


def _svg_text_scale(site: Path, page: str, src: str) -> tuple[float, float]:
    """(smallest font size, viewBox width) of the SVG an <img src> on ``page`` shows."""
    path = (site / page).parent / src.split("#")[0]
    text = path.resolve().read_text(encoding="utf-8")
    sizes = [float(a or b) for a, b in FONT_SIZE.findall(text)]
    vb = VIEWBOX.search(text)
    assert vb, f"{path}: no viewBox on the SVG root"
    return (min(sizes) if sizes else 0.0), float(vb.group(1))


def _blank(png: bytes) -> str | None:
    """Why a screenshot counts as blank, or None: one colour only, or (nearly) all background."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    if len(colours) < 2:
        return f"one colour only ({colours[0][1] if colours else '?'})"
    background = max(colours)[0]
    share = 1 - background / (image.width * image.height)
    if share < 0.005:
        return f"{share:.2%} of the pixels differ from the background"
    return None


@pytest.mark.parametrize("page", PAGES)
def test_figures_render_in_both_palettes_at_both_widths(
    built_site: sitecheck.Site,
    base_url: str,  # noqa: F811 - the fixture imported from tests/test_browser.py
    browser: object,  # noqa: F811 - likewise
    page: str,
) -> None:
    keep = os.environ.get("FIGURE_SCREENSHOTS")
    visit = Visit(browser, width=WIDTHS[0], height=900)
    problems: list[str] = []
    url = base_url + page.removesuffix("index.html")
    try:
        visit.page.goto(url, wait_until="load")
        _settle(visit.page)
        visit.page.evaluate(LOAD_ALL)
        figures = figurecheck.figures_of(built_site, page)
        assert figures, f"{page}: no <figure> in the built page"
        for width in WIDTHS:
            visit.page.set_viewport_size({"width": width, "height": 900})
            _settle(visit.page)
            for scheme, fragment in SCHEMES.items():
                _select_palette(visit.page, scheme)
                visit.page.evaluate(LOAD_ALL)
                where = f"{page} at {width} px, {scheme} palette"
                for fig in visit.page.evaluate(MEASURE, fragment):
                    problems += _check_figure(built_site.root, page, where, fig, fragment)
                    if fig["html"]:  # drawn in HTML and CSS: screenshot the figure itself
                        shot = visit.page.locator(f"figure#{fig['id']}")
                    elif fig["src"]:
                        shot = visit.page.locator(f"figure#{fig['id']} img[src$='#{fragment}']")
                    else:
                        continue
                    # Centred, so that the sticky header does not cover it in the shot.
                    shot.evaluate("(el) => el.scrollIntoView({ block: 'center' })")
                    png = shot.screenshot(animations="disabled")
                    if why := _blank(png):
                        problems.append(f"{where}: figure '{fig['id']}' looks blank: {why}")
                    if keep:
                        name = f"{page.removesuffix('/index.html').replace('/', '_') or 'home'}"
                        out = Path(keep) / f"{name}-{fig['id']}-{scheme}-{width}.png"
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_bytes(png)
                if width == 375:
                    found = _axe_violations(visit.page, context={"include": [["article figure"]]})
                    problems += [f"{where}: axe in figures: {v}" for v in found]
        problems += [f"request to another origin: {u}" for u in visit.external]
    finally:
        visit.close()
    assert not problems, f"{url}:\n" + "\n".join(problems)


def _check_figure(site: Path, page: str, where: str, fig: dict, fragment: str) -> list[str]:
    name = f"{where}: figure '{fig['id']}'"
    if fig.get("html"):
        return _check_html_figure(name, fig)
    if fig["src"] is None:
        return [] if not fig["shown"] else [f"{name}: has images but none ends '#{fragment}'"]
    problems = []
    if fig["shown"] != [fig["src"]]:
        problems.append(f"{name}: shows {fig['shown']}, expected only {fig['src']}")
    if not fig["complete"]:
        return [*problems, f"{name}: image {fig['src']} did not load"]
    img, column, region = fig["img"], fig["column"], fig["region"]
    nat_w, nat_h = fig["natural"]
    if img["width"] < 1 or img["height"] < 1:
        return [*problems, f"{name}: image is not laid out (box {img})"]
    if abs(img["height"] / img["width"] - nat_h / nat_w) > 0.02 * nat_h / nat_w:
        problems.append(
            f"{name}: drawn {img['width']:.0f} x {img['height']:.0f} px, not in the SVG's "
            f"aspect {nat_w} x {nat_h}: check the width/height attributes."
        )
    if region is None:
        if img["left"] < column["left"] - 1 or img["right"] > column["right"] + 1:
            problems.append(
                f"{name}: image ({img['left']:.0f}..{img['right']:.0f} px) overflows the column "
                f"({column['left']:.0f}..{column['right']:.0f} px). Make the figure narrower "
                "or put it in a figure-scroll region."
            )
    else:
        box = region["box"]
        if box["left"] < column["left"] - 1 or box["right"] > column["right"] + 1:
            problems.append(f"{name}: the scrolling region overflows the column")
        if region["scrollWidth"] < img["width"] - 1:
            problems.append(f"{name}: the scrolling region cuts the image off")
        if region["tabindex"] != "0" or region["role"] != "region" or not region["label"]:
            problems.append(
                f'{name}: the figure-scroll region needs tabindex="0", role="region" and an '
                f"aria-label (got {region})"
            )
    smallest, vb_width = _svg_text_scale(site, page, fig["src"])
    if smallest:
        shown = smallest * img["width"] / vb_width
        if shown < MIN_TEXT_PX:
            problems.append(
                f"{name}: its smallest text ({smallest:g} units in a viewBox {vb_width:g} wide) "
                f"shows at {shown:.1f} px in {img['width']:.0f} px, under {MIN_TEXT_PX} px. Use "
                "larger text, a narrower figure, or a figure-scroll region."
            )
    return problems


def _check_html_figure(name: str, fig: dict) -> list[str]:
    """A figure drawn in HTML and CSS (the home page's topic map): inside the column, no
    sideways overflow, text at 12.8 px or more, and links that take focus and have names."""
    problems = []
    box, column = fig["box"], fig["column"]
    if box["left"] < column["left"] - 1 or box["right"] > column["right"] + 1:
        problems.append(f"{name}: overflows the column ({box} in {column})")
    if fig["overflow"] > 1:
        problems.append(f"{name}: its content is {fig['overflow']} px wider than the figure")
    if fig["smallestText"] < MIN_TEXT_PX:
        problems.append(f"{name}: text as small as {fig['smallestText']} px, under {MIN_TEXT_PX}")
    if not fig["links"]:
        problems.append(f"{name}: an HTML figure must link its parts (no links found)")
    for link in fig["links"]:
        if not link["name"] or link["tabIndex"] < 0:
            problems.append(f"{name}: link {link} has no name or cannot take focus")
    return problems
