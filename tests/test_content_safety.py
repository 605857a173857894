"""Content checks for contributions: unsafe markup, http links, images, lost pages, malformed
Markdown. Each check runs on the real docs and is shown to catch a planted mistake."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests import contentcheck, sitecheck
from tests.conftest import Planted

ROOT = sitecheck.ROOT
MAX_IMAGE_BYTES = 500 * 1024
# Images allowed above MAX_IMAGE_BYTES, each with the reason (path relative to docs/).
LARGE_IMAGES: dict[str, str] = {}


def check_built_html(site: sitecheck.Site) -> list[str]:
    """New-tab links carry rel=noopener; images have alt text; content links use https."""
    errors = []
    for page in site.html_files():
        if site.is_redirect(page):
            continue
        article = site.soup(page).find("article")
        if article is None:
            continue
        for a in article.find_all("a", href=True):
            where = f"site/{page}:{a.sourceline}"
            if a.get("target") == "_blank" and "noopener" not in (a.get("rel") or []):
                errors.append(f"{where}: link '{a['href']}' opens a new tab without rel=noopener.")
            if str(a["href"]).startswith("http://"):
                errors.append(f"{where}: link '{a['href']}' uses http; use https.")
        for img in article.find_all("img"):
            if not str(img.get("alt") or "").strip():
                errors.append(
                    f"site/{page}:{img.sourceline}: image '{img.get('src')}' has no alt text. "
                    "Describe it: ![what the image shows](file.png)."
                )
    return errors


def check_image_sizes(docs: Path) -> list[str]:
    errors = []
    for path in sorted(docs.rglob("*")):
        if path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"}:
            continue
        rel = path.relative_to(docs).as_posix()
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES and rel not in LARGE_IMAGES:
            errors.append(
                f"docs/{rel}: image is {size / 1024:.0f} KiB, over the 500 KiB limit. Compress or "
                "resize it, or add it to LARGE_IMAGES in tests/test_content_safety.py with a reason."
            )
    return errors


def check_pages_built(project: Path, site: sitecheck.Site) -> list[str]:
    """Every Markdown file becomes a page, and no two files claim the same URL."""
    docs = project / "docs"
    by_url: dict[str, list[str]] = defaultdict(list)
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).as_posix()
        by_url[sitecheck.dest_uri(rel)].append(rel)
    errors = []
    for url, sources in sorted(by_url.items()):
        if len(sources) > 1:
            errors.append(
                f"docs/{sources[1]}:1: produces the same URL '{url}' as docs/{sources[0]}. "
                "Rename or remove one of them."
            )
        built = site.root / url
        if not built.is_file() or site.is_redirect(url):
            errors.append(
                f"docs/{sources[0]}:1: no page was built for this file (expected site/{url}). "
                "Check exclude_docs in mkdocs.yml and the file name."
            )
    return errors


# --- The real site ------------------------------------------------------------------------------


def test_docs_markdown_is_safe_and_well_formed() -> None:
    errors = contentcheck.check_docs(ROOT / "docs")
    assert not errors, "\n".join(errors)


def test_built_html_links_and_images(built_site: sitecheck.Site) -> None:
    errors = check_built_html(built_site) + check_image_sizes(ROOT / "docs")
    assert not errors, "\n".join(errors)


def test_every_markdown_file_becomes_one_page(built_site: sitecheck.Site) -> None:
    errors = check_pages_built(ROOT, built_site)
    assert not errors, "\n".join(errors)


# --- Planted mistakes -----------------------------------------------------------------------------

PAGE = "---\ntitle: T\ndescription: D.\n---\n\n# T\n\n"

PLANTED = {
    "script": ('<script src="https://x.example/a.js"></script>\n', r":8: raw <script>"),
    "iframe": ('<iframe src="https://x.example"></iframe>\n', r":8: raw <iframe>"),
    "embed": ('<embed src="a.swf">\n', r":8: raw <embed>"),
    "object": ('<object data="a.swf"></object>\n', r":8: raw <object>"),
    "handler": ('<span onclick="steal()">x</span>\n', r":8: inline event handler 'onclick='"),
    "js-url": ("[click](javascript:alert(1))\n", r":8: 'javascript:' URL"),
    "http": ("[paper](http://arxiv.org/abs/1)\n", r":8: link 'http://arxiv.org/abs/1' uses http"),
    "fence": ("```python\nx = 1\n", r":8: code fence '```' opened here is never closed"),
    "skip": ("## A {#a}\n\n#### B\n", r":10: heading level jumps from H2 to H4"),
    "dup-id": (
        "## A {#same}\n\n## B {#same}\n",
        r":10: heading id '#same' is already used on line 8",
    ),
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_markdown_mistake_is_reported(kind: str) -> None:
    body, expected = PLANTED[kind]
    errors = [e for check in contentcheck.CHECKS for e in check("new-note.md", PAGE + body)]
    assert any(
        e.startswith("docs/new-note.md") and expected.split(": ", 1)[-1] in e for e in errors
    ), errors
    assert any(expected.split(":")[1] == e.split(":")[1] for e in errors), errors
    # the same text inside a code block is documentation, not markup
    fenced = PAGE + "```text\n" + body.replace("```", "'''") + "```\n"
    if kind not in {"fence"}:
        assert not [e for check in contentcheck.CHECKS for e in check("new-note.md", fenced)]


def test_invalid_front_matter_is_reported() -> None:
    errors = contentcheck.check_front_matter("bad.md", "---\ntitle: [unclosed\n---\n\n# T\n")
    assert (
        errors and errors[0].startswith("docs/bad.md:") and "invalid front-matter YAML" in errors[0]
    )
    assert contentcheck.check_front_matter("nodesc.md", "---\ntitle: T\n---\n\n# T\n") == [
        "docs/nodesc.md:2: front matter lacks 'description'. Add it."
    ]


@pytest.mark.slow
def test_planted_site_mistakes_are_reported(planted: Planted) -> None:
    """The mistakes planted in conftest.plant_mistakes: an image without alt text and over the
    size limit, a new-tab link without rel=noopener, and two sources for one URL."""
    errors = (
        check_built_html(planted.site)
        + check_image_sizes(planted.project / "docs")
        + check_pages_built(planted.project, planted.site)
    )
    text = "\n".join(errors)
    assert (
        "image 'wide.png' has no alt text" in text or "image '../wide.png' has no alt text" in text
    ), text
    assert "opens a new tab without rel=noopener" in text, text
    assert "docs/wide.png: image is 500 KiB" in text, text
    assert "produces the same URL 'eval/pass-at-k/index.html'" in text, text
