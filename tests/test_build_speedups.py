"""The build's speed-ups give the same output: print-site's id prefixing done in one pass
(site_ext.markup.prefix_anchor_ids) and the theme templates compiled once into .cache/jinja."""

from __future__ import annotations

import re

import pytest
from material.plugins.search.plugin import Parser
from mkdocs_print_site_plugin import urls

from site_ext import markup
from site_ext import math as site_math
from tests import sitecheck

ORIGINAL = getattr(urls.update_anchor_ids, "__wrapped__", urls.update_anchor_ids)
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
            differ.append(page)
        checked += 1
    assert checked > 20, f"only {checked} pages had an article to compare"
    assert not differ, (
        f"site_ext/markup.py prefix_anchor_ids differs from print-site's update_anchor_ids on "
        f"{differ}; fix prefix_anchor_ids (or drop it from hooks/site.py)."
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


def test_the_hook_installs_the_one_pass_prefixing_and_the_template_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs.config import load_config  # noqa: PLC0415

    from hooks import site as hook  # noqa: PLC0415

    monkeypatch.setattr(urls, "update_anchor_ids", ORIGINAL)
    config = load_config(str(sitecheck.ROOT / "mkdocs.yml"))
    hook.on_config(config)
    assert urls.update_anchor_ids is not ORIGINAL, (
        "hooks/site.py on_config no longer installs markup.prefix_anchor_ids for print-site"
    )
    assert urls.update_anchor_ids.__wrapped__ is ORIGINAL
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
