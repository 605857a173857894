"""Figures for docs/comm.md (Communication for distributed training and inference), written to
docs/comm/.

Three diagrams (a ring all-reduce step by step; ring and tree schedules; host-initiated against
GPU-initiated transfers) and two plots computed with calc/collectives.py:

* ``comm/busbw-factor``: the ideal (latency-free) all-reduce on links of ``B_NVLINK``: algorithm
  bandwidth falls with the rank count while bus bandwidth stays at the link speed; the factor
  labelled at n = 8 is the one the page's table quotes.
* ``comm/busbw-vs-size``: bus bandwidth against message size as nccl-tests would report it if the
  alpha-beta model were exact, for the two cases of the page's worked example (the same
  ``CASES`` as tests/test_comm_worked_example.py). A model, not a measurement: the figure says
  so on its face. The points labelled on it are worked-example values (tests/
  test_figures_comm.py checks them against the page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.patches import Circle

from calc import collectives as cc
from figures import figure, style

B_NVLINK = 450 * cc.GB  # H100 SXM NVLink, one direction (the page's Case A)
B_NIC = 50 * cc.GB  # one 400 Gb/s NIC, one direction
RAILS = 8
BUCKET = 25 * cc.MIB  # PyTorch DDP's default bucket cap, in bytes (the page's WE1)
SIZES = [2 ** (k / 4) for k in range(40, 133)]  # 1 KiB ... 8 GiB, four points per octave
RING_RANKS = 4  # the ring all-reduce drawn step by step
TREE_RANKS = 8  # the ring and the tree drawn side by side


@dataclass(frozen=True)
class Case:
    label: str
    n: int
    bandwidth: float  # bytes/s per rank (for Case B: 8 rails of one NIC each)
    alpha: float  # assumed per-step latency, s
    tree: bool = False

    def time(self, nbytes: float) -> float:
        model = cc.allreduce_tree_time if self.tree else cc.allreduce_ring_time
        return model(nbytes, self.n, self.bandwidth, self.alpha)

    def busbw(self, nbytes: float) -> float:
        """nccl-tests' bus bandwidth of an all-reduce of nbytes under the model, bytes/s."""
        alg = cc.algorithm_bandwidth(nbytes, self.time(nbytes))
        return cc.bus_bandwidth(alg, self.n, "allreduce")


CASES = (
    Case("8 GPUs, ring", 8, B_NVLINK, 2e-6),
    Case("128 GPUs, tree", 128, RAILS * B_NIC, 5e-6, tree=True),
    Case("128 GPUs, ring", 128, RAILS * B_NIC, 5e-6),
)
CASE_A, CASE_B_TREE, CASE_B_RING = CASES


def ring_steps(n: int) -> int:
    """Latency steps of a ring all-reduce on n ranks (its time at S = 0 and alpha = 1)."""
    return round(cc.allreduce_ring_time(0, n, 1.0, 1.0))


def tree_steps(n: int) -> int:
    """Latency steps of the tree all-reduce model on n ranks."""
    return round(cc.allreduce_tree_time(0, n, 1.0, 1.0))


def ring_allreduce_states(n: int) -> list[tuple[str, list[list[frozenset[int]]], set]]:
    """Simulate a ring all-reduce on n ranks with the buffer cut into n chunks.

    Returns (label, state, received) per stage: state[r][c] is the set of ranks whose chunk c
    has been summed into rank r's copy; received holds the (rank, chunk) cells written in that
    step. In reduce-scatter step s, rank r sends chunk (r - s) mod n to rank r + 1, which adds
    it; after n - 1 steps rank r owns the full sum of chunk (r + 1) mod n, and in all-gather step
    s it forwards chunk (r + 1 - s) mod n, which the receiver overwrites."""
    state = [[frozenset({r}) for _ in range(n)] for r in range(n)]
    stages = [("start", [row[:] for row in state], set())]
    for s in range(n - 1):
        sends = [(r, (r - s) % n) for r in range(n)]
        new = [row[:] for row in state]
        for r, c in sends:
            new[(r + 1) % n][c] = state[(r + 1) % n][c] | state[r][c]
        state = new
        stages.append(
            (f"RS {s + 1}", [row[:] for row in state], {((r + 1) % n, c) for r, c in sends})
        )
    for s in range(n - 1):
        sends = [(r, (r + 1 - s) % n) for r in range(n)]
        new = [row[:] for row in state]
        for r, c in sends:
            new[(r + 1) % n][c] = state[r][c]
        state = new
        stages.append(
            (f"AG {s + 1}", [row[:] for row in state], {((r + 1) % n, c) for r, c in sends})
        )
    return stages


def chunks_sent_per_rank(n: int) -> int:
    """Chunks of S/n that every rank sends in the simulated ring: 2(n - 1)."""
    return sum(len(received) for _, _, received in ring_allreduce_states(n)) // n


# --- Diagrams -------------------------------------------------------------------------------------


def _cell(ax, x, y, size, level: float, theme: style.Theme, received: bool):
    """A chunk: an outlined square filled from the bottom to ``level`` (0..1)."""
    style.box(ax, x, y, size, size * level, "", theme, fill=None).set(
        facecolor=theme.color(0), linewidth=0
    )
    outline = style.box(ax, x, y, size, size, "", theme)
    outline.set_linewidth(style.LINE_WIDTH * 1.25 if received else style.THIN * 0.75)
    outline.set_edgecolor(theme.fg if received else theme.muted)


@figure("comm/ring-allreduce-steps")
def ring_allreduce_steps(theme: style.Theme):
    n = RING_RANKS
    stages = ring_allreduce_states(n)
    cell, gap, row_h = 15, 1.5, 24
    block = n * cell + (n - 1) * gap
    x0, block_gap = 62, 10
    height = 40 + row_h * len(stages) + 44
    fig = style.new_figure(432, round(height * 1.2))
    ax = style.diagram_axes(fig, 360, height)
    top = height - 36
    for r in range(n):
        ax.text(
            x0 + r * (block + block_gap) + block / 2,
            top + 12,
            f"GPU {r}",
            ha="center",
            va="bottom",
            color=theme.fg,
        )
    for i, (label, state, received) in enumerate(stages):
        y = top - (i + 1) * row_h + (row_h - cell) / 2
        ax.text(0, y + cell / 2, label, ha="left", va="center", color=theme.fg)
        for r in range(n):
            bx = x0 + r * (block + block_gap)
            for c in range(n):
                _cell(
                    ax,
                    bx + c * (cell + gap),
                    y,
                    cell,
                    len(state[r][c]) / n,
                    theme,
                    (r, c) in received,
                )
    # Legend: fill levels and the outline of a chunk received in the step.
    ly = 6
    x = 0
    for level, text in ((1 / n, "1 of 4 summed"), (1.0, "all 4"), (None, "just received")):
        _cell(ax, x, ly, cell, level or 0.0, theme, level is None)
        ax.text(x + cell + 5, ly + cell / 2, text, ha="left", va="center", color=theme.fg)
        x += cell + 5 + {1 / n: 112, 1.0: 48}.get(level, 0)
    return fig


def _node(ax, x, y, text, theme: style.Theme, r: float = 11):
    ax.add_patch(
        Circle((x, y), r, facecolor=theme.fill(0), edgecolor=theme.fg, linewidth=style.THIN)
    )
    ax.text(x, y, text, ha="center", va="center", color=theme.fg)


@figure("comm/ring-vs-tree")
def ring_vs_tree(theme: style.Theme):
    n = TREE_RANKS
    fig = style.new_figure(432, 370)
    ax = style.diagram_axes(fig, 360, 308)
    # Ring: n ranks on a circle, each sending to the next.
    cx, cy, rad = 84, 190, 62
    pos = [
        (cx + rad * math.sin(2 * math.pi * i / n), cy + rad * math.cos(2 * math.pi * i / n))
        for i in range(n)
    ]
    for i in range(n):
        style.arrow(
            ax,
            pos[i],
            pos[(i + 1) % n],
            theme,
            color=theme.color(0),
            shrinkA=13,
            shrinkB=13,
            connectionstyle="arc3,rad=-0.25",
        )
        _node(ax, *pos[i], str(i), theme)
    ax.text(cx, 290, "ring", ha="center", va="center", color=theme.fg)
    # Tree: node i has children 2i + 1 and 2i + 2; reduce goes up, broadcast comes down.
    levels = [[0], [1, 2], [3, 4, 5, 6], [7]]
    tx, width = 268, 168
    xy = {}
    for depth, nodes in enumerate(levels):
        for j, node in enumerate(nodes):
            if depth == 3:
                x = xy[3][0] - 20
            else:
                x = tx - width / 2 + width * (j + 0.5) / len(nodes)
            xy[node] = (x, 252 - depth * 50)
    for node in range(1, n):
        parent = (node - 1) // 2
        (x1, y1), (x2, y2) = xy[node], xy[parent]
        style.arrow(
            ax,
            (x1, y1),
            (x2, y2),
            theme,
            color=theme.color(1),
            style="<|-|>",
            shrinkA=12,
            shrinkB=12,
        )
    for node, (x, y) in xy.items():
        _node(ax, x, y, str(node), theme)
    ax.text(tx, 290, "binary tree", ha="center", va="center", color=theme.fg)
    ax.text(tx - 56, 102, "reduce up,", ha="left", va="center", color=theme.muted)
    ax.text(tx - 56, 84, "broadcast down", ha="left", va="center", color=theme.muted)
    # Step counts of the model for the drawn n and for the worked example's 128 ranks.
    for x, formula, steps, i in ((cx, "2(n − 1)", ring_steps, 0), (tx, "2⌈log₂ n⌉", tree_steps, 1)):
        ax.text(x, 62, f"{formula} steps", ha="center", va="center", color=theme.color(i))
        for k, ranks in enumerate((n, 128)):
            ax.text(
                x,
                36 - 24 * k,
                f"n = {ranks}: {steps(ranks)}",
                ha="center",
                va="center",
                color=theme.fg,
            )
    return fig


@figure("comm/gpu-initiated")
def gpu_initiated(theme: style.Theme):
    fig = style.new_figure(432, 384)
    ax = style.diagram_axes(fig, 360, 320)
    gx, cx, nx, w, h = 0, 124, 250, 72, 34
    lanes = (
        ("host-launched collective", "host", 252),
        ("NVSHMEM, CPU proxy (IBRC)", "proxy", 150),
        ("NVSHMEM with IBGDA", "ibgda", 48),
    )
    for title, kind, base in lanes:
        mid = base + h / 2
        ax.text(0, base + h + 12, title, ha="left", va="bottom", color=theme.fg, weight="bold")
        style.box(ax, gx, base, w, h, "GPU", theme, fill=0)
        cpu = style.box(ax, cx, base, w, h, "", theme, fill=None if kind == "ibgda" else 4)
        cpu_color = theme.muted if kind == "ibgda" else theme.fg
        ax.text(cx + w / 2, mid, "CPU", ha="center", va="center", color=cpu_color)
        if kind == "ibgda":
            cpu.set_edgecolor(theme.muted)
            cpu.set_linestyle((0, (3, 2)))
        if kind == "host":
            # The counts go to the host, which then launches the collective.
            between = (gx + w + cx) / 2
            style.arrow(ax, (gx + w, mid + 7), (cx, mid + 7), theme, color=theme.color(1))
            style.arrow(ax, (cx, mid - 7), (gx + w, mid - 7), theme, color=theme.color(1))
            ax.text(between, mid + 12, "counts", ha="center", va="bottom", color=theme.color(1))
            ax.text(between, mid - 12, "launch", ha="center", va="top", color=theme.color(1))
            ax.text(nx - 24, mid + 9, "then data", ha="left", va="center", color=theme.muted)
            ax.text(nx - 24, mid - 9, "can move", ha="left", va="center", color=theme.muted)
            continue
        style.box(ax, nx, base, 56, h, "NIC", theme, fill=2)
        style.arrow(ax, (nx + 56, mid), (358, mid), theme)
        if kind == "proxy":
            style.arrow(ax, (gx + w, mid), (cx, mid), theme, color=theme.color(1))
            style.arrow(ax, (cx + w, mid), (nx, mid), theme, color=theme.color(1))
            for x, text in (((gx + w + cx) / 2, "queue"), ((cx + w + nx) / 2, "verbs")):
                ax.text(x, mid + 6, text, ha="center", va="bottom", color=theme.color(1))
        else:
            style.arrow(
                ax,
                (gx + w / 2, base),
                (nx + 28, base),
                theme,
                color=theme.color(0),
                connectionstyle="arc3,rad=0.16",
            )
            ax.text(cx + w / 2, base - 24, "doorbell", ha="center", va="top", color=theme.color(0))
    return fig


# --- Data plots -----------------------------------------------------------------------------------


@figure("comm/busbw-factor")
def busbw_factor(theme: style.Theme):
    ranks = list(range(2, 129))
    big = 1e12  # any size: without latency the bandwidths do not depend on it
    alg = [
        cc.algorithm_bandwidth(big, cc.allreduce_bandwidth_term(big, n, B_NVLINK)) for n in ranks
    ]
    bus = [cc.bus_bandwidth(a, n, "allreduce") for a, n in zip(alg, ranks, strict=True)]
    fig = style.new_figure(432, 360)
    ax = fig.add_subplot()
    marks = [ranks.index(2**k) for k in range(1, 8)]
    ax.plot(ranks, [b / cc.GB for b in bus], **style.series(0, theme), markevery=marks)
    ax.plot(ranks, [a / cc.GB for a in alg], **style.series(1, theme), markevery=marks)
    ax.text(2.2, 470, "busbw = link speed", color=theme.color(0), ha="left", va="bottom")
    ax.text(2.2, 170, "algbw = S / t", color=theme.color(1), ha="left", va="top")
    ax.text(120, 20, "450 GB/s links, α = 0", color=theme.muted, ha="right", va="bottom")
    n = 8
    a8 = alg[ranks.index(n)] / cc.GB
    ax.annotate(
        "",
        xy=(n, 448),
        xytext=(n, a8 + 2),
        arrowprops={"arrowstyle": "-|>", "color": theme.fg, "linewidth": style.THIN * 1.5},
    )
    ax.text(
        n * 1.1,
        (a8 + 450) / 2,
        f"× {cc.bus_factor(n, 'allreduce'):g} at n = {n}",
        ha="left",
        va="center",
        color=theme.fg,
    )
    ax.set_xscale("log", base=2)
    ax.set_xlim(2, 128)
    ax.set_ylim(0, 560)
    ax.set_xticks([2**k for k in range(1, 8)], [str(2**k) for k in range(1, 8)])
    ax.set_yticks([0, 100, 200, 300, 400, 450], ["0", "100", "200", "300", "", "450"])
    ax.minorticks_off()
    ax.set_xlabel("Ranks n")
    ax.set_ylabel("All-reduce bandwidth, GB/s")
    return fig


@figure("comm/busbw-vs-size")
def busbw_vs_size(theme: style.Theme):
    fig = style.new_figure(432, 400)
    ax = fig.add_subplot()
    order = (0, 2, 1)  # style index per case, so that the two ring lines differ most
    for case, i in zip(CASES, order, strict=True):
        y = [case.busbw(s) / cc.GB for s in SIZES]
        ax.plot(SIZES, y, **style.series(i, theme), markevery=8, label=case.label)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 1.0), handlelength=2.6, labelspacing=0.3)
    ax.set_title("alpha-beta model, not a measurement", loc="left", color=theme.muted)
    ax.axvline(BUCKET, color=theme.muted, linewidth=style.THIN, linestyle=":")
    ax.text(BUCKET * 1.2, 590, "25 MiB bucket", color=theme.muted, ha="left", va="center")
    a = CASE_A.busbw(BUCKET) / cc.GB
    ax.plot([BUCKET], [a], "o", color=theme.fg, markersize=6, zorder=4)
    ax.annotate(
        f"{a:.1f}",
        xy=(BUCKET, a),
        xytext=(-8, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        color=theme.fg,
    )
    cross = cc.ring_crossover_bytes(CASE_B_RING.n, CASE_B_RING.bandwidth, CASE_B_RING.alpha)
    yb = CASE_B_RING.busbw(cross) / cc.GB
    ax.plot([cross], [yb], "o", color=theme.fg, markersize=6, zorder=4)
    ax.annotate(
        f"S* = {cross / 1e6:.0f} MB",
        xy=(cross, yb),
        xytext=(8, -2),
        textcoords="offset points",
        ha="left",
        va="top",
        color=theme.fg,
    )
    ax.set_xscale("log", base=2)
    ax.set_xlim(2**10, 2**33)
    ax.set_ylim(0, 640)
    ax.set_yticks([0, 100, 200, 300, 400, 500])
    ticks = [2**10, 2**15, 2**20, 2**25, 2**30]
    ax.set_xticks(ticks, ["1 KiB", "32 KiB", "1 MiB", "32 MiB", "1 GiB"])
    ax.minorticks_off()
    ax.set_xlabel("Message size S, bytes")
    ax.set_ylabel("Bus bandwidth, GB/s")
    return fig
