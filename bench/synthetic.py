"""Write a copy of the project with N synthetic, cross-linked pages added, for scale benchmarks.

The copy is the project itself: its mkdocs.yml (nav extended), overrides/ (theme and hooks),
all of docs/ (so every hook finds the data it reads: references.bib, the glossary, the special
pages) and a symlink to node_modules/ for KaTeX. With N = 0 it is the real site, the baseline
that per-page figures are measured against. The N pages go under docs/synthetic/ in sections of
20 (``sNNN/README.md`` and ``sNNN/pMM.md``), five sections to a nav part, as a large real site
would be organised. Every page has headings with explicit ids, links to anchors on other pages and
on itself, inline and display math, a code block, a table and citations of references.bib keys;
section indexes end each page summary in "Read more".

    python bench/synthetic.py N DIR [--full-nav]
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SECTION = 20  # pages per section, its README.md included
PART = 5  # sections per nav part


def src(i: int) -> str:
    section, k = divmod(i, SECTION)
    return f"s{section:03d}/" + ("README.md" if k == 0 else f"p{k:02d}.md")


def page(i: int, n: int, keys: list[str]) -> str:
    cite = [keys[(i * 7 + j) % len(keys)] for j in range(4)]
    links = ", ".join(f"[page {j}](../{src(j)}#p{j}-b)" for j in {(i * 7 + 1) % n, (i + 1) % n})
    body = [
        f"# Page {i}\n",
        f"Page {i} of {n}: a synthetic note that cites [@{cite[0]}] and "
        f"[@{cite[1]}; @{cite[2]}], links to {links} and to [its results](#p{i}-c).\n",
        f"## Background {{#p{i}-a}}\n",
        f"The quantity $x_{{{i}}} = \\frac{{a + {i}}}{{b}}$ grows as $n^{{{i % 7 + 2}}}$ "
        f"[@{cite[3]}].\n",
        f"$$\n\\sum_{{k=1}}^{{{i + 2}}} \\binom{{n}}{{k}} p^k (1-p)^{{n-k}} \\le {i + 1}\n$$\n",
        f"## Method {{#p{i}-b}}\n",
        "Some words about the method. " * 40 + "\n",
        f"```python\ndef step_{i}(x: float) -> float:\n    return x * {i} + 1\n```\n",
        f"## Results {{#p{i}-c}}\n",
        "| k | value |\n| --- | --- |\n" + "".join(f"| {k} | {k * i} |\n" for k in range(5)),
    ]
    if i % SECTION == 0:  # a section index: one summary per page, each ending in "Read more"
        for j in range(i + 1, min(i + SECTION, n)):
            body.append(f"Summary of page {j}.\n\n[Read more](../{src(j)}#p{j}-a)\n")
    return "\n".join(body)


def nav(n: int) -> list:
    sections = [
        {
            f"Section {s}": [
                f"synthetic/{src(i)}" for i in range(s * SECTION, min(n, (s + 1) * SECTION))
            ]
        }
        for s in range((n + SECTION - 1) // SECTION)
    ]
    parts = [{f"Part {p}": sections[p : p + PART]} for p in range(0, len(sections), PART)]
    return [{"Synthetic": ["synthetic/README.md", *parts]}]


def generate(n: int, dest: Path, full_nav: bool = False) -> Path:
    """Write the project with ``n`` synthetic pages to ``dest`` (replaced) and return it. With
    ``full_nav`` Material's ``navigation.prune`` is taken out, so every page embeds the whole
    navigation (the comparison that shows why the project prunes it)."""
    if dest.exists():
        shutil.rmtree(dest)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=ignore)
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=ignore)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if full_nav:
        config["theme"]["features"].remove("navigation.prune")
    if n:
        config["nav"] += nav(n)
        bib = (ROOT / "docs" / "references.bib").read_text(encoding="utf-8")
        keys = re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.M)
        home = ["# Synthetic pages\n"] + [
            f"Section {s // SECTION}.\n\n[Read more]({src(s)})\n" for s in range(0, n, SECTION)
        ]
        (dest / "docs" / "synthetic").mkdir()
        (dest / "docs" / "synthetic" / "README.md").write_text("\n".join(home), encoding="utf-8")
        for i in range(n):
            path = dest / "docs" / "synthetic" / src(i)
            path.parent.mkdir(exist_ok=True)
            path.write_text(page(i, n, keys), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--full-nav", action="store_true", help="without navigation.prune")
    args = parser.parse_args()
    print(generate(args.n, args.dest, args.full_nav))
