"""The MkDocs wiring of ``site_ext``: thin, because the features are plain functions there.

- Tells the extensions which page MkDocs is converting (Zensical does that itself).
- Under ``mkdocs serve``, rebuilds after the first skip the whole-site outputs for machines and
  printers (the print-site page, llms.txt and its copies) unless ``SITE_FULL_REBUILD=1``; the
  first build has everything; after a rebuild they are gone until ``make serve`` restarts.
- Math: the print-site plugin copies each page's HTML when MkDocs hands it over, and its id
  rewriting is quadratic in the length of a line, which MathML makes long (4.7 s instead of
  0.6 s). So under MkDocs the math extension leaves the TeX in place, this hook converts it after
  print-site took its copy, and converts the print page after the build (from the cache).
- After the build: the Atom feed, llms.txt with the Markdown copies, and the markup fixes.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs import plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_ext import context, feed, llms, markup
from site_ext import math as site_math

_session = context.session  # survives the config reloads of ``mkdocs serve``


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
    return config


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
    context.set_mkdocs_page(None)
    return site_math.render_page(html, Path(config.docs_dir), page.file.src_uri)


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
