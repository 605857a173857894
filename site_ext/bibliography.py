"""Key-based citations from one BibTeX file (the plain functions; the extension is
``site_ext.citations``).

A page cites a source with ``[@key]`` (several: ``[@a; @b]``). Each citation becomes a Markdown
footnote reference, so Material renders numbered markers with hover tooltips (adjacent markers are
separated by a comma), and a "References" section lists every cited entry (authors, year, linked
title, venue).

The bibliography is ``docs/references.bib``. The build fails, naming the file and line, on an
unknown key, and on any entry without a title, author, year, URL (or DOI) and a known topic in
``keywords``. Each topic's page ``docs/bibliography/<topic>.md`` gets, in place of
``<!-- bibliography: <topic> -->``, every cited entry of the topic once, with the pages that cite
it; ``docs/bibliography.md`` gets, in place of ``<!-- bibliography -->``, one short link per source
to its entry, by topic.
"""

from __future__ import annotations

import codecs
import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import latexcodec  # noqa: F401 (registers the "ulatex" codec)
from pybtex.database import BibliographyData, parse_file

from site_ext.context import SiteError

BIB_NAME = "references.bib"
REQUIRED_FIELDS = ("title", "year")
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"  # the index page: every source, linked to its topic
TOPIC_MARKER = re.compile(r"<!-- bibliography: ([\w-]+) -->")  # one topic's page, in full
TOPIC_PAGE = "bibliography/{topic}.md"
TOPICS = {  # the ``keywords`` value of an entry -> heading on the bibliography page
    "long-context": "Long context windows",
    "post-training": "Post-training",
    "low-precision": "Low-precision training",
    "estimations": "Estimating training compute",
    "moe-expert-parallelism": "Mixture-of-Experts and expert parallelism",
    "evaluation": "Evaluation",
    "communication": "Communication",
}
TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
# [@key] or [@key1; @key2]; keys are letters, digits, "_", "-", ":" and ".".
CITATION = re.compile(r"\[@([\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


def markdown_escape(text: str) -> str:
    """Backslash-escape the characters Markdown would read as code, emphasis or links."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def text_escape(text: str) -> str:
    """Escape text as Python-Markdown does (quotes stay)."""
    return escape(text, quote=False)


SEPARATOR = '<sup class="cite-sep">,&#8201;</sup>'  # between adjacent markers: "10, 14"
ADJACENT = re.compile(r"(\[\^[\w:.-]+\])(?=\[\^)")  # two markers in a row, from "[@a][@b]"
REFERENCES_MARKER = "<!-- references -->"  # where the References go (site_ext.notes puts it)
FOOTNOTES_HERE = "///Footnotes Go Here///"  # the footnotes extension's default PLACE_MARKER


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: str
    title: str
    venue: str
    url: str
    topic: str = ""

    def as_html(self, decorate: Callable[[str], str] = text_escape) -> str:
        """The entry as HTML; ``decorate`` escapes the title (and may add glossary tooltips)."""
        authors, title = decorate(self.authors), decorate(self.title)  # in reading order:
        venue = f" <em>{decorate(self.venue)}</em>." if self.venue else ""  # repeats are marked
        return f'{authors} ({text_escape(self.year)}). <a href="{escape(self.url)}">{title}</a>.{venue}'

    def as_markdown(self) -> str:
        """The entry as Markdown, its text escaped so that it reads as written (a title with
        ``__main__`` is not bold)."""
        authors, title, venue = (markdown_escape(t) for t in (self.authors, self.title, self.venue))
        venue = f" *{venue}*." if venue else ""
        return f"{authors} ({self.year}). [{title}]({self.url}).{venue}"


# --- Plain helpers (tested directly) -------------------------------------------------------------


def load_bibliography(path: Path) -> dict[str, Reference]:
    """Parse the BibTeX file and check that every entry can be rendered and followed."""
    if not path.is_file():
        raise SiteError(f"{path}: bibliography not found; citations need docs/{BIB_NAME}.")
    try:
        data: BibliographyData = parse_file(str(path), bib_format="bibtex")
    except Exception as exc:  # pybtex raises several unrelated types
        raise SiteError(f"{path}: cannot parse BibTeX: {exc}") from exc
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
        topic = entry.fields.get("keywords", "").strip()
        if topic not in TOPICS:
            problems.append(
                f"{path}:{line}: entry '{key}' has keywords '{topic}'; use one of "
                f"{', '.join(TOPICS)} (the topic it is listed under)."
            )
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
            topic=topic,
        )
    if problems:
        raise SiteError("Bibliography errors:\n" + "\n".join(problems))
    return refs


def render_citations(
    markdown: str,
    bib: dict[str, Reference],
    src: str,
    line_offset: int = 0,
    body_lines: int = 0,
    store: Callable[[str], str] | None = None,
    decorate: Callable[[str], str] = text_escape,
) -> str:
    """Replace ``[@key]`` with footnote references and append the References section.

    ``line_offset``: lines of the file above ``markdown`` (the front matter), and ``body_lines``
    the lines of the page's own text, for error messages (later lines were added by the build).
    ``decorate`` turns a title into HTML (glossary tooltips: ``site_ext.glossary.decorator``).
    ``store``: Python-Markdown's raw-HTML stash. With it, markers and the list are written as the
    footnotes extension's HTML directly (same markup, so Material's tooltips work), which spares
    Markdown from parsing hundreds of footnote definitions on every build; without it (or on a
    page with footnotes of its own), as footnote Markdown.
    """
    if store is not None and "[^" in markdown:
        store = None  # the page's own footnotes share the numbering: let the extension do it all
    cited: list[str] = []
    lines = body_lines or markdown.count("\n") + 1
    out = map_prose(
        markdown, lambda text, number: _cite(text, bib, src, number, cited, line_offset, lines)
    )
    if not cited:
        return markdown.replace(REFERENCES_MARKER, "")
    out = ADJACENT.sub(lambda m: m.group(1) + SEPARATOR, out)
    if re.search(r"^#{1,6}\s+References\b", markdown, flags=re.M):
        raise SiteError(
            f"docs/{src}: has its own 'References' heading; remove it, the list is generated "
            "from the [@key] citations."
        )
    if store is not None:
        out, listing = _as_html(out, cited, bib, store, decorate)
        section = f"\n\n## References {{#references}}\n\n{listing}\n\n"
    else:
        notes = "\n".join(f"[^{key}]: {bib[key].as_markdown()}" for key in cited)
        section = f"\n\n## References {{#references}}\n\n{FOOTNOTES_HERE}\n\n{notes}\n\n"
    if REFERENCES_MARKER in out:
        return out.replace(REFERENCES_MARKER, section, 1)
    return out.rstrip() + section


MARKER = re.compile(r"\[\^([\w:.-]+)\]")
BACKLINK = '<a class="footnote-backref" href="#{ref}" title="Jump back to footnote {n} in the text">&#8617;</a>'


def _as_html(
    text: str,
    cited: list[str],
    bib: dict[str, Reference],
    store: Callable[[str], str],
    decorate: Callable[[str], str] = text_escape,
) -> tuple[str, str]:
    """The footnote markers of ``text`` and the References list as stashed HTML, exactly as the
    footnotes extension writes them (ids fnref:key, fnref2:key, ...; one backlink per marker)."""
    number = {key: i for i, key in enumerate(cited, start=1)}
    seen: dict[str, int] = {}

    def ref_id(key: str, count: int) -> str:
        return f"fnref:{key}" if count == 1 else f"fnref{count}:{key}"

    def marker(match: re.Match[str]) -> str:
        key = match.group(1)
        seen[key] = seen.get(key, 0) + 1
        return store(
            f'<sup id="{ref_id(key, seen[key])}"><a class="footnote-ref" href="#fn:{key}">'
            f"{number[key]}</a></sup>"
        )

    text = MARKER.sub(marker, text)
    items = []
    for key in cited:
        back = "".join(
            BACKLINK.format(ref=ref_id(key, count), n=number[key])
            for count in range(1, seen.get(key, 0) + 1)
        )
        items.append(f'<li id="fn:{key}">\n<p>{bib[key].as_html(decorate)}&#160;{back}</p>\n</li>')
    listing = '<div class="footnote">\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"
    return text, store(listing)


def find_citations(markdown: str) -> list[str]:
    """Keys cited in ``markdown`` (outside code), in order of first citation."""
    keys: list[str] = []

    def collect(text: str, number: int) -> str:
        for match in CITATION.finditer(text):
            for key in match.group(1).split(";"):
                key = key.strip().lstrip("@")
                if key not in keys:
                    keys.append(key)
        return text

    map_prose(markdown, collect)
    return keys


def cited_in_topic(bib: dict[str, Reference], cited_by: dict[str, list[str]], topic: str) -> list:
    return sorted(
        (bib[k] for k in cited_by if k in bib and bib[k].topic == topic),
        key=lambda r: (r.authors.lower(), r.year, r.title.lower()),
    )


def render_bibliography_index(
    bib: dict[str, Reference],
    cited_by: dict[str, list[str]],
    src: str,
    store: Callable[[str], str] | None = None,
    decorator: Callable[[], Callable[[str], str]] = lambda: text_escape,
) -> str:
    """Markdown for the bibliography's index page: per topic, a link to the topic's page and one
    short link per source (author and year) that keeps the ``#ref-<key>`` anchor of the page.
    With ``store`` (Python-Markdown's raw-HTML stash), each topic's links are written as HTML,
    as Markdown would write them (``decorator()`` makes the glossary tooltips of one section)."""
    base = posixpath.dirname(src)
    parts = []
    for topic, heading in TOPICS.items():
        refs = cited_in_topic(bib, cited_by, topic)
        if not refs:
            continue
        target = TOPIC_PAGE.format(topic=topic)
        if store is None:
            page = posixpath.relpath(target, base or ".")
            links = ", ".join(
                f"[{text_escape(r.authors)} {r.year}]({page}#ref-{r.key}){{: #ref-{r.key} }}"
                for r in refs
            )
            body = f"[{len(refs)} sources, in full]({page}): {links}."
        else:
            page, decorate = relative_url(target, src), decorator()
            links = ", ".join(
                f'<a href="{page}#ref-{r.key}" id="ref-{r.key}">'
                f"{decorate(r.authors)} {text_escape(r.year)}</a>"
                for r in refs
            )
            body = store(f'<p><a href="{page}">{len(refs)} sources, in full</a>: {links}.</p>')
        parts.append(f"## {heading} {{#{topic}}}\n\n{body}\n")
    return "\n".join(parts)


def page_url(src: str) -> str:
    """The directory URL of a page below docs/, as MkDocs and Zensical give it: ``a/b.md`` is
    ``a/b/``, ``a/README.md`` and ``a/index.md`` are ``a/``, ``index.md`` is the site root."""
    path = src.removesuffix(".md")
    head, _, name = path.rpartition("/")
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{path}/"


def relative_url(target: str, src: str) -> str:
    """The link from page ``src`` to page ``target`` (both below docs/) in the built site."""
    rel = posixpath.relpath(page_url(target) or ".", page_url(src) or ".")
    return "./" if rel == "." else rel + "/"


def render_bibliography(
    bib: dict[str, Reference],
    cited_by: dict[str, list[str]],
    titles: dict[str, str],
    src: str,
    topics: tuple[str, ...] = tuple(TOPICS),
    store: Callable[[str], str] | None = None,
    decorator: Callable[[], Callable[[str], str]] = lambda: text_escape,
) -> str:
    """Markdown listing every cited entry of ``topics`` once, by topic, with the pages citing it.
    With ``store`` (Python-Markdown's raw-HTML stash) each entry is written as the HTML Markdown
    would make of it, which spares Markdown's inline patterns hundreds of entries per build;
    ``decorator()`` makes the glossary tooltips of one section (the text between headings)."""
    base = posixpath.dirname(src)
    parts = []
    for topic in topics:
        if topic not in TOPICS:
            raise SiteError(
                f"docs/{src}: '<!-- bibliography: {topic} -->' names no topic; use one of "
                f"{', '.join(TOPICS)}."
            )
        refs = cited_in_topic(bib, cited_by, topic)
        if not refs:
            continue
        if len(topics) > 1:
            parts.append(f"## {TOPICS[topic]} {{#{topic}}}\n")
        decorate = decorator()
        for ref in refs:
            cited_in = sorted(set(cited_by[ref.key]))
            if store is None:
                pages = ", ".join(
                    f"[{titles.get(p, p)}]({posixpath.relpath(p, base or '.')})" for p in cited_in
                )
                parts.append(f"{ref.as_markdown()} Cited in: {pages}.\n{{: #ref-{ref.key} }}\n")
                continue
            entry = ref.as_html(decorate)
            pages = ", ".join(
                f'<a href="{relative_url(p, src)}">{decorate(titles.get(p, p))}</a>'
                for p in cited_in
            )
            parts.append(store(f'<p id="ref-{ref.key}">{entry} Cited in: {pages}.</p>') + "\n")
    return "\n".join(parts)


def map_prose(markdown: str, fn: Callable[[str, int], str]) -> str:
    """Apply ``fn(text, line_number)`` to the text outside fenced and inline code."""
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
        elif fence is not None:
            out.append(line)
        else:
            out.append(_outside_code(line, number, fn))
    return "\n".join(out)


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


def _outside_code(line: str, number: int, fn: Callable[[str, int], str]) -> str:
    pieces: list[str] = []
    last = 0
    for code in INLINE_CODE.finditer(line):
        pieces.append(fn(line[last : code.start()], number))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(fn(line[last:], number))
    return "".join(pieces)


def _cite(
    text: str,
    bib: dict[str, Reference],
    src: str,
    number: int,
    cited: list[str],
    offset: int = 0,
    lines: int = 0,
) -> str:
    def one(match: re.Match[str]) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        for key in keys:
            if key not in bib:
                close = difflib.get_close_matches(key, list(bib), n=3, cutoff=0.6)
                hint = f" Did you mean: {', '.join(close)}?" if close else ""
                where = (
                    f"docs/{src}:{number + offset}"
                    if number <= lines
                    else f"docs/{src} (an Updates entry in the front matter)"
                )
                raise SiteError(
                    f"{where}: unknown citation key '{key}' in '{match.group(0)}'. "
                    f"Add an entry to docs/{BIB_NAME} or fix the key.{hint}"
                )
            if key not in cited:
                cited.append(key)
        return SEPARATOR.join(f"[^{key}]" for key in keys)

    return CITATION.sub(one, text)


TEX_MATH = re.compile(r"(?<!\\)\$([^$]+?)(?<!\\)\$")  # $...$, not \$


def _plain(value: str) -> str:
    """Plain text from BibTeX: braces dropped, the few escapes our entries use undone, and math
    such as ``$\\tau$`` as its Unicode characters (the latexcodec package that pybtex uses)."""
    value = TEX_MATH.sub(lambda m: codecs.decode(m.group(0), "ulatex"), value)
    value = value.replace("{", "").replace("}", "")
    for escaped, char in (
        ("\\&", "&"),
        ("\\%", "%"),
        ("\\#", "#"),
        ("\\_", "_"),
        ("\\^", "^"),
        ("\\$", "$"),
        ("~", " "),
    ):
        value = value.replace(escaped, char)
    return " ".join(value.split())


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0
