"""Typeset math at build time with KaTeX, so pages carry no math JavaScript and work offline.

``pymdownx.arithmatex`` (generic mode) wraps TeX in ``<span class="arithmatex">\\(...\\)</span>``
and ``<div class="arithmatex">\\[...\\]</div>``. This hook renders each one with the pinned npm
package ``katex`` (one Node.js process per page) and copies KaTeX's stylesheet and fonts into
``assets/katex/`` of the built site. Any TeX error fails the build with the page and formula.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', flags=re.DOTALL
)
# Node.js program: reads [{"tex", "display"}] as JSON on stdin, writes [{"html"} | {"error"}].
RENDERER = """
const katex = require("katex");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
"""
ASSET_DIR = "assets/katex"

_cache: dict[tuple[str, bool], str] = {}


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    return render_math(html_text, _node_modules(config), page.file.src_uri, page.markdown or "")


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    copy_assets(_node_modules(config) / "katex" / "dist", site / ASSET_DIR)
    # Pages that plugins write after the page events (the print page) still hold raw math.
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if 'class="arithmatex"' in text:
            rel = path.relative_to(site).as_posix()
            path.write_text(render_math(text, _node_modules(config), rel), encoding="utf-8")


def render_math(html_text: str, node_modules: Path, src: str, markdown: str = "") -> str:
    """Replace every arithmatex element in ``html_text`` with KaTeX HTML."""
    found = [(m, *split_delimiters(m.group("body"))) for m in MATH.finditer(html_text)]
    todo = sorted({(tex, display) for _, tex, display in found if (tex, display) not in _cache})
    if todo:
        for (tex, display), result in zip(todo, _run_katex(todo, node_modules), strict=True):
            if "error" in result:
                line = _line_of(markdown, tex)
                raise PluginError(
                    f"docs/{src}:{line}: KaTeX cannot typeset '{tex}': {result['error']}. "
                    "Fix the TeX (KaTeX supports a subset of LaTeX: https://katex.org/docs/supported)."
                )
            _cache[(tex, display)] = result["html"]
    return MATH.sub(lambda m: _cache[split_delimiters(m.group("body"))], html_text)


def split_delimiters(body: str) -> tuple[str, bool]:
    """Return (TeX, display?) from arithmatex's ``\\(...\\)`` or ``\\[...\\]`` body."""
    body = html.unescape(body.strip())
    if body.startswith("\\(") and body.endswith("\\)"):
        return body[2:-2].strip(), False
    if body.startswith("\\[") and body.endswith("\\]"):
        return body[2:-2].strip(), True
    raise PluginError(f"Unexpected arithmatex output (no \\( or \\[ delimiters): {body[:80]!r}")


def copy_assets(dist: Path, target: Path) -> None:
    css = dist / "katex.min.css"
    if not css.is_file():
        raise PluginError(f"{css} not found: run `make setup` (npm ci) to install KaTeX.")
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(css, target / "katex.min.css")
    for font in (dist / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)


def _run_katex(items: list[tuple[str, bool]], node_modules: Path) -> list[dict[str, str]]:
    node = shutil.which("node")
    if node is None:
        raise PluginError("Node.js is needed to render math with KaTeX: install 'nodejs'.")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in items])
    env = {**os.environ, "NODE_PATH": str(node_modules)}
    proc = subprocess.run(
        [node, "-e", RENDERER], input=payload, capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise PluginError(f"KaTeX renderer failed: {proc.stderr.strip()[:500]}")
    return json.loads(proc.stdout)


def _node_modules(config: MkDocsConfig) -> Path:
    path = Path(config.config_file_path).parent / "node_modules"
    if not (path / "katex").is_dir():
        raise PluginError(f"{path}/katex not found: run `make setup` (npm ci) to install KaTeX.")
    return path


def _line_of(markdown: str, tex: str) -> int:
    index = markdown.find(tex[:40])
    return markdown.count("\n", 0, index) + 1 if index >= 0 else 0
