"""Layout helpers for drawn diagrams (shared by figure modules; holds no figures itself).

``diagram(width, height)`` gives a figure whose diagram units are exactly one point (so 360
units show as 432 CSS px, style.NARROW_WIDTH_PX) with the axes filling the whole figure: nothing
is shrunk to make room, so a label that runs past the edge would be cut off. ``check_fits``
therefore measures every text and patch after layout (with matplotlib's DejaVu Sans metrics,
wider than the fonts readers see) and raises, naming the text, if any leaves the figure.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def diagram(width: float, height: float):
    """(figure, axes) for a diagram of width x height points, y up, equal aspect."""
    fig = Figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def check_fits(fig: Figure, name: str, margin: float = 0.5) -> Figure:
    """Raise ValueError if any text or patch of ``fig`` extends outside the figure."""
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    fig.draw(renderer)
    box = fig.bbox
    pt = 72 / fig.dpi
    for ax in fig.axes:
        for artist in [*ax.texts, *ax.patches]:
            ext = artist.get_window_extent(renderer)
            if (
                ext.x0 < box.x0 - margin
                or ext.y0 < box.y0 - margin
                or ext.x1 > box.x1 + margin
                or ext.y1 > box.y1 + margin
            ):
                what = artist.get_text() if hasattr(artist, "get_text") else type(artist).__name__
                raise ValueError(
                    f"figure {name}: {what!r} extends outside the figure "
                    f"({ext.x0 * pt:.0f}..{ext.x1 * pt:.0f} x {ext.y0 * pt:.0f}..{ext.y1 * pt:.0f} pt "
                    f"in a {box.x1 * pt:.0f} x {box.y1 * pt:.0f} pt figure); move it or enlarge "
                    "the figure"
                )
    return fig
