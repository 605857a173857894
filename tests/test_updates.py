"""The visible trail: Updates sections, the What's new page, the Atom feed, the report link,
glossary underlines once per section and separated citation markers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from site_ext import bibliography, glossary, notes, sources
from site_ext.context import SiteError
from tests import sitecheck

ROOT = sitecheck.ROOT
DOCS = ROOT / "docs"
ATOM = "{http://www.w3.org/2005/Atom}"
NOTE_PAGES = {
    page: md.relative_to(DOCS).as_posix()
    for page, md in sitecheck.source_pages(ROOT).items()
    if sources.is_note(md.relative_to(DOCS).as_posix())
}
GOOD = (
    "---\ntitle: T\nupdates:\n  - date: 2026-12-01\n    kind: correction\n    section: a\n"
    "    text: The figure was 5; it is 1 since August 2025.\n---\n\n# T\n\n## A {#a}\n"
)


def test_a_good_entry_is_read() -> None:
    (entry,) = sources.page_updates("x.md", GOOD)
    assert (entry.date.isoformat(), entry.kind, entry.section, entry.line) == (
        "2026-12-01",
        "correction",
        "a",
        4,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("date: 2026-12-01", "date: 2026-13-01"),
            r"x\.md:4: update date '2026-13-01' is not a date",
        ),
        (
            ("date: 2026-12-01", "date: 1 Dec 2026"),
            r"x\.md:4: update date '1 Dec 2026' is not a date",
        ),
        (("text: The figure was 5; it is 1 since August 2025.", "text: ''"), r"x\.md:4: .*no text"),
        (("kind: correction", "kind: fix"), r"x\.md:4: update kind 'fix'; use one of"),
        (("section: a", "section: nowhere"), r"x\.md:4: update section 'nowhere' is not a heading"),
        (
            ("date: 2026-12-01", "date: 2099-01-01"),
            r"x\.md:4: update date 2099-01-01 is in the future",
        ),
    ],
)
def test_a_malformed_entry_names_file_and_line(change: tuple[str, str], message: str) -> None:
    with pytest.raises(SiteError, match=message):
        sources.page_updates("x.md", GOOD.replace(*change))


def test_entries_must_be_newest_first() -> None:
    older = "  - date: 2026-11-01\n    kind: update\n    text: Added the section on the EFA.\n"
    newer = "  - date: 2026-12-01\n    kind: update\n    text: Added the section on NVSHMEM.\n"
    text = f"---\ntitle: T\nupdates:\n{older}{newer}---\n\n# T\n"
    with pytest.raises(
        SiteError, match=r"x\.md:7: update of 2026-12-01 comes after .* newest first"
    ):
        sources.page_updates("x.md", text)


def test_the_site_has_only_valid_entries() -> None:
    sources.updates(DOCS)  # raises, naming file and line, on any malformed entry


def plant_update(path: Path, date: str, text: str) -> int:
    """Put an entry first in the note's ``updates:`` (made if missing); return its line."""
    source = path.read_text(encoding="utf-8")
    entry = f"  - date: {date}\n    kind: update\n    text: {text}\n"
    if "\nupdates:\n" in source.split("\n---\n", 1)[0]:
        source = source.replace("\nupdates:\n", "\nupdates:\n" + entry, 1)
    else:
        source = source.replace("---\n", "---\nupdates:\n" + entry, 1)
    path.write_text(source, encoding="utf-8")
    return source.split("\n").index(entry.split("\n")[0]) + 1


def test_malformed_date_fails_the_build(project_copy: Path) -> None:
    line = plant_update(project_copy / "docs" / "comm.md", "2026-02-30", "A planted bad date.")
    result = sitecheck.build(project_copy, project_copy / "site", strict=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed with a malformed update date"
    assert f"docs/comm.md:{line}: update date '2026-02-30' is not a date" in output, output[-2000:]


def test_every_note_ends_with_updates(built_site: sitecheck.Site) -> None:
    problems = []
    for page, src in NOTE_PAGES.items():
        soup = built_site.soup(page)
        h2s = [h.get("id") for h in soup.select("article h2")]
        if not h2s or h2s[-1] != "updates":
            problems.append(f"site/{page} (docs/{src}): last section is {h2s[-1:]}, not Updates")
        entries = sources.page_updates(src, (DOCS / src).read_text(encoding="utf-8"))
        section = soup.find(id="updates").find_next("ul") if entries else None
        shown = len(section.find_all("li", recursive=False)) if section else 0
        if shown != len(entries):
            problems.append(f"site/{page}: Updates shows {shown} of {len(entries)} entries")
    assert not problems, "\n".join(problems)


def test_whats_new_lists_every_entry_with_a_working_link(built_site: sitecheck.Site) -> None:
    entries = sources.updates(DOCS)
    soup = built_site.soup("whats-new/index.html")
    items = [li for li in soup.select("article li") if re.match(r"\d{4}-\d\d-\d\d", li.get_text())]
    assert len(items) == len(entries), f"What's new lists {len(items)} of {len(entries)} entries"
    dates = [li.strong.get_text() for li in items]
    assert dates == sorted(dates, reverse=True), "What's new is not newest first"
    for item, entry in zip(items, entries, strict=True):
        href = item.find("a")["href"]
        assert href.endswith(f"#{entry.section or 'updates'}"), (href, entry)


def test_feed_is_atom_and_matches_the_entries(built_site: sitecheck.Site) -> None:
    root = ET.parse(built_site.root / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed", root.tag
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, f"feed.xml lacks <{tag}>"
    items = root.findall(f"{ATOM}entry")
    entries = sources.updates(DOCS)
    assert len(items) == len(entries), f"feed has {len(items)} entries, the notes {len(entries)}"
    site_url = sitecheck.load_config(ROOT)["site_url"]
    ids = [item.findtext(f"{ATOM}id") for item in items]
    assert len(set(ids)) == len(ids), "feed entry ids repeat"
    for item, entry in zip(items, entries, strict=True):
        link = item.find(f"{ATOM}link").get("href")
        assert link.startswith(site_url) and link.endswith(f"#{entry.section or 'updates'}"), link
        assert item.findtext(f"{ATOM}updated", "").startswith(entry.date.isoformat())
        assert "[@" not in (item.findtext(f"{ATOM}content") or ""), "raw citation in the feed"


def test_every_page_links_the_feed(built_site: sitecheck.Site) -> None:
    missing = []
    for page in built_site.html_files():
        if built_site.is_redirect(page):
            continue
        link = built_site.soup(page).select_one(
            'head link[rel="alternate"][type="application/atom+xml"]'
        )
        href = link["href"] if link else ""
        if href.startswith(built_site.base):  # the 404 page links from the site's root path
            href = str(built_site.root / href.removeprefix(built_site.base))
        target = (built_site.root / page).parent / href if link else None
        if target is None or not target.resolve().is_file():
            missing.append(page)
    assert not missing, f"pages without a working feed link in <head>: {missing[:5]}"


def test_every_note_has_a_report_link(built_site: sitecheck.Site) -> None:
    config = sitecheck.load_config(ROOT)
    issue_url = next(
        e["site_ext.notes"]["issue_url"]
        for e in config["markdown_extensions"]
        if isinstance(e, dict) and "site_ext.notes" in e
    )
    for page, src in NOTE_PAGES.items():
        link = built_site.soup(page).select_one("a.report-error")
        assert link is not None, f"site/{page}: no Report an error link"
        url = urlsplit(link["href"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == issue_url, link["href"]
        query = parse_qs(url.query)
        title = sources.titles(DOCS)[src]
        assert title in query["title"][0], (page, query["title"])
        assert config["site_url"] + page.removesuffix("index.html") in query["body"][0], page


def test_glossary_underlines_once_per_section() -> None:
    import xml.etree.ElementTree as etree

    root = etree.fromstring(
        "<div><h2>A</h2><p><abbr title='t'>FP8</abbr> and <abbr title='t'>FP8</abbr></p>"
        "<h2>B</h2><p><abbr title='t'>FP8</abbr></p></div>"
    )
    glossary.mark_repeats(root)
    classes = [a.get("class") for a in root.iter("abbr")]
    assert classes == [None, glossary.REPEAT_CLASS, None], classes


def test_repeated_terms_keep_their_tooltip(built_site: sitecheck.Site) -> None:
    soup = built_site.soup("low-precision/index.html")
    repeats = soup.select(f"abbr.{glossary.REPEAT_CLASS}")
    assert repeats, "no repeated glossary term marked on low-precision/"
    assert all(a.get("title") for a in repeats), "a repeated term lost its tooltip"
    css = (DOCS / "assets" / "extra.css").read_text(encoding="utf-8")
    assert f"abbr.{glossary.REPEAT_CLASS}" in css and "text-decoration: none" in css


def test_adjacent_citation_markers_are_separated(built_site: sitecheck.Site) -> None:
    refs = bibliography.load_bibliography(DOCS / "references.bib")
    out = bibliography.render_citations("x [@hu2021lora][@dettmers2023qlora]\n", refs, "x.md")
    assert f"[^hu2021lora]{bibliography.SEPARATOR}[^dettmers2023qlora]" in out
    glued = []
    for page in built_site.html_files():
        html = (built_site.root / page).read_text(encoding="utf-8")
        glued += [page for _ in re.finditer(r"</a></sup><sup id=\"fnref", html)]
    assert not glued, f"adjacent markers without a separator on {sorted(set(glued))}"


def test_rebase_links_for_whats_new() -> None:
    text = "See [the EFA](#efa) and [MoE](moe.md#routing) and [x](../comm.md)."
    assert notes.rebase_links(text, "eval/README.md", "whats-new.md") == (
        "See [the EFA](eval/README.md#efa) and [MoE](eval/moe.md#routing) and [x](comm.md)."
    )


def test_unknown_citation_in_an_update_names_the_front_matter(project_copy: Path) -> None:
    plant_update(project_copy / "docs" / "comm.md", "2026-12-01", "Added a claim [@nosuch2099].")
    result = sitecheck.build(project_copy, project_copy / "site", strict=True)
    output = result.stdout + result.stderr
    assert "docs/comm.md (an Updates entry in the front matter): unknown citation key" in output, (
        output[-1500:]
    )


def test_reference_titles_get_glossary_tooltips() -> None:
    terms = [glossary.Term("FP8", "8-bit floating point", "One byte.", "low-precision/README.md")]
    decorate = glossary.decorator(terms)
    assert decorate("FP8 & FP8s, FP8") == (
        '<abbr title="8-bit floating point: One byte.">FP8</abbr> &amp; FP8s, '
        f'<abbr class="{glossary.REPEAT_CLASS}" title="8-bit floating point: One byte.">FP8</abbr>'
    )
