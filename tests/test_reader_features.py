"""Reader features on the built site: glossary tooltips, bibliography, tags, backlinks, dates,
"Cite this page", page metadata, the printable page and llms.txt."""

from __future__ import annotations

import re

import pytest
import yaml

from site_ext import bibliography as citations
from site_ext import glossary, sources
from tests import sitecheck

ROOT = sitecheck.ROOT
DOCS = ROOT / "docs"
GLOSSARY_FILE = "glossary.yml"
BIB = DOCS / "references.bib"
NOTES = sorted(
    p
    for p, md in sitecheck.source_pages(ROOT).items()
    if sources.is_note(md.relative_to(DOCS).as_posix())
)
GLOSSARY = glossary.load_glossary(DOCS / GLOSSARY_FILE)


def article_text_outside_terms(soup) -> str:
    """Article text without code, math, links to elsewhere, or text already inside <abbr>."""
    article = soup.find("article")
    # raw-HTML blocks (the calculators' forms) are not Markdown, so abbreviations do not apply
    for tag in article.select("pre, code, .katex, abbr, .md-tags, #cite ~ *, form, h1, h2, h3, h4"):
        tag.decompose()
    return article.get_text(" ")


@pytest.mark.parametrize("page", NOTES)
def test_glossary_terms_carry_their_definition(built_site: sitecheck.Site, page: str) -> None:
    soup = built_site.soup(page)
    titles = {t.term: f"{t.expansion}: {t.definition}" for t in GLOSSARY}
    problems = [
        f"site/{page}:{abbr.sourceline}: <abbr>{abbr.get_text()}</abbr> has title "
        f"{abbr.get('title')!r}, expected the glossary text"
        for abbr in soup.select("article abbr")
        if titles.get(abbr.get_text()) != abbr.get("title")
    ]
    text = article_text_outside_terms(sitecheck.BeautifulSoup(str(soup), "html.parser"))
    for term in titles:
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text):
            problems.append(f"site/{page}: '{term}' appears without its glossary tooltip")
    assert not problems, "\n".join(problems)


def test_glossary_page_lists_every_term(built_site: sitecheck.Site) -> None:
    soup = built_site.soup("glossary/index.html")
    listed = [dt.get_text(strip=True) for dt in soup.select("article dl > dt")]
    assert sorted(listed, key=str.lower) == sorted((t.term for t in GLOSSARY), key=str.lower)
    for dd in soup.select("article dl > dd"):
        assert dd.find("a", string=True), f"glossary entry without a link to its note: {dd}"


def test_glossary_source_is_complete() -> None:
    required = {"NVSHMEM", "EP", "MoE", "GRPO", "DPO", "MFU", "HFU", "KV cache", "RoPE", "YaRN"}
    required |= {
        "FP8",
        "MXFP8",
        "NVFP4",
        "EFA",
        "RDMA",
        "IBGDA",
        "TP",
        "PP",
        "DP",
        "CP",
        "SFT",
        "RLHF",
    }
    assert required <= {t.term for t in GLOSSARY}
    raw = yaml.safe_load((DOCS / GLOSSARY_FILE).read_text(encoding="utf-8"))
    assert len(raw) == len({e["term"] for e in raw}), "duplicate glossary terms"


def test_bibliography_lists_every_cited_key_once(built_site: sitecheck.Site) -> None:
    cited: dict[str, set[str]] = {}
    for md in sorted(DOCS.rglob("*.md")):
        for key in citations.find_citations(md.read_text(encoding="utf-8")):
            cited.setdefault(key, set()).add(sitecheck.dest_uri(md.relative_to(DOCS).as_posix()))
    topic_of = {key: ref.topic for key, ref in citations.load_bibliography(BIB).items()}
    ids, where = [], {}
    for topic in citations.TOPICS:
        page = f"bibliography/{topic}/index.html"
        soup = built_site.soup(page)
        for p in soup.select("article p[id^='ref-']"):
            key = p["id"].removeprefix("ref-")
            ids.append(key)
            where[key] = page
            assert topic_of[key] == topic, f"site/{page}: {key} is filed under {topic_of[key]}"
        assert soup.find("a", href="../../references.bib"), f"site/{page}: no .bib download"
    assert len(ids) == len(set(ids)), "a key is listed twice"
    assert set(ids) == set(cited), (
        f"missing: {sorted(set(cited) - set(ids))}; not cited: {sorted(set(ids) - set(cited))}"
    )
    for key in ids:
        entry = built_site.soup(where[key]).find(id=f"ref-{key}")
        pages = {
            built_site.resolve(where[key], a["href"])[0]
            for a in entry.find_all("a")
            if not a["href"].startswith("http")
        }
        assert pages == cited[key], f"{key}: cited on {sorted(cited[key])}, listed {sorted(pages)}"
    index = built_site.soup("bibliography/index.html")  # one link per source keeps #ref-<key>
    for key in ids:
        link = index.find(id=f"ref-{key}")
        assert link is not None and built_site.resolve("bibliography/index.html", link["href"]) == (
            where[key],
            f"ref-{key}",
        ), f"site/bibliography/index.html: #ref-{key} does not lead to its entry on {where[key]}"
    assert index.find("a", href="../references.bib"), "no link to download the .bib file"
    assert (built_site.root / "references.bib").is_file()


HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def test_glossary_terms_are_underlined_once_per_section_on_every_page(
    built_site: sitecheck.Site,
) -> None:
    """In reading order, the first tooltip of a term after a heading is underlined and later ones
    carry the repeat class, in Markdown text and in the HTML the build writes itself (References,
    bibliography entries) alike."""
    wrong = []
    for page in built_site.html_files():
        article = built_site.soup(page).find("article")
        if article is None or page == "print_page/index.html":
            continue
        seen: set[str] = set()
        for element in article.find_all(True):
            if element.name in HEADINGS:
                seen = set()
            elif element.name == "abbr" and not element.find_parent(HEADINGS):
                term = element.get_text().strip()
                if (glossary.REPEAT_CLASS in (element.get("class") or [])) != (term in seen):
                    wrong.append(f"site/{page}: {term} ({'' if term in seen else 'not '}a repeat)")
                seen.add(term)
    assert not wrong, (
        f"{len(wrong)} tooltips are underlined out of reading order, first: {wrong[:5]}; the "
        "HTML written outside Markdown must decorate its text in reading order "
        "(site_ext/bibliography.py Reference.as_html, render_bibliography)."
    )


def test_reference_titles_are_plain_text_on_every_page(built_site: sitecheck.Site) -> None:
    """Every entry's linked title reads as the .bib title: no TeX or Markdown left over, none
    taken as markup ("__main__" is not bold, "$\\tau$" is a τ)."""
    refs = citations.load_bibliography(BIB)
    wrong, checked = [], 0
    for page in built_site.html_files():
        soup = built_site.soup(page)
        for entry in soup.select("article li[id^='fn:'], article p[id^='ref-']"):
            key = entry["id"].removeprefix("fn:").removeprefix("ref-")
            link = entry.find("a", href=True)
            if key not in refs or link is None:
                continue
            checked += 1
            if link.get_text() != refs[key].title or "$" in link.get_text():
                wrong.append(f"site/{page} {key}: {link.get_text()!r} != {refs[key].title!r}")
    assert checked > 300, f"only {checked} reference entries found"
    assert not wrong, f"titles that do not read as in docs/references.bib: {wrong[:5]}"
    assert "τ-bench" in refs["yao2024taubench"].title, "site_ext/bibliography.py _plain left TeX"


def test_generated_links_match_mkdocs_urls() -> None:
    """The bibliography pages write their links themselves; they must be MkDocs's own."""
    from mkdocs.structure.files import File  # noqa: PLC0415
    from mkdocs.utils import get_relative_url  # noqa: PLC0415

    pages = sorted(sources.pages(DOCS))
    urls = {src: File(src, str(DOCS), "/tmp/site", use_directory_urls=True).url for src in pages}
    wrong = [
        (src, target, citations.relative_url(target, src))
        for src in pages
        for target in pages
        if citations.relative_url(target, src) != get_relative_url(urls[target], urls[src])
    ]
    assert not wrong, f"site_ext/bibliography.py relative_url differs from MkDocs: {wrong[:5]}"


def test_bibliography_has_no_duplicate_sources() -> None:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    urls = re.findall(r"^\s*url = \{([^}]*)\}", text, re.M)
    dupes = {u for u in urls if urls.count(u) > 1}
    assert not dupes, f"docs/references.bib: several entries share {sorted(dupes)}; keep one key"


@pytest.mark.parametrize("page", NOTES)
def test_note_has_tags_backlinks_date_and_cite_block(built_site: sitecheck.Site, page: str) -> None:
    md = sitecheck.source_pages(ROOT)[page]
    front = yaml.safe_load(md.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---"))
    assert front.get("tags"), f"{md.relative_to(ROOT)}: add 'tags:' to the front matter"
    soup = built_site.soup(page)
    assert soup.select_one(".last-updated"), f"site/{page}: no 'Last updated' line"
    assert re.match(
        r"Last updated: (\d{4}-\d{2}-\d{2}|not yet committed)",
        soup.select_one(".last-updated").get_text(),
    )
    cite = soup.find(id="cite")
    assert cite and "@misc{awsome_" in cite.find_next("code").get_text(), (
        f"site/{page}: no BibTeX block"
    )
    assert built_site.ids("tags/index.html") and page.removesuffix("index.html") in str(
        built_site.soup("tags/index.html").find("article")
    ), f"tags page does not list {page}"


def _content_links(site: sitecheck.Site, page: str) -> set[str]:
    article = sitecheck.BeautifulSoup(str(site.soup(page).find("article")), "html.parser")
    for tag in article.select("#backlinks, #backlinks + ul, #cite ~ *, .footnote"):
        tag.decompose()
    out = set()
    for a in article.find_all("a", href=True):
        target, _ = site.resolve(page, a["href"])
        if target in NOTES and target != page:
            out.add(target)
    return out


def test_backlinks_match_the_link_graph(built_site: sitecheck.Site) -> None:
    incoming: dict[str, set[str]] = {}
    for page in NOTES:
        for target in _content_links(built_site, page):
            incoming.setdefault(target, set()).add(page)
    problems = []
    for page in NOTES:
        heading = built_site.soup(page).find(id="backlinks")
        listed = set()
        if heading:
            for a in heading.find_next("ul").find_all("a", href=True):
                listed.add(built_site.resolve(page, a["href"])[0])
        if listed != incoming.get(page, set()):
            problems.append(
                f"site/{page}: backlinks {sorted(listed)} != {sorted(incoming.get(page, set()))}"
            )
    assert not problems, "\n".join(problems)


def test_every_page_has_title_and_descriptions(built_site: sitecheck.Site) -> None:
    problems = []
    for page in sitecheck.source_pages(ROOT):
        soup = built_site.soup(page)
        for selector in (
            "meta[name=description]",
            "meta[property='og:description']",
            "meta[property='og:title']",
        ):
            tag = soup.select_one(selector)
            if not tag or not tag.get("content", "").strip():
                problems.append(f"site/{page}: missing {selector}")
    assert not problems, "\n".join(problems)


def test_print_page_has_every_note_in_nav_order(built_site: sitecheck.Site) -> None:
    soup = built_site.soup("print_page/index.html")
    headings = [
        h.get_text(" ", strip=True).rstrip("¶ ").strip()
        for h in soup.select("section.print-page h1")
    ]
    titles = [
        built_site.soup(p).find("h1").get_text(" ", strip=True).rstrip("¶ ").strip() for p in NOTES
    ]
    missing = [t for t in titles if t not in headings]
    assert not missing, f"print page lacks {missing}"


def test_llms_txt_lists_every_note(built_site: sitecheck.Site) -> None:
    text = (built_site.root / "llms.txt").read_text(encoding="utf-8")
    base = sitecheck.load_config(ROOT)["site_url"]
    for page in NOTES:
        md_copy = page.removesuffix("index.html") + "index.md"
        assert base + md_copy in text, f"llms.txt does not list {md_copy}"
        assert (built_site.root / md_copy).is_file(), f"no Markdown copy at site/{md_copy}"


def test_missing_description_is_reported() -> None:
    from tests import contentcheck

    errors = contentcheck.check_front_matter("x.md", "---\ntitle: X\n---\n\n# X\n")
    assert errors == ["docs/x.md:2: front matter lacks 'description'. Add it."]


def test_llms_copies_keep_tex_and_resolve_citations(built_site: sitecheck.Site) -> None:
    """The Markdown copies come from the sources: TeX stays TeX, [@key] becomes a numbered link
    with a References list, relative links become absolute, attribute lists are dropped."""
    text = (built_site.root / "eval" / "pass-at-k" / "index.md").read_text(encoding="utf-8")
    base = sitecheck.load_config(ROOT)["site_url"]
    assert "$$" in text and "\\binom" in text, "math lost its TeX in the Markdown copy"
    assert "[@" not in text and "## References" in text, "citations not resolved"
    assert re.search(r"\[\[1\]\(https://arxiv\.org/", text), "a citation is not a numbered link"
    assert f"]({base}eval/#" in text, "relative links are not absolute"
    assert not re.search(r"\{:? ?#[\w-]+\}", text), "attribute lists left in the copy"
