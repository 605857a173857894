"""Figures for docs/post-training/README.md (Post-training), written to docs/post-training/.

* pipelines: RLHF with PPO, DPO and GRPO side by side, drawn from the page's text (models in
  play, which are trained, which loops sample online).
* lora-update: W0 + BA for Llama 3 8B's query projection at rank 16, with the parameter counts
  computed by calc/lora.py (``lora_numbers`` returns the numbers drawn).
* grpo-advantages and zero-advantage-groups: computed by calc/grpo.py (``advantage_groups`` and
  ``zero_advantage_data`` return the numbers drawn). tests/test_figures_post_training.py checks
  the numbers the page repeats.
"""

from __future__ import annotations

from calc.grpo import group_advantages, zero_advantage_probability
from calc.lora import (
    LLAMA3_8B,
    base_linear_params,
    layer_lora_params,
    lora_fraction,
    model_lora_params,
    projection_shapes,
)
from figures import figure, style
from figures._layout import check_fits, diagram

# --- RLHF / DPO / GRPO side by side ---------------------------------------------------------------

PLAIN, TRAINED, FROZEN = "plain", "trained", "frozen"
# Rows are roles, so that the columns line up: data, policy, scorer, advantages, reference, update.
PIPELINES = (
    (
        "RLHF (PPO)",
        (
            ("prompts", PLAIN),
            ("policy\nsamples", TRAINED),
            ("reward model\nscores", FROZEN),
            ("critic gives\nadvantages", TRAINED),
            ("reference\nlog-probs", FROZEN),
            ("PPO update,\nKL to ref.", PLAIN),
        ),
        "4 models,\n2 trained",
    ),
    (
        "DPO",
        (
            ("preference\npairs", PLAIN),
            ("policy\nlog-probs", TRAINED),
            None,
            None,
            ("reference\nlog-probs", FROZEN),
            ("DPO loss,\nupdate", PLAIN),
        ),
        "2 models,\n1 trained;\nno sampling",
    ),
    (
        "GRPO",
        (
            ("prompts with\nchecker", PLAIN),
            ("policy\nsamples G", TRAINED),
            ("rule-based\n0/1 rewards", PLAIN),
            ("advantages\nwithin group", PLAIN),
            ("reference\nlog-probs", FROZEN),
            ("clipped\nupdate, KL", PLAIN),
        ),
        "2 models\n(1 if β = 0),\n1 trained",
    ),
)


def _role_box(ax, x, y, w, h, text, role, theme):
    if role == TRAINED:
        patch = style.box(ax, x, y, w, h, text, theme, fill=0, linespacing=1.1)
        patch.set_linewidth(2.2)
    elif role == FROZEN:
        patch = style.box(ax, x, y, w, h, text, theme, fill=5, linespacing=1.1)
        patch.set_linestyle((0, (3, 2)))
    else:
        patch = style.box(ax, x, y, w, h, text, theme, linespacing=1.1)
    return patch


@figure("post-training/pipelines")
def pipelines(theme: style.Theme):
    col_w, col_gap, box_h, row_gap = 100, 24, 40, 12
    header, footer, legend = 24, 58, 30
    rows = len(PIPELINES[0][1])
    body = rows * box_h + (rows - 1) * row_gap
    width = 3 * col_w + 2 * col_gap + 10
    height = header + body + 10 + footer + legend
    fig, ax = diagram(width, height)
    top = height - header
    for c, (title, steps, models) in enumerate(PIPELINES):
        x = c * (col_w + col_gap)
        ax.text(
            x + col_w / 2,
            height - 2,
            title,
            ha="center",
            va="top",
            color=theme.fg,
            fontweight="bold",
        )
        ys = [top - (r + 1) * box_h - r * row_gap for r in range(rows)]
        drawn = [r for r, step in enumerate(steps) if step is not None]
        for r in drawn:
            text, role = steps[r]
            _role_box(ax, x, ys[r], col_w, box_h, text, role, theme)
        for a, b in zip(drawn, drawn[1:], strict=False):
            style.arrow(ax, (x + col_w / 2, ys[a]), (x + col_w / 2, ys[b] + box_h), theme)
        # Online methods feed the updated weights back to the sampler.
        if steps[1][0].endswith(("samples", "samples G")):
            lane = x + col_w + 6
            ax.plot(
                [x + col_w, lane, lane],
                [ys[5] + box_h / 2] * 2 + [ys[1] + box_h / 2],
                color=theme.fg,
                linewidth=style.LINE_WIDTH * 0.75,
            )
            style.arrow(ax, (lane, ys[1] + box_h / 2), (x + col_w, ys[1] + box_h / 2), theme)
        ax.text(
            x + col_w / 2,
            ys[-1] - 10,
            models,
            ha="center",
            va="top",
            color=theme.fg,
            linespacing=1.1,
        )
    # Key: border and fill say whether a box is a trained or a frozen model.
    _role_box(ax, 0, 2, 26, 20, "", TRAINED, theme)
    ax.text(32, 12, "trained model", va="center", color=theme.fg)
    _role_box(ax, 160, 2, 26, 20, "", FROZEN, theme)
    ax.text(192, 12, "frozen model", va="center", color=theme.fg)
    return check_fits(fig, "post-training/pipelines")


# --- LoRA: W0 + BA --------------------------------------------------------------------------------

LORA_RANK = 16
LORA_PROJ = "q_proj"


def lora_numbers() -> dict[str, int | float]:
    """The numbers the LoRA figure prints (Llama 3 8B, rank 16)."""
    d_in, d_out = projection_shapes(LLAMA3_8B)[LORA_PROJ]
    return {
        "d_in": d_in,
        "d_out": d_out,
        "rank": LORA_RANK,
        "frozen": d_in * d_out,
        "b": d_out * LORA_RANK,
        "a": LORA_RANK * d_in,
        "trained": layer_lora_params(LLAMA3_8B, LORA_RANK, [LORA_PROJ])[LORA_PROJ],
        "all_layers": model_lora_params(LLAMA3_8B, LORA_RANK),
        "base_linear": base_linear_params(LLAMA3_8B),
        "fraction_pct": 100.0 * lora_fraction(LLAMA3_8B, LORA_RANK),
    }


@figure("post-training/lora-update")
def lora_update(theme: style.Theme):
    n = lora_numbers()
    width, height = 360, 300
    fig, ax = diagram(width, height)
    side, thin, y0 = 120, 22, 118
    # W0: frozen, square.
    w0 = _role_box(ax, 0, y0, side, side, "", FROZEN, theme)
    w0.set_linewidth(style.THIN)
    ax.text(
        side / 2,
        y0 + side / 2,
        "W₀",
        ha="center",
        va="center",
        color=theme.fg,
        fontsize=style.FONT_SIZE * 1.3,
    )
    ax.text(
        side / 2,
        y0 - 8,
        f"{n['d_out']:,} × {n['d_in']:,}\n{n['frozen']:,}\nfrozen",
        ha="center",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    ax.text(
        side + 17,
        y0 + side / 2,
        "+",
        ha="center",
        va="center",
        color=theme.fg,
        fontsize=style.FONT_SIZE * 1.5,
    )
    # B (d_out x r), then A (r x d_in): their product has W0's shape.
    bx = side + 34
    _role_box(ax, bx, y0, thin, side, "B", TRAINED, theme)
    ax_ = bx + thin + 10
    _role_box(ax, ax_, y0 + side - thin, side, thin, "A", TRAINED, theme)
    ax.text(
        ax_ + side / 2,
        y0 + side - thin - 8,
        f"B: {n['d_out']:,} × {n['rank']}\nA: {n['rank']} × {n['d_in']:,}\n"
        f"{n['b']:,} + {n['a']:,}\n= {n['trained']:,} trained",
        ha="center",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    # Top: the equation; bottom: the whole model.
    ax.text(
        0,
        height - 4,
        f"Query projection, rank r = {n['rank']}",
        va="top",
        color=theme.fg,
        fontweight="bold",
    )
    ax.text(0, height - 26, "h = W₀x + (α/r)·BAx", va="top", color=theme.fg)
    ax.plot([0, width], [46, 46], color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(
        0,
        38,
        f"All 7 projections × 32 layers: {n['all_layers'] / 1e6:.1f}M trained,\n"
        f"{n['fraction_pct']:.2f}% of {n['base_linear'] / 1e9:.2f}B frozen weights",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    return check_fits(fig, "post-training/lora-update")


# --- GRPO: advantages within a group, and groups that give no gradient -----------------------------

GROUP = 8
MIXED = (1, 0, 0, 1, 0, 0, 0, 0)  # 2 of 8 correct
SOLVED = (1,) * GROUP  # all correct


def advantage_groups() -> list[tuple[str, tuple[int, ...], list[float]]]:
    """(title, rewards, advantages) for the two groups drawn."""
    return [
        ("2 of 8 correct", MIXED, group_advantages(MIXED)),
        ("8 of 8 correct", SOLVED, group_advantages(SOLVED)),
    ]


@figure("post-training/grpo-advantages")
def grpo_advantages(theme: style.Theme):
    fig = style.new_figure(432, 330)
    ax = fig.add_subplot()
    good, bad = theme.color(2), theme.color(1)
    ticks, labels = [], []
    for g, (title, rewards, adv) in enumerate(advantage_groups()):
        start = g * (GROUP + 1.5)
        for i, (r, a) in enumerate(zip(rewards, adv, strict=True)):
            x = start + i
            ax.bar(
                x,
                a,
                width=0.72,
                color=theme.fill(2) if r else theme.fill(1),
                edgecolor=good if r else bad,
                linewidth=1.5,
                hatch=None if r else "//",
            )
            ticks.append(x)
            labels.append(str(r))
        ax.text(start + (GROUP - 1) / 2, 2.25, title, ha="center", va="bottom", color=theme.fg)
        if any(adv):
            hi, lo = max(adv), min(adv)
            i_hi, i_lo = rewards.index(1, 1), rewards.index(0, 4)  # label inner bars, not edges
            ax.text(start + i_hi, hi + 0.08, f"+{hi:.2f}", ha="center", va="bottom", color=good)
            ax.text(start + i_lo, lo - 0.08, f"−{abs(lo):.2f}", ha="center", va="top", color=bad)
        else:
            # Zero-height bars do not show: mark each response on the axis instead.
            ax.plot(
                [start + i for i in range(GROUP)],
                [0] * GROUP,
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor=theme.fill(2),
                markeredgecolor=good,
                markeredgewidth=1.5,
                clip_on=False,
                zorder=3,
            )
            ax.text(
                start + (GROUP - 1) / 2,
                0.15,
                "all 0: no gradient",
                ha="center",
                va="bottom",
                color=theme.fg,
            )
    ax.axhline(0, color=theme.fg, linewidth=style.THIN)
    ax.set_xticks(ticks, labels)
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.8, ticks[-1] + 0.8)
    ax.set_ylim(-1.2, 2.7)
    ax.set_yticks([-1, 0, 1, 2])
    ax.set_xlabel("Reward of each of the G = 8 responses")
    ax.set_ylabel("Advantage Â")
    ax.grid(axis="x", visible=False)
    return fig


ZERO_GROUPS = (4, 8, 16, 64)
ZERO_PS = [i / 100 for i in range(101)]
ZERO_MARKS = ((0.5, 16), (0.9, 16))  # the two values the page computes


def zero_advantage_data() -> dict[int, list[float]]:
    """G -> share of groups with zero advantage at each p of ZERO_PS."""
    return {g: [zero_advantage_probability(p, g) for p in ZERO_PS] for g in ZERO_GROUPS}


@figure("post-training/zero-advantage-groups")
def zero_advantage_groups(theme: style.Theme):
    fig = style.new_figure(432, 360)
    ax = fig.add_subplot()
    for i, (g, values) in enumerate(zero_advantage_data().items()):
        ax.plot(ZERO_PS, values, **style.series(i, theme), markevery=10, label=f"G = {g}")
    (p_mid, g_mid), (p_hi, g_hi) = ZERO_MARKS
    v_mid, v_hi = (zero_advantage_probability(p, g) for p, g in ZERO_MARKS)
    ax.annotate(
        f"{v_hi:.3f}",
        xy=(p_hi, v_hi),
        xytext=(p_hi - 0.13, v_hi + 0.17),
        color=theme.fg,
        ha="center",
        arrowprops={"arrowstyle": "-", "color": theme.muted, "linewidth": style.THIN},
    )
    mantissa, exponent = f"{v_mid:.0e}".split("e")
    sup = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    ax.annotate(
        f"{mantissa}×10{sup}",
        xy=(p_mid, v_mid),
        xytext=(p_mid, 0.3),
        color=theme.fg,
        ha="center",
        arrowprops={"arrowstyle": "-", "color": theme.muted, "linewidth": style.THIN},
    )
    ax.legend(loc="upper center", ncols=2, handlelength=2.6, columnspacing=1.2)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.3)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"])
    ax.set_xlabel("Probability p that one sample is correct")
    ax.set_ylabel("Share of groups with zero advantage")
    return fig
