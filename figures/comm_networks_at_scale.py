"""Figures for docs/comm/networks-at-scale.md, written to docs/comm/.

* ``comm/rail-optimised``: a diagram of a rail-optimised two-tier fabric (two nodes of four
  GPUs, one NIC per GPU, leaf switch k for rail k, two spines) with a cross-rail transfer that
  uses NVLink inside the node first. Own drawing of the layout NVIDIA's bring-up guide describes.
* ``comm/measured-vs-line-rate``: measured bandwidth over line rate for the rows of
  figures/data/comm-measured-vs-line-rate.csv, with the share from calc.collectives.link_share.
  tests/test_figures_comm_networks.py checks the rows against the page's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from calc import collectives as cc
from figures import data_rows, figure, style

MEASURED = "comm-measured-vs-line-rate.csv"
GPUS_PER_NODE = 4  # drawn; production nodes have eight
ARTEFACT = "busbw formula artefact"
LABEL_X = 111  # value labels in a column right of the 100% line  # the note that marks a share above 1 as nccl-tests' formula


@dataclass(frozen=True)
class Measurement:
    label: str
    measured_gbs: float
    line_gbs: float
    note: str
    source: str

    @property
    def share(self) -> float:
        return cc.link_share(self.measured_gbs, self.line_gbs)


def measurements() -> list[Measurement]:
    return [
        Measurement(
            row["label"],
            float(row["measured_gbs"]),
            float(row["line_gbs"]),
            row["note"],
            row["source"],
        )
        for row in data_rows(MEASURED)
    ]


@figure("comm/rail-optimised")
def rail_optimised(theme: style.Theme):
    fig = style.new_figure(432, 400)
    ax = style.diagram_axes(fig, 360, 333)
    rail_style = ("-", "--", "-.", ":")
    # Spines and leaves.
    leaf_w, leaf_h, leaf_y = 78, 30, 206
    leaf_x = [4 + k * 89 for k in range(GPUS_PER_NODE)]
    spine_w, spine_y = 110, 296
    for sx in (40, 210):
        style.box(ax, sx, spine_y, spine_w, 30, "spine", theme, fill=5)
        for lx in leaf_x:
            ax.plot(
                [sx + spine_w / 2, lx + leaf_w / 2],
                [spine_y, leaf_y + leaf_h],
                color=theme.muted,
                linewidth=style.THIN,
            )
    for k, lx in enumerate(leaf_x):
        style.box(ax, lx, leaf_y, leaf_w, leaf_h, f"leaf {k}", theme, fill=0)
    # Two nodes: GPU boxes on the bottom row, one NIC per GPU above it.
    gpu_w, gpu_h, gpu_y, nic_h, nic_y = 34, 30, 62, 16, 112
    for node, x0 in (("node A", 2), ("node B", 186)):
        style.box(ax, x0, 48, 172, 88, "", theme)
        ax.text(x0 + 86, 2, node, ha="center", va="bottom", color=theme.fg)
        for k in range(GPUS_PER_NODE):
            gx = x0 + 8 + k * 41
            style.box(ax, gx, gpu_y, gpu_w, gpu_h, str(k), theme, fill=2)
            style.box(ax, gx + 5, nic_y, gpu_w - 10, nic_h, "", theme, fill=4)
            hot = k == GPUS_PER_NODE - 1
            ax.plot(
                [gx + gpu_w / 2, gx + gpu_w / 2],
                [gpu_y + gpu_h, nic_y],
                color=theme.fg,
                linewidth=style.THIN,
            )
            ax.plot(
                [gx + gpu_w / 2, leaf_x[k] + leaf_w / 2],
                [nic_y + nic_h, leaf_y],
                color=theme.color(1) if hot else theme.fg,
                linestyle="-" if hot else rail_style[k],
                linewidth=style.LINE_WIDTH * (1.2 if hot else 0.6),
            )
    # The cross-rail transfer: GPU 0 of node A over NVLink to GPU 3 of node A, then rail 3.
    start = 2 + 8 + gpu_w / 2
    end = 2 + 8 + 3 * 41 + gpu_w / 2
    style.arrow(
        ax,
        (start, gpu_y),
        (end, gpu_y),
        theme,
        color=theme.color(1),
        linestyle="--",
        connectionstyle="arc3,rad=0.2",
    )
    ax.text((start + end) / 2, 26, "NVLink", ha="center", va="bottom", color=theme.color(1))
    return fig


@figure("comm/measured-vs-line-rate")
def measured_vs_line_rate(theme: style.Theme):
    rows = measurements()
    fig = style.new_figure(432, 320)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    for y, row in zip(ys, rows, strict=True):
        artefact = row.note == ARTEFACT
        ax.barh(
            y,
            100 * row.share,
            height=0.6,
            color=theme.fill(1 if artefact else 0),
            edgecolor=theme.color(1 if artefact else 0),
            hatch="//" if artefact else None,
            linewidth=style.THIN,
        )
        ax.text(
            LABEL_X,
            y,
            f"{100 * row.share:.0f}%",
            va="center",
            ha="left",
            color=theme.fg,
        )
    ax.axvline(100, color=theme.muted, linewidth=style.THIN, linestyle="--")
    ax.set_xlim(0, 140)
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
    ax.set_yticks(ys, [row.label for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("share of line rate")
    return fig
