"""The built site's links: every internal link, every "Read more", every promised URL."""

from __future__ import annotations

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT

# The original notes' links (people already have them) and the readable aliases.
# Each maps to (built page, required element id or "").
PROMISED_URLS = {
    "": ("index.html", ""),
    "lcw/": ("lcw/index.html", ""),
    "post-training/": ("post-training/index.html", ""),
    "low-precision/": ("low-precision/index.html", ""),
    "moe/": ("moe/index.html", ""),
    "eval/": ("eval/index.html", ""),
    "comm/#nvshmem": ("comm/index.html", "nvshmem"),
    "comm/#uccl": ("comm/index.html", "uccl"),
    "estimations/": ("estimations/index.html", ""),
    # aliases (mkdocs-redirects)
    "long-context/": ("lcw/index.html", ""),
    "long-context-windows/": ("lcw/index.html", ""),
    "mixture-of-experts/": ("moe/index.html", ""),
    "expert-parallelism/": ("moe/index.html", ""),
    "communication/": ("comm/index.html", ""),
    "evaluation/": ("eval/index.html", ""),
    "nvshmem/": ("comm/index.html", "nvshmem"),
    "uccl/": ("comm/index.html", "uccl"),
    "nccl/": ("comm/index.html", "nccl"),
    "efa/": ("comm/index.html", "efa"),
    "pass-at-k/": ("eval/pass-at-k/index.html", ""),
    "fp8/": ("low-precision/fp8-in-practice/index.html", ""),
    "rl-frameworks/": ("post-training/rl-frameworks/index.html", ""),
}

HOME_READ_MORE = {
    "lcw/",
    "post-training/",
    "low-precision/",
    "moe/",
    "eval/",
    "comm/#nvshmem",
    "comm/#uccl",
}


def test_internal_links_and_anchors_resolve(built_site: sitecheck.Site) -> None:
    errors = sitecheck.check_internal_links(built_site)
    assert not errors, "\n".join(errors)


def test_every_read_more_link_resolves(built_site: sitecheck.Site) -> None:
    errors = sitecheck.check_read_more(built_site, ROOT)
    assert not errors, "\n".join(errors)


def test_home_page_has_a_read_more_for_each_topic(built_site: sitecheck.Site) -> None:
    hrefs = {
        link.value
        for link in built_site.links
        if link.page == "index.html" and sitecheck.READ_MORE.match(link.text)
    }
    missing = HOME_READ_MORE - hrefs
    assert not missing, (
        f"docs/index.md: no 'Read more' link to {sorted(missing)} (found {sorted(hrefs)})"
    )


@pytest.mark.parametrize("url", sorted(PROMISED_URLS))
def test_promised_url_resolves(built_site: sitecheck.Site, url: str) -> None:
    page, anchor = PROMISED_URLS[url]
    target, fragment = built_site.resolve("index.html", url or "./")
    assert target == page, (
        f"/{url} leads to {target!r}, expected {page!r} (mkdocs.yml redirect_maps or the page's path)"
    )
    assert fragment == anchor, f"/{url} lands on #{fragment}, expected #{anchor}"
    if anchor:
        assert anchor in built_site.ids(page), f"{page} has no element with id '{anchor}'"


def test_every_page_in_nav_and_linked(built_site: sitecheck.Site) -> None:
    errors = sitecheck.check_nav(ROOT, built_site)
    assert not errors, "\n".join(errors)


def test_redirects_point_to_existing_pages(built_site: sitecheck.Site) -> None:
    errors = sitecheck.check_redirects(ROOT, built_site)
    assert not errors, "\n".join(errors)


def test_404_page_helps(built_site: sitecheck.Site) -> None:
    soup = built_site.soup("404.html")
    assert soup.find("input", class_="md-search__input"), "404.html has no search box"
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    assert len(hrefs) >= 6, f"404.html should link to every topic; found {hrefs}"
