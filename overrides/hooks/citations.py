"""Key-based citations from one BibTeX file.

A page cites a source with ``[@key]`` (several: ``[@a; @b]``). This hook turns each citation into
a Markdown footnote reference, so Material renders numbered markers with hover tooltips, and
appends a "References" section listing every cited entry (authors, year, linked title, venue).

The bibliography is ``docs/references.bib``. The build fails, naming the file and line, on an
unknown key, and on any entry without a title, author, year and URL (or DOI).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from pybtex.database import BibliographyData, parse_file

BIB_NAME = "references.bib"
REQUIRED_FIELDS = ("title", "year")
# [@key] or [@key1; @key2]; keys are letters, digits, "_", "-", ":" and ".".
CITATION = re.compile(r"\[@([\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")

_bib: dict[str, Reference] = {}


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: str
    title: str
    venue: str
    url: str

    def as_markdown(self) -> str:
        venue = f" *{self.venue}*." if self.venue else ""
        return f"{self.authors} ({self.year}). [{self.title}]({self.url}).{venue}"


# --- MkDocs events -------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _bib.clear()
    _bib.update(load_bibliography(Path(config.docs_dir) / BIB_NAME))
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    return render_citations(markdown, _bib, page.file.src_uri)


# --- Plain helpers (tested directly) -------------------------------------------------------------


def load_bibliography(path: Path) -> dict[str, Reference]:
    """Parse the BibTeX file and check that every entry can be rendered and followed."""
    if not path.is_file():
        raise PluginError(f"{path}: bibliography not found; citations need docs/{BIB_NAME}.")
    try:
        data: BibliographyData = parse_file(str(path), bib_format="bibtex")
    except Exception as exc:  # pybtex raises several unrelated types
        raise PluginError(f"{path}: cannot parse BibTeX: {exc}") from exc
    text = path.read_text(encoding="utf-8")
    refs: dict[str, Reference] = {}
    problems: list[str] = []
    for key, entry in data.entries.items():
        line = _line_of(text, "{" + key + ",")
        missing = [f for f in REQUIRED_FIELDS if not entry.fields.get(f, "").strip()]
        if not entry.persons.get("author"):
            missing.append("author")
        url = entry.fields.get("url", "").strip()
        doi = entry.fields.get("doi", "").strip()
        if not url and doi:
            url = f"https://doi.org/{doi}"
        if not url:
            missing.append("url (or doi)")
        elif not url.startswith("https://"):
            problems.append(f"{path}:{line}: entry '{key}' has url '{url}'; use an https:// URL.")
        if missing:
            problems.append(
                f"{path}:{line}: entry '{key}' lacks {', '.join(missing)}; add the field(s)."
            )
            continue
        refs[key] = Reference(
            key=key,
            authors=format_authors(entry.persons["author"]),
            year=_plain(entry.fields["year"]),
            title=_plain(entry.fields["title"]),
            venue=_plain(
                entry.fields.get("journal")
                or entry.fields.get("booktitle")
                or entry.fields.get("howpublished")
                or ""
            ),
            url=url,
        )
    if problems:
        raise PluginError("Bibliography errors:\n" + "\n".join(problems))
    return refs


def render_citations(markdown: str, bib: dict[str, Reference], src: str) -> str:
    """Replace ``[@key]`` with footnote references and append the References section."""
    cited: list[str] = []
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            out.append(line)
            continue
        if fence is not None:
            out.append(line)
            continue
        out.append(_replace_outside_code(line, bib, src, number, cited))
    if not cited:
        return markdown
    if re.search(r"^#{1,6}\s+References\b", markdown, flags=re.M):
        raise PluginError(
            f"docs/{src}: has its own 'References' heading; remove it, the list is generated "
            "from the [@key] citations."
        )
    notes = "\n".join(f"[^{key}]: {bib[key].as_markdown()}" for key in cited)
    return "\n".join(out).rstrip() + "\n\n## References {#references}\n\n" + notes + "\n"


def format_authors(persons: list) -> str:
    names = []
    others = False
    for person in persons:
        name = " ".join(
            person.first_names + person.middle_names + person.prelast_names + person.last_names
        )
        name = _plain(name)
        if name.lower() == "others":
            others = True
            continue
        names.append(name)
    if len(names) > 3:
        names, others = names[:1], True
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return text + (" et al." if others else "")


def _replace_outside_code(
    line: str, bib: dict[str, Reference], src: str, number: int, cited: list[str]
) -> str:
    pieces: list[str] = []
    last = 0
    for code in INLINE_CODE.finditer(line):
        pieces.append(_cite(line[last : code.start()], bib, src, number, cited))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_cite(line[last:], bib, src, number, cited))
    return "".join(pieces)


def _cite(text: str, bib: dict[str, Reference], src: str, number: int, cited: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        for key in keys:
            if key not in bib:
                close = difflib.get_close_matches(key, list(bib), n=3, cutoff=0.6)
                hint = f" Did you mean: {', '.join(close)}?" if close else ""
                raise PluginError(
                    f"docs/{src}:{number}: unknown citation key '{key}' in '{match.group(0)}'. "
                    f"Add an entry to docs/{BIB_NAME} or fix the key.{hint}"
                )
            if key not in cited:
                cited.append(key)
        return "".join(f"[^{key}]" for key in keys)

    return CITATION.sub(one, text)


def _plain(value: str) -> str:
    """Drop BibTeX braces and the few escapes our entries use."""
    value = value.replace("{", "").replace("}", "")
    for escaped, char in (("\\&", "&"), ("\\%", "%"), ("\\#", "#"), ("\\_", "_"), ("~", " ")):
        value = value.replace(escaped, char)
    return " ".join(value.split())


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0
