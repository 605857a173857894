"""The MkDocs wiring of ``site_ext``: thin, because the features are plain functions there.

- Tells the extensions which page MkDocs is converting (Zensical does that itself).
- Under ``mkdocs serve``, rebuilds after the first skip the whole-site outputs for machines and
  printers (the print-site page, llms.txt and its copies) unless ``SITE_FULL_REBUILD=1``; the
  first build has everything; after a rebuild they are gone until ``make serve`` restarts.
- Math: the print-site plugin copies each page's HTML when MkDocs hands it over, and its id
  rewriting is quadratic in the length of a line, which MathML makes long (4.7 s instead of
  0.6 s). So under MkDocs the math extension leaves the TeX in place, this hook converts it after
  print-site took its copy, and converts the print page after the build (from the cache). The
  search plugin is handed each formula as its text and the MathML goes back after it indexed the
  page: parsing thousands of MathML tags per page cost the search plugin about 0.9 s a build.
- After the build: the Atom feed, llms.txt with the Markdown copies, and the markup fixes.
- Speed: the theme's Jinja templates are compiled once and kept in ``.cache/jinja`` (MkDocs makes
  a new environment every build, and ``mkdocs serve`` every rebuild, and compiling Material's
  templates takes about 0.8 s); print-site's id prefixing uses ``markup.prefix_anchor_ids``; the
  search plugin's sections and print-site's part of each page are kept in ``.cache/`` by the
  hash of the page's HTML (``site_ext.cache``), so only new or edited pages are parsed again.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path

import jinja2
from mkdocs import plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_ext import context, feed, llms, markup
from site_ext import math as site_math
from site_ext.cache import KeyedCache, digest

_session = context.session  # survives the config reloads of ``mkdocs serve``
_caches: dict[str, KeyedCache] = {}  # saved after the build


def on_startup(command: str, dirty: bool) -> None:
    _session.update(serve=command == "serve", builds=0)


@plugins.event_priority(100)  # before the plugins read their own configuration
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _session["builds"] = int(_session.get("builds", 0)) + 1
    rebuild = _session.get("serve") and int(_session["builds"]) > 1
    _session["quick"] = bool(rebuild) and os.environ.get("SITE_FULL_REBUILD") != "1"
    _session["defer_math"] = True
    _session["generation"] = int(_session.get("generation", 0)) + 1  # site_ext.sources caches
    if _session["quick"] and "print-site" in config.plugins:
        config.plugins["print-site"].config["enabled"] = False
    cache_folder = Path(config.config_file_path).parent / ".cache"
    cache_templates(config, cache_folder / "jinja")
    if "material/search" in config.plugins:
        cache_search_sections(cache_folder / "search-sections.json")
    if "print-site" in config.plugins and not _session["quick"]:
        fast_print_site(cache_folder)
    return config


def cache_templates(config: MkDocsConfig, folder: Path) -> None:
    """Every Jinja environment of this build's theme keeps compiled templates in ``folder``
    (Jinja checks each template's source against the cached code, so edits are seen)."""
    folder.mkdir(parents=True, exist_ok=True)
    cache, make_env = jinja2.FileSystemBytecodeCache(str(folder)), config.theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = cache
        return env

    config.theme.get_env = get_env  # type: ignore[method-assign]


def cache_search_sections(path: Path) -> None:
    """Material's search plugin splits every page into sections with Python's HTMLParser; the
    sections depend only on the page's HTML (and on Material's and Python's versions), so they
    are kept in ``path`` by the HTML's hash and only new or edited pages are parsed again."""
    from material.plugins.search import plugin as search

    parser = getattr(search.Parser, "__wrapped__", search.Parser)
    cache = KeyedCache(path, f"{version('mkdocs-material')} {sys.version}")
    _caches["search"] = cache

    class CachedParser(parser):  # type: ignore[misc,valid-type]
        def feed(self, data: str) -> None:
            self.key = digest(data)
            known = cache.get(self.key)
            if known is None:
                super().feed(data)
                return
            for tag, attrs, sid, title, text in known:
                section = search.Section(search.Element(tag, attrs))
                section.id, section.title, section.text = sid, title, text
                self.data.append(section)

        def close(self) -> None:
            super().close()
            sections = [
                [s.el.tag, s.el.attrs if s.is_excluded() else {}, s.id, s.title, s.text]
                for s in self.data
            ]
            cache.put(self.key, sections)

    CachedParser.__wrapped__ = parser  # type: ignore[attr-defined]
    search.Parser = CachedParser


def fast_print_site(folder: Path) -> None:
    from mkdocs_print_site_plugin import urls

    original = getattr(urls.update_anchor_ids, "__wrapped__", urls.update_anchor_ids)

    def update_anchor_ids(page_html: str, page_key: str) -> str:
        return markup.prefix_anchor_ids(page_html, page_key, original)

    update_anchor_ids.__wrapped__ = original  # type: ignore[attr-defined]
    urls.update_anchor_ids = update_anchor_ids
    links = getattr(urls.fix_href_links, "__wrapped__", urls.fix_href_links)

    def fix_href_links(page_html: str, *args: object) -> str:
        return markup.rewrite_links(page_html, links, *args)

    fix_href_links.__wrapped__ = links  # type: ignore[attr-defined]
    urls.fix_href_links = fix_href_links
    # Each page's part of the print page depends only on the page's HTML and URL: kept by hash.
    from mkdocs_print_site_plugin import renderer

    combine = getattr(renderer.fix_internal_links, "__wrapped__", renderer.fix_internal_links)
    code = Path(markup.__file__).read_text(encoding="utf-8")  # the one-pass functions above
    cache = KeyedCache(folder / "print-pages.json", version("mkdocs-print-site-plugin"))
    _caches["print"] = cache
    stamp = digest(code)

    def fix_internal_links(
        page_html: str, page_url: str, directory_urls: bool, heading_number: object
    ) -> str:  # print-site's names: it passes them by keyword
        key = digest(stamp, page_html, page_url, str(directory_urls), str(heading_number))
        done = cache.get(key)
        if done is None:
            done = combine(page_html, page_url, directory_urls, heading_number)
            cache.put(key, done)
        return done

    fix_internal_links.__wrapped__ = combine  # type: ignore[attr-defined]
    renderer.fix_internal_links = fix_internal_links


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    context.set_mkdocs_page(
        context.PageContext(
            src=page.file.src_uri,
            url=page.file.url,
            docs_dir=Path(config.docs_dir),
            site_url=config.site_url or "",
            meta=dict(page.meta),
        )
    )
    return markdown


@plugins.event_priority(-100)  # after print-site has taken its copy of the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page with its math as MathML, kept for ``on_page_context``; the search plugin is
    handed the same page with each formula as its text (thousands of MathML tags fewer to parse,
    the same words indexed)."""
    context.set_mkdocs_page(None)
    html = site_math.render_page(html, Path(config.docs_dir), page.file.src_uri)
    view = site_math.as_text(html)
    _session.setdefault("typeset", {})[page.file.src_uri] = (view, html)
    return view


@plugins.event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(ctx: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    view, typeset = _session.get("typeset", {}).pop(page.file.src_uri, (None, None))
    if page.content == view:
        page.content = typeset
    elif view != typeset:
        raise context_error(page)
    return ctx


def context_error(page: Page) -> Exception:
    return context.SiteError(
        f"docs/{page.file.src_uri}: a plugin changed the page between on_page_content and "
        "on_page_context, so hooks/site.py cannot put its MathML back; run that plugin earlier."
    )


def on_post_build(config: MkDocsConfig) -> None:
    docs, site = Path(config.docs_dir), Path(config.site_dir)
    feed.write_feed(docs, site, config.site_url or "", config.site_name)
    settings = config.extra.get("llmstxt")
    if settings and not _session.get("quick"):  # like the print page: not on serve rebuilds
        llms.write_llms(
            docs,
            site,
            config.site_url or "",
            {
                **settings,
                "site_name": config.site_name,
                "site_description": config.site_description,
            },
        )
    print_page = site / markup.PRINT_PAGE
    if print_page.is_file():
        html = print_page.read_text(encoding="utf-8")
        print_page.write_text(
            site_math.render_page(html, docs, markup.PRINT_PAGE), encoding="utf-8"
        )
    markup.fix_site(site)
    for cache in _caches.values():
        cache.save()
    _caches.clear()
