"""The figures (figures/, CONTRIBUTING.md "Add a figure"): committed SVGs are what their sources
draw now, every <figure> on the built site is numbered, captioned, described and self-contained,
every SVG is used, figure links resolve, figures reach the printable page, and the numbers a
plot shares with its page agree. Each check is also shown to catch a planted mistake."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import figures
from figures import lcw, style
from tests import figurecheck, sitecheck
from tests.conftest import Planted, build_once
from tests.test_lcw_kv_cache import _table as kv_table

ROOT = sitecheck.ROOT
DOCS = ROOT / "docs"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every figure drawn afresh into a temporary folder (once per test run)."""
    return build_once(tmp_path_factory, "figures", lambda out: figures.build(out))


# --- Sources and committed SVGs -------------------------------------------------------------------


def test_committed_figures_match_their_sources(generated: Path) -> None:
    assert list(generated.rglob("*.svg")), "python -m figures drew nothing"
    errors = figurecheck.stale_figures(generated, DOCS)
    assert not errors, "\n".join(errors)


def test_planted_stale_missing_and_unsourced_svgs_are_reported(
    generated: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(generated, docs)
    stale = docs / "lcw" / "kv-cache-vs-context-dark.svg"
    stale.write_text(stale.read_text(encoding="utf-8").replace("</svg>", "<g/></svg>"), "utf-8")
    (docs / "lcw" / "kv-cache-vs-context.svg").unlink()
    (docs / "lcw" / "hand-drawn.svg").write_text("<svg/>", encoding="utf-8")
    errors = figurecheck.stale_figures(generated, docs)
    assert errors == [
        "docs/lcw/kv-cache-vs-context-dark.svg: figure 'lcw/kv-cache-vs-context' is stale: it "
        "differs from what its source in figures/ draws now. Run make figures and commit the "
        "result.",
        "docs/lcw/kv-cache-vs-context.svg: figure 'lcw/kv-cache-vs-context' is drawn by "
        "figures/ but this file is not committed. Run make figures and commit the SVGs.",
        "docs/lcw/hand-drawn.svg: no source in figures/ draws this SVG (was its @figure renamed "
        "or removed?). Draw it from a figures/ module, or delete it.",
    ], errors


def test_drawing_twice_gives_the_same_bytes() -> None:
    fig = figures.discover()["lcw/kv-cache-vs-context"]
    assert figures.render(fig) == figures.render(fig)


def test_check_mode_agrees_with_the_committed_files() -> None:
    from figures.__main__ import main

    assert main(["--check", "lcw/kv-cache-vs-context"]) == 0, "stale: run make figures"


def test_figure_names_are_checked() -> None:
    for bad in ("lcw/KV_cache", "lcw/kv-cache.svg", "/lcw/x", "lcw/x-dark"):
        with pytest.raises(ValueError, match="figure name"):
            figures.figure(bad)
    registry = figures.discover()
    assert "lcw/kv-cache-vs-context" in registry
    with pytest.raises(ValueError, match="defined twice"):
        figures.figure("lcw/kv-cache-vs-context")(lambda theme: None)


def test_data_files_name_a_source_on_every_row(tmp_path: Path) -> None:
    for csv in sorted(figures.DATA.glob("*.csv")):
        assert figures.data_rows(csv.name), f"figures/data/{csv.name} has no rows"
    (tmp_path / "planted.csv").write_text(
        "x,source\n1,grattafiori2024llama3\n2,somewhere\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"planted\.csv: row 3 .* 'somewhere'"):
        figures.data_rows("planted.csv", folder=tmp_path)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_palette_colours_contrast_with_the_page() -> None:
    """Series colours can be text (direct labels): 4.5:1 on the page background. Box fills
    carry the theme's text colour at 4.5:1 too."""
    problems = []
    for theme in style.THEMES:
        for colour in (theme.fg, theme.muted, *theme.colors):
            ratio = _contrast(colour, theme.background)
            if ratio < 4.5:
                problems.append(f"{theme.name}: {colour} on {theme.background} is {ratio:.2f}:1")
        for fill in theme.fills:
            if (ratio := _contrast(theme.fg, fill)) < 4.5:
                problems.append(f"{theme.name}: text {theme.fg} on fill {fill} is {ratio:.2f}:1")
    assert not problems, "figures/style.py palettes below 4.5:1:\n" + "\n".join(problems)


# --- Numbers a figure shares with its page --------------------------------------------------------


def test_kv_cache_figure_agrees_with_the_lcw_table() -> None:
    """Every line of the KV-cache figure passes through the value the page's table prints at
    131,072 tokens, and every table row of the same attention kind is in the figure."""
    _, tokens, rows = kv_table()
    assert tokens == lcw.TABLE_TOKENS
    by_model = {row.model: row for row in rows}
    problems = []
    for model in lcw.kv_models():
        row = by_model.get(model.table_row)
        if row is None:
            problems.append(
                f"figures/data/{lcw.KV_MODELS}: table_row {model.table_row!r} is not a row of the "
                f"KV-cache table on docs/lcw.md (rows: {sorted(by_model)})"
            )
            continue
        gib = f"{model.cache_bytes(tokens) / 2**30:.2f}"
        if gib != row.gib_text or model.cache_bytes(1) != row.per_token:
            problems.append(
                f"docs/lcw.md:{row.line}: {row.model}: the table says {row.per_token} bytes per "
                f"token and {row.gib_text} GiB; figures/data/{lcw.KV_MODELS} gives "
                f"{model.cache_bytes(1)} and {gib}. Make the data file and the table agree."
            )
    assert not problems, "\n".join(problems)


# --- Figures on the built site --------------------------------------------------------------------


def test_every_figure_is_numbered_described_and_self_contained(
    built_site: sitecheck.Site,
) -> None:
    errors = figurecheck.check_figures(built_site, ROOT)
    assert not errors, "\n".join(errors)
    count = sum(len(figurecheck.figures_of(built_site, p)) for p in built_site.html_files())
    assert count >= 1, "no <figure> found on the built site"


def test_every_svg_is_used_by_a_page(built_site: sitecheck.Site) -> None:
    errors = figurecheck.check_svgs_used(built_site, DOCS)
    assert not errors, "\n".join(errors)


def test_figures_are_on_the_printable_page(built_site: sitecheck.Site) -> None:
    errors = figurecheck.check_print_page(built_site)
    assert not errors, "\n".join(errors)


# --- Planted mistakes (conftest.plant_figure_mistakes) --------------------------------------------


@pytest.mark.slow
def test_planted_figure_mistakes_are_reported(planted: Planted) -> None:
    errors = figurecheck.check_figures(planted.site, planted.project)
    text = "\n".join(errors)
    where = "docs/planted-figures.md:"
    expected = [
        # missing alt text
        f"{where}8: figure 'fig-planted-external': image 'external.svg#only-light' "
        "has alt text of 0 characters",
        # external references inside the SVG
        "refers to something outside the file: address 'https://fonts.example.org/face.css'",
        "refers to something outside the file: <image href='https://img.example.org/chart.png'>",
        "refers to something outside the file: url(https://fonts.example.org/face.css)",
        "refers to something outside the file: @import",
        # caption numbering gap
        f"{where}14: figure 'fig-planted-gap': caption says 'Figure 3' but it is figure 2 on the "
        "page",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, f"not reported: {missing}\nreported:\n{text}"


@pytest.mark.slow
def test_planted_bad_figure_link_is_reported(planted: Planted) -> None:
    assert "fig-no-such-figure" in planted.strict_output, planted.strict_output[-3000:]
    errors = sitecheck.check_internal_links(planted.site)
    assert any(
        e.startswith("site/planted-figures/index.html:")
        and "href='../lcw/#fig-no-such-figure'" in e
        and "has no element with id 'fig-no-such-figure'" in e
        for e in errors
    ), [e for e in errors if "planted-figures" in e]


# --- The browser test's judgements, on planted measurements (no browser needed) ------------------


def _measured(**changes: object) -> dict:
    fig = {
        "id": "fig-planted",
        "shown": ["planted.svg#only-light"],
        "src": "planted.svg#only-light",
        "complete": True,
        "natural": [432, 216],
        "img": {"left": 16, "right": 359, "width": 343, "height": 171.5},
        "column": {"left": 16, "right": 359, "width": 343, "height": 2000},
        "region": None,
    }
    fig.update(changes)
    return fig


def test_browser_checks_catch_clipped_small_and_blank_figures(tmp_path: Path) -> None:
    from PIL import Image

    from tests.test_figures_browser import _blank, _check_figure

    page = tmp_path / "page"
    page.mkdir()
    (page / "planted.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="432" height="216" viewBox="0 0 360 180">'
        '<text style="font-size: 12px">small</text></svg>',
        encoding="utf-8",
    )

    def check(fig: dict) -> list[str]:
        return _check_figure(tmp_path, "page/index.html", "here", fig, "only-light")

    # 12 units in a 360-unit viewBox drawn 343 px wide: 11.4 px, under 12.8 px.
    assert any("shows at 11.4 px in 343 px, under 12.8 px" in e for e in check(_measured()))
    wide = {"left": 16, "right": 448, "width": 432, "height": 216}
    assert any("overflows the column (16..359 px)" in e for e in check(_measured(img=wide)))
    region = {"box": _measured()["column"], "scrollWidth": 432, "tabindex": None, "label": "x"}
    assert any(
        "needs tabindex" in e for e in check(_measured(img=wide, region={**region, "role": ""}))
    )
    assert not [
        e
        for e in check(_measured(img=wide, region={**region, "tabindex": "0", "role": "region"}))
        if "region" in e
    ]
    assert any("shows ['a', 'b']" in e for e in check(_measured(shown=["a", "b"])))
    assert any("did not load" in e for e in check(_measured(complete=False)))
    for colour_count, expected in ((1, "one colour only"), (2, None)):
        image = Image.new("RGB", (100, 50), "white")
        if colour_count == 2:
            image.paste((0, 0, 0), (10, 10, 60, 30))
        png = io.BytesIO()
        image.save(png, format="PNG")
        why = _blank(png.getvalue())
        assert (why is None) if expected is None else (expected in why), why


RECIPES = DOCS / "lcw" / "training-recipes.md"


def _comparison_rows() -> dict[str, tuple[int, list[str]]]:
    """First cell (without its citation) -> (line, cells) of the page's comparison table."""
    rows = {}
    for number, line in enumerate(RECIPES.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("| ") and not line.startswith("| Recipe") and "---" not in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0].split(" [@")[0]] = (number, cells)
    return rows


def test_recipe_stages_figure_agrees_with_the_comparison_table() -> None:
    """Each stage's token count is the one in the table's 'Tokens for extension' cell (63B for
    DeepSeek-V3's 62.9B), and DeepSeek-V3's 62.9B is 1,000 steps x batch x length."""
    from figures import lcw_training_recipes as recipes

    table = _comparison_rows()
    problems = []
    for name, steps in recipes.stages().items():
        key = name.split(" (")[0]
        if key not in table:
            problems.append(f"{recipes.STAGES}: recipe {name!r} is not a row of the table")
            continue
        line, cells = table[key]
        for step in steps:
            tokens = float(step["tokens_b"])
            shown = {f"{tokens:g}B", f"{round(tokens)}B"}
            if not any(s in cells[3] for s in shown):
                problems.append(
                    f"docs/lcw/training-recipes.md:{line}: {name}: the figure shows {tokens:g}B "
                    f"for a stage, the table's tokens cell says {cells[3]!r}. Make them agree."
                )
    for length, batch in ((32_768, 1_920), (131_072, 480)):
        assert round(1_000 * batch * length / 1e9, 1) == 62.9
    assert not problems, "\n".join(problems)


def test_rope_bases_figure_agrees_with_the_page() -> None:
    from calc import rope
    from figures import lcw_training_recipes as recipes

    text = RECIPES.read_text(encoding="utf-8")
    for point in recipes.rope_bases():
        base = float(point["base"])
        exponent = int(f"{base:e}".split("e")[1])
        mantissa = f"{base / 10**exponent:g}"
        forms = [f"{int(base):,}", f"${mantissa} \\times 10^{exponent}$"]
        if exponent > 9:
            forms.append(f"${mantissa} \\times 10^{{{exponent}}}$")
        if mantissa == "1":
            forms.append(f"$10^{exponent}$")
        assert any(f in text for f in forms), (
            f"figures/data/{recipes.BASES}: base {base:g} for {point['model']} is not on "
            f"docs/lcw/training-recipes.md as any of {forms}"
        )
        # The caption's claim: one to three orders of magnitude above the one-turn base.
        ratio = base / rope.base_for_slowest_wavelength(recipes.HEAD_DIM, int(point["length"]))
        assert 10 <= ratio <= 2_000, (point, ratio)


LOW_PRECISION = DOCS / "low-precision" / "README.md"


def test_low_precision_figures_agree_with_the_page() -> None:
    """Binades of FP8 (Figure 2), bits per element (Figure 3) and the dense peaks (Figure 4)
    are the ones the page's text and hardware table state."""
    from figures import low_precision as lp

    text = LOW_PRECISION.read_text(encoding="utf-8")
    assert f"\\approx {lp.binades('FP8 E4M3'):.1f}$" in text, "E4M3 binades (17.8) not on page"
    assert f"about {round(lp.binades('FP8 E5M2'))} binades" in text, "E5M2: 'about 32 binades'"
    for label, element, scale, block in (("MXFP4", 4, 8, 32), ("MXFP8", 8, 8, 32)):
        bits = lp.bits_per_element(element, scale, block)
        assert f"{bits:g} bits per element" in text, f"{label}: {bits:g} bits per element"
    assert f"$4 + 8/16 = {lp.bits_per_element(4, 8, 16):g}$ bits per element" in text
    rows = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("| ") and ("TFLOPS" in line or "PFLOPS" in line):
            rows[line.split("|")[1].strip()] = (number, line)
    problems = []
    columns = {"BF16": 2, "FP8": 3, "FP4": 5}
    for gpu, rates in lp.peak_rates().items():
        if gpu not in rows:
            problems.append(f"figures/data/{lp.PEAKS}: GPU {gpu!r} is not a row of the table")
            continue
        number, line = rows[gpu]
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for fmt, value in rates.items():
            cell = cells[columns[fmt] - 1]
            dense = float(cell.split("/")[0].replace(",", ""))
            if "TFLOPS" in cell:
                dense /= 1000
            if dense != value:
                problems.append(
                    f"docs/low-precision/README.md:{number}: {gpu} {fmt} dense is {cell!r} in the "
                    f"table but {value:g} PFLOPS in figures/data/{lp.PEAKS}. Make them agree."
                )
    assert not problems, "\n".join(problems)
