"""site_ext/math.py: TeX becomes MathML at build time, and bad TeX fails loudly."""

from __future__ import annotations

import pytest

from site_ext import math as katex
from site_ext.context import SiteError as PluginError
from tests.sitecheck import ROOT

NODE_MODULES = ROOT / "node_modules"


def test_inline_and_display_math_become_mathml() -> None:
    html = (
        '<p>Take <span class="arithmatex">\\(\\frac{c}{n}\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\\binom{n}{k}\\]</div>'
    )
    out = katex.render_math(html, NODE_MODULES, "page.md")
    assert "arithmatex" not in out and "\\(" not in out
    assert out.count("<math") == 2 and "<mfrac>" in out
    assert '<div class="math-display"><span class="katex"><math' in out
    assert 'display="block"' in out
    assert "<annotation" not in out  # not rendered by browsers; 0.8 KiB gzip a page


def test_bad_tex_names_the_file_and_line() -> None:
    markdown = "# Title\n\nSome text.\n\nThe ratio $\\fracc{a}{b}$ is wrong.\n"
    html = '<p><span class="arithmatex">\\(\\fracc{a}{b}\\)</span></p>'
    with pytest.raises(PluginError) as error:
        katex.render_math(html, NODE_MODULES, "notes/page.md", markdown)
    message = str(error.value)
    assert message.startswith("docs/notes/page.md:5: KaTeX cannot typeset '\\fracc{a}{b}'")
    assert "Undefined control sequence" in message


def test_one_node_process_serves_many_pages() -> None:
    katex.render_math('<span class="arithmatex">\\(x_1\\)</span>', NODE_MODULES, "a.md")
    first = katex._node
    katex.render_math('<span class="arithmatex">\\(y_2\\)</span>', NODE_MODULES, "b.md")
    assert first is not None and katex._node is first and first.poll() is None
    katex.shutdown()
    assert first.poll() == 0 and katex._node is None


def test_math_alphabets_become_unicode_letters() -> None:
    """MathML Core ignores mathvariant (but "normal"); the letters themselves must change."""
    html = '<span class="arithmatex">\\(\\mathbb{R}^d, \\mathcal{L}, \\mathbf{W}, \\mathrm{SE}\\)</span>'
    out = katex.render_math(html, NODE_MODULES, "page.md")
    assert "<mi>ℝ</mi>" in out and "<mi>ℒ</mi>" in out and "<mi>𝐖</mi>" in out
    assert 'mathvariant="normal"' in out  # \mathrm: Chromium draws this one itself
    assert 'mathvariant="double-struck"' not in out and 'mathvariant="script"' not in out
    assert katex.math_alphanumerics('<mi mathvariant="script">B</mi>') == "<mi>ℬ</mi>"
    assert katex.math_alphanumerics('<mn mathvariant="bold">10</mn>') == "<mn>𝟏𝟎</mn>"
    unchanged = '<mo mathvariant="bold">+</mo>'  # no bold letter for "+": left for the browser
    assert katex.math_alphanumerics(unchanged) == unchanged
