"""Python-Markdown extension: math typeset at build time as MathML, so pages carry no math
JavaScript, CSS or fonts.

``pymdownx.arithmatex`` (generic mode) wraps TeX in ``<span class="arithmatex">\\(...\\)</span>``
and ``<div class="arithmatex">\\[...\\]</div>``. This extension's postprocessor converts each
one to MathML with the
pinned npm package ``katex`` (``output: "mathml"``); browsers draw MathML natively (MathML Core:
Chromium 109+, Firefox, Safari), and screen readers read it. Display formulas are wrapped in
``<div class="math-display">`` so wide ones scroll sideways. MathML Core drops the
``mathvariant`` styles other than "normal", so ``\\mathbb{R}``, ``\\mathcal{L}`` or ``\\mathbf{W}``
would show as plain letters; ``math_alphanumerics`` writes them as the Unicode mathematical
letters instead (ℝ, ℒ, 𝐖), which is how MathML Core expects them.

One Node.js process serves the whole build (and every rebuild under ``mkdocs serve``), started on
the first formula that is not in the cache: it reads one JSON request per line and answers one JSON
line. Results are cached by (KaTeX version, TeX, display) in memory and in
``.cache/site-math.json`` beside ``node_modules``, so a rebuild converts only new formulas. Any TeX
error fails the build with the page, line and formula.

Option: ``node_modules`` (folder holding ``katex``; default: the nearest ``node_modules`` above the
docs folder).
"""

from __future__ import annotations

import atexit
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from site_ext import sources
from site_ext.context import SiteError as PluginError
from site_ext.context import page_of, session

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', flags=re.DOTALL
)
# Node.js program: each stdin line is [{"tex", "display"}]; each stdout line is [{"html"} |
# {"error"}] in the same order.
RENDERER = """
const katex = require("katex");
const readline = require("readline");
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const out = JSON.parse(line).map(({ tex, display }) => {
    try {
      const options = { displayMode: display, output: "mathml", throwOnError: true };
      return { html: katex.renderToString(tex, options) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(out) + "\\n");
});
"""

TEX_ANNOTATION_ELEMENT = re.compile(
    r'<annotation encoding="application/x-tex">.*?</annotation>', re.S
)
CACHE_FORMAT = "2"  # bump when what is stored per formula changes (2: without the TeX annotation)

# mathvariant -> (first code point for A, for a, for 0 or None, exceptions) of the Unicode
# Mathematical Alphanumeric Symbols block; the exceptions are letters encoded earlier in
# Letterlike Symbols (the block leaves holes for them).
VARIANTS: dict[str, tuple[int, int, int | None, dict[str, str]]] = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE, {}),
    "italic": (0x1D434, 0x1D44E, None, {"h": "\u210e"}),
    "bold-italic": (0x1D468, 0x1D482, None, {}),
    "script": (0x1D49C, 0x1D4B6, None, dict(zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ", strict=True))),
    "fraktur": (0x1D504, 0x1D51E, None, dict(zip("CHIRZ", "ℭℌℑℜℨ", strict=True))),
    "double-struck": (0x1D538, 0x1D552, 0x1D7D8, dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True))),
    "sans-serif": (0x1D5A0, 0x1D5BA, 0x1D7E2, {}),
    "monospace": (0x1D670, 0x1D68A, 0x1D7F6, {}),
}
GREEK = {
    "bold": (0x1D6A8, 0x1D6C2),
    "italic": (0x1D6E2, 0x1D6FC),
    "bold-italic": (0x1D71C, 0x1D736),
}
VARIANT_TOKEN = re.compile(r'<(mi|mn|mo|mtext) mathvariant="([a-z-]+)">([^<]*)</\1>')

_cache: dict[tuple[str, bool], str] = {}
_node: subprocess.Popen[str] | None = None
_disk: dict[str, Path | str | bool] = {}  # the cache file loaded into _cache, and its KaTeX version


def shutdown() -> None:
    """Stop the Node.js process and save the cache (also run at exit)."""
    global _node
    save_cache()
    if _node is not None:
        _node.stdin.close()  # type: ignore[union-attr]
        _node.wait(timeout=10)
        _node = None


atexit.register(shutdown)


def load_cache(node_modules: Path) -> None:
    """Fill the memory cache from the disk cache made with the same KaTeX version."""
    path = node_modules.parent / ".cache" / "site-math.json"
    if _disk.get("path") == path:
        return
    save_cache()
    version = json.loads((node_modules / "katex" / "package.json").read_text("utf-8"))["version"]
    _cache.clear()
    version = f"{version}/{CACHE_FORMAT}"
    _disk.update(path=path, version=version, dirty=False)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if stored.get("katex") == version:
        for tex, display, out in stored.get("formulas", []):
            _cache[(tex, bool(display))] = out


def save_cache() -> None:
    path = _disk.get("path")
    if not isinstance(path, Path) or not _disk.get("dirty"):
        return
    path.parent.mkdir(exist_ok=True)
    formulas = [[tex, display, out] for (tex, display), out in sorted(_cache.items())]
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"katex": _disk["version"], "formulas": formulas}), "utf-8")
    tmp.replace(path)
    _disk["dirty"] = False


def render_math(html_text: str, node_modules: Path, src: str, markdown: str = "") -> str:
    """Replace every arithmatex element in ``html_text`` with MathML."""
    found = [split_delimiters(m.group("body")) for m in MATH.finditer(html_text)]
    todo = sorted({item for item in found if item not in _cache})
    if todo:
        for (tex, display), result in zip(todo, _run_katex(todo, node_modules), strict=True):
            if "error" in result:
                line = _line_of(markdown, tex)
                raise PluginError(
                    f"docs/{src}:{line}: KaTeX cannot typeset '{tex}': {result['error']}. "
                    "Fix the TeX (KaTeX supports a subset of LaTeX: https://katex.org/docs/supported)."
                )
            # The TeX annotation is dropped: browsers do not render it, it kept formulas out of
            # search only by an attribute, and it cost pages about 0.8 KiB gzip each; the TeX is
            # in each note's Markdown copy (llms.txt) and its source.
            mathml = TEX_ANNOTATION_ELEMENT.sub("", math_alphanumerics(result["html"]))
            _cache[(tex, display)] = (
                f'<div class="math-display">{mathml}</div>' if display else mathml
            )
            _disk["dirty"] = True
    return MATH.sub(lambda m: _cache[split_delimiters(m.group("body"))], html_text)


def math_alphanumerics(mathml: str) -> str:
    """Rewrite ``<mi mathvariant="double-struck">R</mi>`` as ``<mi>ℝ</mi>``, and likewise for
    the other variants in VARIANTS; tokens in other variants, or with other characters, stay."""

    def letter(char: str, variant: str) -> str | None:
        upper, lower, digit, exceptions = VARIANTS[variant]
        if char in exceptions:
            return exceptions[char]
        if "A" <= char <= "Z":
            return chr(upper + ord(char) - ord("A"))
        if "a" <= char <= "z":
            return chr(lower + ord(char) - ord("a"))
        if "0" <= char <= "9" and digit is not None:
            return chr(digit + ord(char) - ord("0"))
        if variant in GREEK and "\u0391" <= char <= "\u03a9" and char != "\u03a2":
            return chr(GREEK[variant][0] + ord(char) - 0x391)
        if variant in GREEK and "\u03b1" <= char <= "\u03c9":
            return chr(GREEK[variant][1] + ord(char) - 0x3B1)
        return None

    def token(match: re.Match[str]) -> str:
        tag, variant, text = match.groups()
        if variant not in VARIANTS or not text:
            return match.group(0)
        mapped = [letter(char, variant) for char in text]
        if None in mapped:
            return match.group(0)
        return f"<{tag}>{''.join(mapped)}</{tag}>"  # type: ignore[arg-type]

    return VARIANT_TOKEN.sub(token, mathml)


def split_delimiters(body: str) -> tuple[str, bool]:
    """Return (TeX, display?) from arithmatex's ``\\(...\\)`` or ``\\[...\\]`` body."""
    body = html.unescape(body.strip())
    if body.startswith("\\(") and body.endswith("\\)"):
        return body[2:-2].strip(), False
    if body.startswith("\\[") and body.endswith("\\]"):
        return body[2:-2].strip(), True
    raise PluginError(f"Unexpected arithmatex output (no \\( or \\[ delimiters): {body[:80]!r}")


def _run_katex(items: list[tuple[str, bool]], node_modules: Path) -> list[dict[str, str]]:
    global _node
    if _node is None or _node.poll() is not None:
        node = shutil.which("node")
        if node is None:
            raise PluginError("Node.js is needed to render math with KaTeX: install 'nodejs'.")
        env = {**os.environ, "NODE_PATH": str(node_modules)}
        _node = subprocess.Popen(
            [node, "-e", RENDERER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
    assert _node.stdin is not None and _node.stdout is not None
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in items])
    try:
        _node.stdin.write(payload + "\n")
        _node.stdin.flush()
        answer = _node.stdout.readline()
    except BrokenPipeError:
        answer = ""
    if not answer:
        stderr = _node.stderr.read() if _node.poll() is not None and _node.stderr else ""
        _node = None
        raise PluginError(f"KaTeX renderer (node) stopped: {stderr.strip()[:500]}")
    return json.loads(answer)


def find_node_modules(docs_dir: Path, configured: str = "") -> Path:
    candidates = (
        [Path(configured)] if configured else [p / "node_modules" for p in docs_dir.parents]
    )
    for path in candidates:
        if (path / "katex").is_dir():
            return path
    raise PluginError(
        f"{candidates[0]}/katex not found: run `make setup` (npm ci) to install KaTeX."
    )


def render_page(html_text: str, docs_dir: Path, src: str, node_modules: str = "") -> str:
    """Convert the math of one page's HTML (``src`` below ``docs_dir``), with file:line errors."""
    if 'class="arithmatex"' not in html_text:
        return html_text
    modules = find_node_modules(docs_dir, node_modules)
    load_cache(modules)
    source = sources.pages(docs_dir).get(src)
    markdown = ("\n" * source.front_lines + source.body) if source else ""
    return render_math(html_text, modules, src, markdown)


MATHML = re.compile(r"<math\b.*?</math>", flags=re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def as_text(html_text: str) -> str:
    """The page with each MathML formula replaced by its text, as Material's search plugin reads
    it: a text between two tags that is only white space counts as one space."""
    if "<math" not in html_text:
        return html_text

    def text(match: re.Match[str]) -> str:
        out: list[str] = []
        for chunk in TAG.split(match.group(0)):
            if chunk and html.unescape(chunk).isspace():
                chunk = "" if out and out[-1] == " " else " "
            if chunk:
                out.append(chunk)
        return "".join(out)

    return MATHML.sub(text, html_text)


class MathPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, node_modules: str) -> None:
        super().__init__(md)
        self.node_modules = node_modules

    def run(self, text: str) -> str:
        if 'class="arithmatex"' not in text:
            return text
        page = page_of(self.md)
        if page is not None and page.builder == "mkdocs" and session.get("defer_math"):
            return text  # hooks/site.py converts it once the print page has its copy
        docs = page.docs_dir if page else Path.cwd() / "docs"
        src = page.src if page else "(text outside a page)"
        return render_page(text, docs, src, self.node_modules)


class MathExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"node_modules": ["", "folder holding the katex package"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # after raw HTML is put back (30), so every arithmatex element is in the text
        md.postprocessors.register(
            MathPostprocessor(md, self.getConfig("node_modules")), "site_math", 25
        )


def makeExtension(**kwargs: Any) -> MathExtension:  # noqa: N802
    return MathExtension(**kwargs)


def _line_of(markdown: str, tex: str) -> int:
    index = markdown.find(tex[:40])
    return markdown.count("\n", 0, index) + 1 if index >= 0 else 0
