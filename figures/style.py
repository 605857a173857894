"""The one style module for every figure: fonts, font sizes, palettes, line widths, and saving.

Sizes. A figure is designed in CSS pixels as the page shows it on a wide screen
(``new_figure(width_px, height_px)``). matplotlib works in points; the SVG's viewBox is in
points and its root width/height in CSS pixels, DISPLAY_SCALE (1.2) times larger, so text of
FONT_SIZE (14) points shows at 16.8 px on a desktop, close to the body text. On a 375-px phone the
content column is about 343 px wide and the image shrinks to fit: text of size f in a figure
whose viewBox is W points wide shows at f * 343 / W px, which must stay at or above 12.8 px
(Material's small text, 0.64rem). So a figure meant to shrink is at most NARROW_WIDTH_PX (432 px,
360 pt) wide with FONT_SIZE text; a wider one goes in a ``figure-scroll`` region that scrolls
sideways on phones (see CONTRIBUTING.md). tests/test_figures_browser.py measures this.

Colour. Two palettes, LIGHT and DARK, for Material's default (white) and slate backgrounds. The
series colours are Okabe-Ito hues, darkened (light) or lightened (dark) so that each has at least
4.5:1 contrast with its page background, which lets labels be written in the series colour.
Never let hue alone carry meaning: every series also gets its own line style and marker
(``series(i)``), and lines are labelled directly rather than through a legend where possible.

Determinism. ``to_svg`` saves with a fixed ``svg.hashsalt``, no metadata (no date, no creator)
and ``svg.fonttype: none`` (text stays text, in the reader's sans-serif font); ``finish_svg``
drops the DOCTYPE (it names a remote DTD) and sets the font stack and the display size. Text is
laid out with matplotlib's bundled DejaVu Sans, which is wider than the fonts readers see, so
labels do not overflow when the browser draws them in a narrower face.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

matplotlib.use("svg")

DISPLAY_SCALE = 1.2  # CSS px per SVG user unit (pt)
NARROW_WIDTH_PX = 432  # widest figure that may shrink on a 375-px phone with FONT_SIZE text
PHONE_COLUMN_PX = 343  # content width at a 375-px viewport (Material's 0.8rem margins)
MIN_TEXT_PX = 12.8  # Material's small/table text, 0.64rem
FONT_SIZE = 14.0  # points, the size of all text unless a figure has a reason
LINE_WIDTH = 2.0
THIN = 1.0
HASH_SALT = "awsome-ai-research-figures"
FONT_STACK = (
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, "
    "'DejaVu Sans', sans-serif"
)
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P")


@dataclass(frozen=True)
class Theme:
    name: str  # "light" or "dark"
    background: str  # the page background the SVG (transparent) sits on
    fg: str  # text, axes, outlines
    muted: str  # secondary text, reference lines
    grid: str
    colors: tuple[str, ...]  # series colours: blue, vermillion, green, purple, ochre, grey
    fills: tuple[str, ...]  # pale (light) or deep (dark) tints of the same hues, for boxes

    def color(self, i: int) -> str:
        return self.colors[i % len(self.colors)]

    def fill(self, i: int) -> str:
        return self.fills[i % len(self.fills)]


LIGHT = Theme(
    name="light",
    background="#ffffff",
    fg="#1f2328",
    muted="#57606a",
    grid="#d0d7de",
    colors=("#0072B2", "#B84E00", "#00775A", "#A8457F", "#8A6100", "#57606a"),
    fills=("#dbeaf5", "#fbe3d3", "#d5efe6", "#f3dcea", "#f5e9c8", "#eaeef2"),
)
DARK = Theme(
    name="dark",
    background="#1e2029",  # Material slate: hsl(232, 15%, 14%)
    fg="#e3e5ee",
    muted="#a0a7b4",
    grid="#3d4350",
    colors=("#56B4E9", "#FF8A50", "#2FC79B", "#E89BC6", "#E6A300", "#a0a7b4"),
    fills=("#1d3a4f", "#4a2a1a", "#163d33", "#43263a", "#403214", "#2d323c"),
)
THEMES = (LIGHT, DARK)


def series(i: int, theme: Theme) -> dict[str, object]:
    """Keyword arguments for ax.plot: colour, line style and marker of series ``i``."""
    return {
        "color": theme.color(i),
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
        "marker": MARKERS[i % len(MARKERS)],
        "linewidth": LINE_WIDTH,
        "markersize": 6,
    }


def rc(theme: Theme) -> dict[str, object]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": HASH_SALT,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": FONT_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "legend.fontsize": FONT_SIZE,
        "figure.titlesize": FONT_SIZE,
        "mathtext.default": "regular",
        "text.color": theme.fg,
        "axes.edgecolor": theme.fg,
        "axes.labelcolor": theme.fg,
        "xtick.color": theme.fg,
        "ytick.color": theme.fg,
        "grid.color": theme.grid,
        "grid.linewidth": 0.8,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": THIN,
        "lines.linewidth": LINE_WIDTH,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.edgecolor": "none",
        "savefig.transparent": True,
        "legend.frameon": False,
        "path.simplify": True,
    }


@contextlib.contextmanager
def context(theme: Theme) -> Iterator[None]:
    """matplotlib settings for ``theme`` while a figure is drawn and saved."""
    with matplotlib.rc_context(rc(theme)):
        yield


def new_figure(width_px: int = NARROW_WIDTH_PX, height_px: int = 300) -> Figure:
    """An empty figure shown at width_px x height_px CSS pixels (constrained layout)."""
    inches = (width_px / DISPLAY_SCALE / 72, height_px / DISPLAY_SCALE / 72)
    return Figure(figsize=inches, layout="constrained")


def to_svg(fig: Figure) -> str:
    """The figure as SVG text, without metadata (no date, so the same bytes every run)."""
    buffer = io.StringIO()
    fig.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    return buffer.getvalue()


_ROOT_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"\s+height="([\d.]+)pt"')
_VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="0 0 ([\d.]+) ([\d.]+)"')


def finish_svg(text: str) -> str:
    """Final touches shared by generated and hand-written SVGs: drop the DOCTYPE, use the
    reader's sans-serif font stack, and give the root its size in CSS pixels."""
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = text.replace("font-family: 'DejaVu Sans', sans-serif", f"font-family: {FONT_STACK}")
    size = _ROOT_SIZE.search(text)
    if size:
        w, h = (float(v) * DISPLAY_SCALE for v in size.groups())
        text = text.replace(
            size.group(0),
            size.group(0).replace(
                f'width="{size.group(1)}pt" height="{size.group(2)}pt"',
                f'width="{_fmt(w)}" height="{_fmt(h)}"',
            ),
        )
    return text if text.endswith("\n") else text + "\n"


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def display_size(svg: str) -> tuple[float, float]:
    """(width, height) in CSS pixels that the page should give the <img>."""
    match = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', svg)
    if not match:
        raise ValueError("SVG root has no width/height in px")
    return float(match.group(1)), float(match.group(2))


def viewbox_width(svg: str) -> float:
    match = _VIEWBOX.search(svg)
    if not match:
        raise ValueError("SVG root has no viewBox '0 0 W H'")
    return float(match.group(1))


# --- Diagram helpers: boxes, arrows and labels drawn with matplotlib -----------------------------


def diagram_axes(fig: Figure, width: float, height: float):
    """Axes without ticks or frame, with data coordinates 0..width x 0..height (y up), equal
    aspect: draw boxes and arrows in these units."""
    ax = fig.add_subplot()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def box(ax, x, y, w, h, text, theme: Theme, fill: int | None = None, **text_kw):
    """A rounded box with centred text; ``fill`` picks a tint (None: no fill)."""
    patch = FancyBboxPatch(
        (x, y),
        w,
        h,
        boxstyle="round,pad=0,rounding_size=0.08",
        linewidth=THIN,
        edgecolor=theme.fg,
        facecolor=theme.fill(fill) if fill is not None else "none",
    )
    ax.add_patch(patch)
    if text:
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", color=theme.fg, **text_kw)
    return patch


def arrow(ax, start, end, theme: Theme, color: str | None = None, style: str = "-|>", **kw):
    """An arrow from ``start`` to ``end`` (data coordinates)."""
    patch = FancyArrowPatch(
        start,
        end,
        arrowstyle=style,
        mutation_scale=14,
        linewidth=kw.pop("linewidth", LINE_WIDTH * 0.75),
        color=color or theme.fg,
        shrinkA=kw.pop("shrinkA", 0),
        shrinkB=kw.pop("shrinkB", 0),
        **kw,
    )
    ax.add_patch(patch)
    return patch
