"""``/feed.xml``: an Atom feed of every note's Updates entries (the What's new page's data),
written with feedgen. A plain function over ``docs/``: the MkDocs hook calls it after a build."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from pathlib import Path

import markdown
from feedgen.feed import FeedGenerator

from site_ext import bibliography, sources
from site_ext.citations import bib_for
from site_ext.llms import page_url
from site_ext.notes import KIND_LABEL

FEED_NAME = "feed.xml"
MD_LINK = re.compile(r"\]\((?!https?://|#)([^)\s]+?\.md)(#[^)\s]*)?\)")
_MARKDOWN = markdown.Markdown()  # one converter for all entries: making one costs about 1 ms


def entry_html(
    update: sources.Update, site_url: str, bib: dict[str, bibliography.Reference]
) -> str:
    """The entry's Markdown as HTML with absolute links; a citation links to its source."""

    def cite(match: re.Match[str]) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        links = ", ".join(
            f"[{bib[k].authors} {bib[k].year}]({bib[k].url})" for k in keys if k in bib
        )
        return f"({links})"

    text = bibliography.CITATION.sub(cite, update.text)
    base = update.src.rpartition("/")[0]

    def absolute(match: re.Match[str]) -> str:
        target = match.group(1)
        path = str(Path(base, target)) if base else target
        parts: list[str] = []
        for part in path.split("/"):
            if part == "..":
                parts.pop() if parts else None
            elif part not in ("", "."):
                parts.append(part)
        return f"]({site_url}{page_url('/'.join(parts))}{match.group(2) or ''})"

    text = MD_LINK.sub(absolute, text)
    text = re.sub(r"\]\(#", f"]({site_url}{page_url(update.src)}#", text)
    return _MARKDOWN.reset().convert(text)


def build_feed(docs_dir: Path, site_url: str, site_name: str) -> bytes:
    site_url = site_url.rstrip("/") + "/"
    titles = sources.titles(docs_dir)
    bib = bib_for(docs_dir / bibliography.BIB_NAME)
    entries = sources.updates(docs_dir)
    feed = FeedGenerator()
    feed.id(site_url + FEED_NAME)
    feed.title(f"{site_name}: what's new")
    feed.link(href=site_url + "whats-new/", rel="alternate")
    feed.link(href=site_url + FEED_NAME, rel="self")
    feed.author(name=f"{site_name} contributors")
    feed.language("en")
    newest = max((e.date for e in entries), default=dt.date(2026, 1, 1))
    feed.updated(_midnight(newest))
    for entry in reversed(entries):  # feedgen lists the last added first
        url = f"{site_url}{page_url(entry.src)}#{entry.section or 'updates'}"
        item = feed.add_entry()
        digest = hashlib.sha1(entry.text.encode("utf-8")).hexdigest()[:10]  # stable across edits
        item.id(f"{site_url}{page_url(entry.src)}#update-{entry.date.isoformat()}-{digest}")
        item.title(f"{KIND_LABEL[entry.kind]} to {titles[entry.src]} ({entry.date.isoformat()})")
        item.link(href=url)
        item.updated(_midnight(entry.date))
        item.published(_midnight(entry.date))
        item.content(entry_html(entry, site_url, bib), type="html")
        item.summary(html.unescape(re.sub(r"<[^>]+>", "", entry_html(entry, site_url, bib))))
    return feed.atom_str(pretty=True)


def write_feed(docs_dir: Path, site_dir: Path, site_url: str, site_name: str) -> Path:
    path = site_dir / FEED_NAME
    path.write_bytes(build_feed(docs_dir, site_url, site_name))
    return path


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
