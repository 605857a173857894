"""Python-Markdown extension: each note's furniture, computed from one source each.

- Last updated: under the H1, the date of the note's last commit (outside git it says so), with a
  "Report an error" link that opens a new GitHub issue with the page's title and URL filled in.
- Updates: the dated entries of the note's ``updates:`` front matter (newest first; corrections
  say what was wrong), checked by ``site_ext.sources.page_updates``.
- Pages that link here: the notes whose Markdown links to this one.
- Cite this page: a BibTeX entry for the note (URL and date).
- What's new: ``<!-- whats-new -->`` on any page becomes every note's entries, newest first.

A note is any page except the special pages in ``site_ext.sources.NOT_NOTES``.
Options: ``issue_url`` (the repository's "new issue" URL; empty: no report link).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import urlencode

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from site_ext import sources
from site_ext.bibliography import REFERENCES_MARKER
from site_ext.context import PageContext, page_of

WHATS_NEW_MARKER = "<!-- whats-new -->"
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*\{[^}]*#([\w-]+)[^}]*\}\s*$", re.M)
MD_LINK = re.compile(r"\]\(\s*([^)\s:#]+\.md)?(#[^)\s]*)?\s*\)")
KIND_LABEL = {"correction": "Correction", "update": "Update"}


def section_titles(body: str) -> dict[str, str]:
    return {anchor: title for title, anchor in HEADING.findall(body)}


def rebase_links(text: str, from_src: str, to_src: str) -> str:
    """Rewrite relative ``.md`` links (and bare ``#anchors``) written on ``from_src`` so that they
    work on ``to_src``."""
    here, there = posixpath.dirname(from_src), posixpath.dirname(to_src) or "."

    def fix(match: re.Match[str]) -> str:
        path, anchor = match.group(1), match.group(2) or ""
        target = posixpath.normpath(posixpath.join(here, path)) if path else from_src
        return f"]({posixpath.relpath(target, there)}{anchor})"

    return MD_LINK.sub(fix, text) if from_src != to_src else text


def render_updates(src: str, entries: list[sources.Update], body: str, whats_new: str) -> str:
    titles = section_titles(body)
    link = posixpath.relpath(whats_new, posixpath.dirname(src) or ".")
    intro = (
        "Corrections and additions to this note, newest first; every note's are on "
        f"[What's new]({link})."
    )
    if not entries:
        return f"\n\n## Updates {{#updates}}\n\n{intro} None yet for this note.\n"
    items = []
    for entry in entries:
        where = (
            f" ([{titles.get(entry.section, entry.section)}](#{entry.section}))"
            if entry.section
            else ""
        )
        items.append(
            f"- **{entry.date.isoformat()}** · {KIND_LABEL[entry.kind]}{where}: {entry.text}"
        )
    return f"\n\n## Updates {{#updates}}\n\n{intro}\n\n" + "\n".join(items) + "\n"


def render_whats_new(entries: list[sources.Update], titles: dict[str, str], src: str) -> str:
    """Every entry of the site, newest first, each linking to its note and section."""
    if not entries:
        return "No updates yet."
    base = posixpath.dirname(src) or "."
    lines = []
    for entry in entries:
        anchor = entry.section or "updates"
        note = (
            f"[{titles.get(entry.src, entry.src)}]({posixpath.relpath(entry.src, base)}#{anchor})"
        )
        text = rebase_links(entry.text, entry.src, src)
        lines.append(f"- **{entry.date.isoformat()}** · {note} · {KIND_LABEL[entry.kind]}: {text}")
    return "\n".join(lines)


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


def updated_text(date: str | None, build_date: str) -> str:
    """The last-updated line (None: outside git; "": a file not yet committed)."""
    if date:
        return f"Last updated: {date}."
    if date == "":
        return "Last updated: not yet committed."
    return (
        f"Last updated: not known: this copy was built on {build_date} outside a git "
        "checkout, so page dates are unavailable."
    )


def report_url(issue_url: str, title: str, page_url: str) -> str:
    query = urlencode(
        {
            "title": f"Error on “{title}”: ",
            "body": f"Page: {page_url}\n\nWhat is wrong (quote the sentence or figure):\n\n"
            "What is right, with a source:\n",
        }
    )
    return f"{issue_url}?{query}"


def page_date(page: PageContext) -> str | None:
    dates = sources.git_dates(page.docs_dir)
    return None if dates is None else dates.get(page.src, "")


class NotesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: NotesExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        page = page_of(self.md)
        if page is None:
            return lines
        text = "\n".join(lines)
        docs, src = page.docs_dir, page.src
        titles = sources.titles(docs)
        whats_new = self.ext.getConfig("whats_new")
        if WHATS_NEW_MARKER in text:
            text = text.replace(
                WHATS_NEW_MARKER, render_whats_new(sources.updates(docs), titles, src)
            )
        if not sources.has_updates(src):
            return text.split("\n")
        source = sources.pages(docs)[src]
        entries = sources.page_updates(src, (docs / src).read_text(encoding="utf-8"))
        if not sources.is_note(src):  # the home page: its own entries only, no other furniture
            return (
                text + (render_updates(src, entries, source.body, whats_new) if entries else "")
            ).split("\n")
        text += "\n\n" + REFERENCES_MARKER + "\n"
        text += render_backlinks(src, sources.backlinks(docs).get(src, []), titles)
        date = page_date(page) or dt.date.today().isoformat()
        text += render_cite_block(src, titles[src], page.absolute_url, date)
        text += render_updates(src, entries, source.body, whats_new)
        return text.split("\n")


class UpdatedLineTreeprocessor(Treeprocessor):
    """Put the last-updated line and the report link right under the H1."""

    def __init__(self, md: Markdown, ext: NotesExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        page = page_of(self.md)
        if page is None or not sources.is_note(page.src):
            return
        line = etree.Element("p")
        em = etree.SubElement(line, "em", {"class": "last-updated"})
        em.text = updated_text(page_date(page), dt.date.today().isoformat())
        issue_url = self.ext.getConfig("issue_url")
        if issue_url:
            em.tail = " · "
            title = sources.titles(page.docs_dir)[page.src]
            href = report_url(issue_url, title, page.absolute_url)
            link = etree.SubElement(line, "a", {"class": "report-error", "href": href})
            link.text = "Report an error"
        position = next((i for i, child in enumerate(root) if child.tag == "h1"), -1)
        root.insert(position + 1, line)


class NotesExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "issue_url": ["", "the repository's new-issue URL, for Report an error"],
            "whats_new": ["whats-new.md", "the page listing every update"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(NotesPreprocessor(md, self), "site_notes", 28)
        # after the inline patterns (20), so the line is not parsed again
        md.treeprocessors.register(UpdatedLineTreeprocessor(md, self), "site_updated_line", 19)


def makeExtension(**kwargs: Any) -> NotesExtension:  # noqa: N802
    return NotesExtension(**kwargs)
