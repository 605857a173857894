"""Reader features computed at build time from one source each.

- Glossary (``docs/glossary.yml``): every page gets the terms as abbreviations, so hovering or
  focusing a term shows its definition; ``docs/glossary.md`` gets the full list in place of
  ``<!-- glossary -->``, each entry linking to the note that explains it.
- Backlinks: each note ends with the notes that link to it (from the Markdown link graph).
- Last updated: each note shows the date of its last commit; outside git it says so.
- Cite this page: each note ends with a BibTeX entry for itself (URL and date).
- Print page: the print-site plugin prefixes in-page links with each section's id but leaves
  some ids (footnote markers, code-line anchors, titles) unprefixed; ``fix_print_anchors``
  renames exactly those ids that a prefixed link points to, so every link inside it works.

A note is any page except the special pages listed in ``NOT_NOTES``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

GLOSSARY_FILE = "glossary.yml"
GLOSSARY_MARKER = "<!-- glossary -->"
NOT_NOTES = {"index.md", "glossary.md", "bibliography.md", "tags.md"}
LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
H1 = re.compile(r"^# .*$", re.M)
PRINT_PAGE = "print_page/index.html"
SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_ATTR = re.compile(r'\b(id|name)="([^"]+)"')


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    page: str


_state: dict[str, object] = {}


# --- MkDocs events -------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    _state["glossary"] = load_glossary(Path(config.docs_dir) / GLOSSARY_FILE)
    _state["dates"] = git_dates(root, Path(config.docs_dir))
    _state["build_date"] = dt.date.today().isoformat()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    sources = {f.src_uri: f.content_string for f in files.documentation_pages()}
    _state["backlinks"] = backlinks(sources)
    _state["titles"] = {src: page_title(text, src) for src, text in sources.items()}
    glossary: list[Term] = _state["glossary"]  # type: ignore[assignment]
    problems = [
        f"docs/{GLOSSARY_FILE}: term '{t.term}' points to '{t.page}', which is not a page."
        for t in glossary
        if t.page.split("#")[0] not in sources
    ]
    if problems:
        raise PluginError("\n".join(problems))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    src = page.file.src_uri
    glossary: list[Term] = _state["glossary"]  # type: ignore[assignment]
    if GLOSSARY_MARKER in markdown:
        titles_: dict[str, str] = _state["titles"]  # type: ignore[assignment]
        markdown = markdown.replace(GLOSSARY_MARKER, render_glossary(glossary, src, titles_))
    if src not in NOT_NOTES:
        dates: dict[str, str] | None = _state["dates"]  # type: ignore[assignment]
        date = None if dates is None else dates.get(src, "")
        markdown = add_updated_line(markdown, date, str(_state["build_date"]))
        titles: dict[str, str] = _state["titles"]  # type: ignore[assignment]
        sources: dict[str, list[str]] = _state["backlinks"]  # type: ignore[assignment]
        markdown += render_backlinks(src, sources.get(src, []), titles)
        url = (
            config.site_url.rstrip("/") + "/" + page.file.url if config.site_url else page.file.url
        )
        markdown += render_cite_block(src, titles[src], url, date or str(_state["build_date"]))
    return markdown + "\n\n" + abbreviations(glossary)


def on_post_build(config: MkDocsConfig) -> None:
    page = Path(config.site_dir) / PRINT_PAGE
    if page.is_file():
        page.write_text(fix_print_anchors(page.read_text(encoding="utf-8")), encoding="utf-8")


# --- Plain helpers (tested directly) -------------------------------------------------------------


def fix_print_anchors(html: str) -> str:
    """Give section-local ids the '<section id>-' prefix that the print page's links expect."""
    wanted = set(re.findall(r'href="#([^"]+)"', html))
    starts = [(m.end(), m.group(1)) for m in SECTION.finditer(html)]  # after the section's own id
    if not starts:
        return html
    out = [html[: starts[0][0]]]
    for (start, prefix), (end, _) in zip(starts, [*starts[1:], (len(html), "")], strict=True):
        chunk = html[start:end]

        def rename(match: re.Match[str], prefix: str = prefix) -> str:
            attr, value = match.group(1), match.group(2)
            new = f"{prefix}-{value}"
            return (
                f'{attr}="{new}"'
                if new in wanted and (value not in wanted or value == prefix)
                else match.group(0)
            )

        out.append(ID_ATTR.sub(rename, chunk))
    return "".join(out).replace('href="#."', 'href="#index"')


def load_glossary(path: Path) -> list[Term]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PluginError(f"{path}: cannot read the glossary: {exc}") from exc
    terms = []
    for number, entry in enumerate(entries or [], start=1):
        missing = [k for k in ("term", "expansion", "definition", "page") if not entry.get(k)]
        if missing:
            raise PluginError(f"{path}: entry {number} lacks {', '.join(missing)}; add them.")
        terms.append(Term(**{k: str(entry[k]).strip() for k in Term.__annotations__}))
    return terms


def abbreviations(glossary: list[Term]) -> str:
    """Python-Markdown abbreviation definitions: the tooltip text of each term."""
    return "\n".join(f"*[{t.term}]: {t.expansion}: {t.definition}" for t in glossary)


def render_glossary(glossary: list[Term], src: str, titles: dict[str, str]) -> str:
    base = posixpath.dirname(src) or "."
    lines = []
    for t in sorted(glossary, key=lambda t: t.term.lower()):
        page, _, anchor = t.page.partition("#")
        link = posixpath.relpath(page, base) + (f"#{anchor}" if anchor else "")
        where = titles.get(page, page)
        lines.append(
            f"{t.term}\n:   **{t.expansion}.** {t.definition} Explained in [{where}]({link}).\n"
        )
    return "\n".join(lines)


def backlinks(sources: dict[str, str]) -> dict[str, list[str]]:
    """Map each page to the notes whose Markdown links to it (self-links and code excluded)."""
    incoming: dict[str, set[str]] = {}
    for src, text in sources.items():
        if src in NOT_NOTES:
            continue
        for target in links_in(text, src):
            if target != src and target in sources:
                incoming.setdefault(target, set()).add(src)
    return {target: sorted(froms) for target, froms in incoming.items()}


def links_in(text: str, src: str) -> set[str]:
    base = posixpath.dirname(src)
    out = set()
    fence: str | None = None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            fence = None if fence and marker.startswith(fence) else (fence or marker)
            continue
        if fence is None:
            for href in LINK.findall(line):
                if "://" not in href:
                    out.add(posixpath.normpath(posixpath.join(base, href)))
    return out


def render_backlinks(src: str, froms: list[str], titles: dict[str, str]) -> str:
    if not froms:
        return ""
    base = posixpath.dirname(src) or "."
    items = "\n".join(f"- [{titles[f]}]({posixpath.relpath(f, base)})" for f in froms)
    return f"\n\n## Pages that link here {{#backlinks}}\n\n{items}\n"


def render_cite_block(src: str, title: str, url: str, date: str) -> str:
    key = "awsome_" + re.sub(r"[^a-z0-9]+", "_", src.removesuffix(".md").lower()).strip("_")
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{{{title}}}}},",
            "  author = {{AWSome AI Research contributors}},",
            f"  year = {{{date[:4]}}},",
            "  howpublished = {AWSome AI Research},",
            f"  url = {{{url}}},",
            f"  note = {{Version of {date}}},",
            "}",
        ]
    )
    body = "\n".join("    " + line for line in ["```bibtex", *bibtex.split("\n"), "```"])
    return f'\n\n## Cite this page {{#cite}}\n\n??? quote "BibTeX"\n\n{body}\n'


def add_updated_line(markdown: str, date: str | None, build_date: str) -> str:
    """Put the date of the last change under the page's H1 (None: outside git; "": new file)."""
    if date:
        line = f"*Last updated: {date}.*{{ .last-updated }}"
    elif date == "":
        line = "*Last updated: not yet committed.*{ .last-updated }"
    else:
        line = (
            f"*Last updated: not known: this copy was built on {build_date} outside a git "
            "checkout, so page dates are unavailable.*{ .last-updated }"
        )
    match = H1.search(markdown)
    if not match:
        return line + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + line + "\n" + markdown[match.end() :]


def git_dates(root: Path, docs: Path) -> dict[str, str] | None:
    """Last commit date (YYYY-MM-DD) of each file under docs/, or None outside git."""
    try:
        proc = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", str(docs)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    prefix = docs.resolve().relative_to(_toplevel(root)).as_posix() + "/"
    dates: dict[str, str] = {}
    date = ""
    for line in proc.stdout.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line.startswith(prefix):
            dates.setdefault(line[len(prefix) :], date)
    return dates


def page_title(text: str, src: str) -> str:
    front = text.split("\n---", 1)[0] if text.startswith("---") else ""
    match = re.search(r"^title:\s*(.+?)\s*$", front, re.M)
    return match.group(1).strip("'\"") if match else src


def _toplevel(root: Path) -> Path:
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True
    )
    return Path(proc.stdout.strip()).resolve()
