"""The build's speed-ups give the same output: print-site's id prefixing and link rewriting done
in one pass (site_ext.markup.prefix_anchor_ids, rewrite_links), the search plugin handed formulas
as text, the theme templates compiled once into .cache/jinja, and the search sections and
print-page parts of unchanged pages taken from .cache/ (hooks/site.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser
from mkdocs_print_site_plugin import urls

from site_ext import markup
from site_ext import math as site_math
from tests import sitecheck

ORIGINAL = getattr(urls.update_anchor_ids, "__wrapped__", urls.update_anchor_ids)
LINKS = getattr(urls.fix_href_links, "__wrapped__", urls.fix_href_links)
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def test_one_pass_prefixing_matches_print_site_on_every_page(built_site: sitecheck.Site) -> None:
    checked, differ = 0, []
    for page in built_site.html_files():
        match = ARTICLE.search((built_site.root / page).read_text(encoding="utf-8"))
        if not match or built_site.is_redirect(page) or page == markup.PRINT_PAGE:
            continue
        # print-site sees pages before their math is typeset (hooks/site.py): formulas as text
        html = site_math.as_text(match.group(1))
        key = page.removesuffix("index.html").strip("/") or "index"
        expected = ORIGINAL(html, key)
        assert expected != html or page.startswith("404"), f"site/{page}: no id was prefixed"
        if markup.prefix_anchor_ids(html, key) != expected:
            differ.append(f"{page} (ids)")
        url = page.removesuffix("index.html")
        expected = LINKS(html, key, url, True)
        assert expected != html or page.startswith("404"), f"site/{page}: no link was rewritten"
        if markup.rewrite_links(html, LINKS, key, url, True) != expected:
            differ.append(f"{page} (links)")
        checked += 1
    assert checked > 20, f"only {checked} pages had an article to compare"
    assert not differ, (
        f"site_ext/markup.py differs from print-site (prefix_anchor_ids from update_anchor_ids, "
        f"rewrite_links from fix_href_links) on {differ}; fix it (or drop it from hooks/site.py)."
    )


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="a">A</h2><p>x</p><li id="fn:1">y</li><sup id="fnref:1">1</sup><div id="k">',
        '<h2 id="x">X</h2> <h2 id="x">again</h2> <H3 id="y" class="y">Y</H3>',
        '<li id="a">a</li><li id="a" class="b">nested text <li id="a">',  # tag inside another
        '<h2 title="<h2 id=\\"z\\">" id="z">',  # a second "<" in a tag: the original is used
    ],
)
def test_one_pass_prefixing_matches_print_site_on_edge_cases(html: str) -> None:
    assert markup.prefix_anchor_ids(html, "page", ORIGINAL) == ORIGINAL(html, "page")


@pytest.mark.parametrize(
    "html",
    [
        '<a href="#x">1</a> <a class="c" href="../b/#y">2</a> <a href="https://e.org/">3</a>',
        '<a href="#x">1</a> <a href="#page-x">2</a>',  # a rewritten link equals another link
        '<a href="#x">1</a><a href="#x">again</a> <A HREF="a.pdf">pdf</A>',
        '<a title="<b>" href="#z">z</a>',  # a second "<" in a link: the original is used
    ],
)
def test_one_pass_links_match_print_site_on_edge_cases(html: str) -> None:
    args = ("page", "sec/page/", True)
    assert markup.rewrite_links(html, LINKS, *args) == LINKS(html, *args)


def test_the_hook_installs_the_one_pass_prefixing_and_the_caches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from material.plugins.search import plugin as search  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs_print_site_plugin import renderer  # noqa: PLC0415

    from hooks import site as hook  # noqa: PLC0415

    monkeypatch.setattr(urls, "update_anchor_ids", ORIGINAL)
    monkeypatch.setattr(urls, "fix_href_links", LINKS)
    monkeypatch.setattr(search, "Parser", getattr(search.Parser, "__wrapped__", search.Parser))
    combine = getattr(renderer.fix_internal_links, "__wrapped__", renderer.fix_internal_links)
    monkeypatch.setattr(renderer, "fix_internal_links", combine)
    config = load_config(str(sitecheck.ROOT / "mkdocs.yml"))
    hook.on_config(config)
    hook._caches.clear()  # nothing is built here, so nothing is saved
    assert getattr(search.Parser, "__wrapped__", None) is not None, (
        "hooks/site.py on_config no longer installs the search-section cache"
    )
    assert getattr(renderer.fix_internal_links, "__wrapped__", None) is combine, (
        "hooks/site.py on_config no longer installs the print-page part cache"
    )
    assert urls.update_anchor_ids is not ORIGINAL, (
        "hooks/site.py on_config no longer installs markup.prefix_anchor_ids for print-site"
    )
    assert urls.update_anchor_ids.__wrapped__ is ORIGINAL
    assert urls.fix_href_links is not LINKS and urls.fix_href_links.__wrapped__ is LINKS, (
        "hooks/site.py on_config no longer installs markup.rewrite_links for print-site"
    )
    cache = config.theme.get_env().bytecode_cache
    assert cache is not None and cache.directory == str(sitecheck.ROOT / ".cache" / "jinja"), (
        f"hooks/site.py: the theme's Jinja environment has bytecode cache {cache!r}, expected "
        ".cache/jinja (cache_templates in on_config)"
    )


def search_sections(html: str) -> list[tuple[str, str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id or "", "".join(s.title), "".join(s.text)) for s in parser.data]


def test_search_reads_the_same_words_from_formulas_as_text(built_site: sitecheck.Site) -> None:
    """hooks/site.py hands the search plugin each formula as text (site_ext.math.as_text) and
    puts the MathML back after it: the index must be what the MathML page would give."""
    pages = [p for p in built_site.html_files() if "<math" in (built_site.root / p).read_text()]
    assert len(pages) > 5, f"only {pages} have MathML"
    differ = []
    for page in pages:
        html = ARTICLE.search((built_site.root / page).read_text(encoding="utf-8")).group(1)
        if search_sections(site_math.as_text(html)) != search_sections(html):
            differ.append(page)
    assert not differ, (
        f"site_ext/math.py as_text changes what Material's search indexes on {differ}; "
        "make it write each formula's text as the search parser reads the MathML."
    )


def test_a_plugin_changing_a_math_page_after_conversion_fails_loudly() -> None:
    from hooks import site as hook  # noqa: PLC0415
    from site_ext.context import SiteError  # noqa: PLC0415

    class FakePage:
        content = ""

        class file:  # noqa: N801
            src_uri = "x.md"

    hook._session["typeset"] = {"x.md": ("f(x) = 1", "<math>f(x) = 1</math>")}
    FakePage.content = "f(x) = 1"
    hook.on_page_context({}, FakePage, None, None)  # type: ignore[arg-type]
    assert FakePage.content == "<math>f(x) = 1</math>", "the MathML was not put back"
    hook._session["typeset"] = {"x.md": ("f(x) = 1", "<math>f(x) = 1</math>")}
    FakePage.content = "changed by a plugin"
    with pytest.raises(SiteError, match="docs/x.md: a plugin changed the page"):
        hook.on_page_context({}, FakePage, None, None)  # type: ignore[arg-type]


def test_bibliography_cache_is_used_and_follows_edits(tmp_path: Path) -> None:
    from site_ext import citations  # noqa: PLC0415

    bib = tmp_path / "docs" / "references.bib"
    bib.parent.mkdir()
    bib.write_text((sitecheck.ROOT / "docs" / "references.bib").read_text("utf-8"), "utf-8")
    first = citations._bib.__wrapped__(bib, 0)
    cache = tmp_path / ".cache" / "bibliography.json"
    assert cache.is_file(), "site_ext/citations.py did not write .cache/bibliography.json"
    assert citations._bib.__wrapped__(bib, 0) == first
    key = next(iter(first))
    text = bib.read_text("utf-8").replace(first[key].title, "A Planted New Title", 1)
    bib.write_text(text, "utf-8")
    assert citations._bib.__wrapped__(bib, 0)[key].title == "A Planted New Title", (
        "the bibliography cache returned a stale entry after the .bib file changed"
    )
    cache.write_text("{not json", "utf-8")
    assert citations._bib.__wrapped__(bib, 0)[key].title == "A Planted New Title"


# --- The caches of hooks/site.py: Material's search sections and print-site's page parts -------


def sections_of(parser_class: type, html: str) -> list[tuple]:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.is_excluded(), s.id, s.title, s.text) for s in parser.data]


EXCLUDED = (  # a section left out of search, and a block left out inside a kept section
    '<h2 id="a">A</h2><p>kept</p><h2 id="b" data-search-exclude>B</h2><p>out</p>'
    '<h2 id="c">C</h2><div data-search-exclude><p>no</p></div><p>kept</p>'
)


def test_cached_search_sections_match_material_on_every_page(
    built_site: sitecheck.Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from material.plugins.search import plugin as search  # noqa: PLC0415

    from hooks import site as hook  # noqa: PLC0415

    original = getattr(search.Parser, "__wrapped__", search.Parser)
    monkeypatch.setattr(search, "Parser", original)
    pages = [
        ARTICLE.search(text).group(1)
        for page in built_site.html_files()
        if ARTICLE.search(text := (built_site.root / page).read_text(encoding="utf-8"))
    ]
    assert len(pages) > 20, f"only {len(pages)} pages had an article"
    pages.append(EXCLUDED)
    cache_file = tmp_path / "search-sections.json"
    for run in ("cold", "warm"):
        hook.cache_search_sections(cache_file)
        differ = [
            i
            for i, html in enumerate(pages)
            if sections_of(search.Parser, html) != sections_of(original, html)
        ]
        assert not differ, (
            f"hooks/site.py cache_search_sections ({run} cache) gives other search sections "
            f"than Material's parser for {len(differ)} pages (first: {pages[differ[0]][:200]!r}); "
            "fix CachedParser or drop it from on_config."
        )
        hook._caches.pop("search").save()
        assert cache_file.is_file(), "cache_search_sections saved no .cache file"
    edited = EXCLUDED.replace("kept", "edited")
    assert sections_of(search.Parser, edited) == sections_of(original, edited), (
        "an edited page got its old search sections from the cache: the key must be the HTML"
    )


def test_search_sections_are_read_from_the_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from material.plugins.search import plugin as search  # noqa: PLC0415

    from hooks import site as hook  # noqa: PLC0415

    monkeypatch.setattr(search, "Parser", getattr(search.Parser, "__wrapped__", search.Parser))
    cache_file = tmp_path / "search-sections.json"
    hook.cache_search_sections(cache_file)
    sections_of(search.Parser, EXCLUDED)
    hook._caches.pop("search").save()
    cache_file.write_text(cache_file.read_text("utf-8").replace("kept", "from-cache"), "utf-8")
    hook.cache_search_sections(cache_file)
    texts = ["".join(s[4]) for s in sections_of(search.Parser, EXCLUDED)]
    assert any("from-cache" in t for t in texts), f"the cache file was not used: {texts}"
    hook._caches.clear()


def test_cached_print_page_parts_match_print_site(
    built_site: sitecheck.Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_print_site_plugin import renderer  # noqa: PLC0415

    from hooks import site as hook  # noqa: PLC0415

    original = getattr(renderer.fix_internal_links, "__wrapped__", renderer.fix_internal_links)
    for name, value in (("update_anchor_ids", ORIGINAL), ("fix_href_links", LINKS)):
        monkeypatch.setattr(urls, name, value)
    monkeypatch.setattr(renderer, "fix_internal_links", original)
    cases = []
    for page in built_site.html_files():
        match = ARTICLE.search((built_site.root / page).read_text(encoding="utf-8"))
        if match and not built_site.is_redirect(page) and page != markup.PRINT_PAGE:
            html = site_math.as_text(match.group(1))
            cases.append((html, page.removesuffix("index.html") or "/", True, len(cases) + 1))
    expected = [original(*case) for case in cases]  # print-site's own code, before any patch
    for run in ("cold", "warm"):
        hook.fast_print_site(tmp_path)
        got = [renderer.fix_internal_links(*case) for case in cases]
        differ = [cases[i][1] for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
        assert not differ, (
            f"hooks/site.py fast_print_site ({run} cache) changes the print page's parts of "
            f"{differ}; fix it or drop it from on_config."
        )
        hook._caches.pop("print").save()
        assert (tmp_path / "print-pages.json").is_file(), "no .cache/print-pages.json written"
    html, url, dirs, number = cases[0]
    edited = html.replace("</p>", " planted</p>", 1)
    assert renderer.fix_internal_links(edited, url, dirs, number) == original(
        edited, url, dirs, number
    ), "an edited page got its old print-page part from the cache: the key must be the HTML"
    hook._caches.clear()


def test_keyed_cache_keeps_one_build_and_starts_over_for_another_stamp(tmp_path: Path) -> None:
    from site_ext.cache import KeyedCache  # noqa: PLC0415

    path = tmp_path / "c.json"
    first = KeyedCache(path, "v1")
    first.put("a", [1])
    first.put("b", [2])
    first.save()
    second = KeyedCache(path, "v1")
    assert second.get("a") == [1] and second.get("missing") is None
    second.save()
    assert KeyedCache(path, "v1").known == {"a": [1]}, "a save must keep only the used entries"
    assert KeyedCache(path, "v2").get("a") is None, "another stamp must not reuse entries"
    KeyedCache(path, "v1").save()  # a build that used nothing leaves the file alone
    assert KeyedCache(path, "v1").known == {"a": [1]}
    path.write_text("{torn", "utf-8")
    assert KeyedCache(path, "v1").known == {}


def test_derived_data_follows_new_page_sets_even_at_a_reused_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``sources.derived`` caches by the page set's id; a freed set's id can be given to the next
    one, so the cache must keep its set alive (else a rebuild could get stale titles, backlinks
    or bibliography listings)."""
    from site_ext import sources  # noqa: PLC0415

    current: list[dict] = [{}]
    monkeypatch.setattr(sources, "pages", lambda docs_dir: current[0])
    monkeypatch.setattr(sources, "_derived", {})
    seen = []
    for n in range(20):  # CPython hands a freed dict's address to the next new dict
        current[0] = {f"page-{n}.md": n}
        seen.append(sources.derived("test", Path("docs"), lambda pages: sorted(pages)))
    assert seen == [[f"page-{n}.md"] for n in range(20)], (
        f"site_ext/sources.py derived returned stale data: {seen}"
    )
