"""Citations (site_ext.bibliography): bibliography completeness, key lookup and the rendered references."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_ext import bibliography as citations
from site_ext.context import SiteError as PluginError
from tests import sitecheck

BIB = sitecheck.ROOT / "docs" / "references.bib"


def test_bibliography_entries_are_complete() -> None:
    refs = citations.load_bibliography(BIB)  # raises, naming file and line, on a bad entry
    assert len(refs) >= 40


def test_entry_without_url_is_rejected(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{nourl2024,\n  title = {{T}},\n  author = {A B},\n  year = {2024},\n}\n")
    with pytest.raises(PluginError, match=r"references\.bib:1: entry 'nourl2024' lacks url"):
        citations.load_bibliography(bib)


def test_unknown_key_names_file_and_line() -> None:
    refs = citations.load_bibliography(BIB)
    with pytest.raises(
        PluginError, match=r"docs/x\.md:3: unknown citation key 'hu2021lorra'.*hu2021lora"
    ):
        citations.render_citations("a\n\nclaim [@hu2021lorra]\n", refs, "x.md")


def test_citations_in_code_are_left_alone() -> None:
    refs = citations.load_bibliography(BIB)
    text = "```\n[@notakey]\n```\n\n`[@alsonot]` and [@hu2021lora; @dettmers2023qlora]\n"
    out = citations.render_citations(text, refs, "x.md")
    assert "[@notakey]" in out and "`[@alsonot]`" in out
    assert f"[^hu2021lora]{citations.SEPARATOR}[^dettmers2023qlora]" in out
    assert out.count("## References") == 1


def test_every_cited_page_lists_its_references(built_site: sitecheck.Site) -> None:
    problems = []
    for page in built_site.html_files():
        if page.startswith("print_page/"):
            continue  # the print copy joins the pages; each is checked on its own
        soup = built_site.soup(page)
        refs = soup.select("sup[id^='fnref'] a.footnote-ref")
        if not refs:
            continue
        items = soup.select("div.footnote li[id^='fn:']")
        if not soup.find(id="references"):
            problems.append(f"{page}: citations but no References heading")
        for item in items:
            link = item.find("a", href=lambda h: h and h.startswith("https://"))
            if link is None:
                problems.append(f"{page}: reference {item['id']} has no https link")
    assert not problems, "\n".join(problems)


def test_stashed_citation_html_is_what_the_footnotes_extension_writes() -> None:
    """The fast path (markers and list written as HTML) renders exactly as footnote Markdown
    through the footnotes extension: same ids, numbers, backlinks and escaping."""
    import markdown
    from markdown.preprocessors import Preprocessor

    refs = citations.load_bibliography(BIB)
    keys = [k for k, r in refs.items() if "'" in r.title or "&" in r.title][:2] + ["hu2021lora"]
    assert len(keys) == 3, keys
    text = (
        f"A claim [@{keys[0]}] and two more [@{keys[1]}; @{keys[2]}].\n\n"
        f"Again [@{keys[0]}][@{keys[2]}].\n"
    )

    def convert(stash: bool) -> str:
        md = markdown.Markdown(extensions=["footnotes"])

        class Cite(Preprocessor):
            def run(self, lines: list[str]) -> list[str]:
                store = md.htmlStash.store if stash else None
                out = citations.render_citations("\n".join(lines), refs, "x.md", store=store)
                return out.split("\n")

        md.preprocessors.register(Cite(md), "cite", 27)
        return md.convert(text)

    fast, slow = convert(True), convert(False)
    assert 'id="fnref2:' in fast and "footnote-backref" in fast
    assert fast == slow


def test_entries_as_markdown_read_as_written() -> None:
    """The Markdown form (llms.txt copies, Zensical's bibliography) keeps a title's "__main__",
    "*", "[" and "`" as text."""
    import markdown  # noqa: PLC0415

    ref = citations.Reference(
        key="k",
        authors="A_B et al.",
        year="2025",
        title="cli (evals/__main__.py) [beta] *x* `y`",
        venue="repo_name",
        url="https://example.org/a_b",
    )
    html = markdown.markdown(ref.as_markdown())
    assert "<strong>" not in html and "<em>x</em>" not in html and "<code>" not in html, html
    assert "(evals/__main__.py) [beta] *x* `y`</a>" in html and "<em>repo_name</em>" in html, html
    assert 'href="https://example.org/a_b"' in html, html
