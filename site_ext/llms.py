"""``/llms.txt`` (an index of the notes for AI assistants, per https://llmstxt.org/), a Markdown
copy of each listed note beside its page, and ``/llms-full.txt`` (all copies in one file).

The copies come from the Markdown sources, not the rendered HTML: math stays as TeX, citations
become numbered links with a References list, relative links become absolute URLs. A plain
function over ``docs/``: the MkDocs hook calls it after a full build, and any other build can too
(``python -m site_ext.llms SITE_DIR``).
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from site_ext import bibliography, sources
from site_ext.citations import bib_for

ATTRS = re.compile(r"\s*\{:?\s*[#.][^}]*\}")  # attr_list: {#id}, { .class }, {: #id }
LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+?)(#[^)\s]*)?\)")


def page_url(src: str) -> str:
    """Site-relative URL of a page under MkDocs' directory URLs."""
    path = src.removesuffix(".md")
    if path == "index" or path.endswith(("/index", "/README")) or path == "README":
        path = path.rpartition("/")[0]
    return f"{path}/" if path else ""


def copy_path(src: str) -> str:
    return page_url(src) + "index.md"


def note_markdown(src: str, docs_dir: Path, site_url: str, bib_name: str = "references.bib") -> str:
    page = sources.pages(docs_dir)[src]
    bib = bib_for(docs_dir / bib_name)
    base = posixpath.dirname(src)
    numbers: dict[str, int] = {}

    def cite(text: str, _: int) -> str:
        def one(match: re.Match[str]) -> str:
            keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
            marks = []
            for key in keys:
                number = numbers.setdefault(key, len(numbers) + 1)
                marks.append(f"[{number}]({bib[key].url})" if key in bib else f"[@{key}]")
            return "[" + ", ".join(marks) + "]"

        text = bibliography.CITATION.sub(one, text)
        text = ATTRS.sub("", text)

        def absolute(match: re.Match[str]) -> str:
            target, anchor = match.group(1), match.group(2) or ""
            if not target.endswith(".md"):
                return match.group(0)
            url = page_url(posixpath.normpath(posixpath.join(base, target)))
            return f"]({site_url}{url}{anchor})"

        return LINK.sub(absolute, text)

    body = bibliography.map_prose(page.body, cite).strip()
    if numbers:
        refs = "\n".join(
            f"{n}. {bib[k].as_markdown()}"
            for k, n in sorted(numbers.items(), key=lambda i: i[1])
            if k in bib
        )
        body += "\n\n## References\n\n" + refs
    return body + "\n"


def write_llms(docs_dir: Path, site_dir: Path, site_url: str, config: dict[str, Any]) -> list[Path]:
    """Write llms.txt, the copies and llms-full.txt; ``config`` is ``extra.llmstxt`` of mkdocs.yml."""
    site_url = site_url.rstrip("/") + "/"
    titles = sources.titles(docs_dir)
    lines = [f"# {config['site_name']}", "", f"> {config['site_description'].strip()}", ""]
    if config.get("markdown_description"):
        lines += [config["markdown_description"].strip(), ""]
    written: list[Path] = []
    full: list[str] = []
    for section, entries in config["sections"].items():
        lines += [f"## {section}", ""]
        for entry in entries:
            ((src, description),) = entry.items()
            if src not in titles:
                raise sources.SiteError(
                    f"mkdocs.yml: extra.llmstxt lists '{src}', which is not a page below docs/."
                )
            lines.append(f"- [{titles[src]}]({site_url}{copy_path(src)}): {description}")
            text = note_markdown(src, docs_dir, site_url)
            out = site_dir / copy_path(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            written.append(out)
            full.append(text)
        lines.append("")
    (site_dir / "llms.txt").write_text("\n".join(lines), encoding="utf-8")
    (site_dir / "llms-full.txt").write_text("\n\n".join(full), encoding="utf-8")
    return [site_dir / "llms.txt", site_dir / "llms-full.txt", *written]


def main(argv: list[str]) -> int:
    """``python -m site_ext.llms SITE_DIR [CONFIG]``: for builds that run no MkDocs hook."""
    site = Path(argv[0])
    config_path = Path(argv[1] if len(argv) > 1 else "mkdocs.yml")
    config = yaml.load(config_path.read_text("utf-8"), Loader=_Loader)
    llms = {**config["extra"]["llmstxt"], "site_name": config["site_name"]}
    llms["site_description"] = config.get("site_description", "")
    docs = config_path.parent / config.get("docs_dir", "docs")
    write_llms(docs, site, config.get("site_url", ""), llms)
    return 0


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !relative tags: read them as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
