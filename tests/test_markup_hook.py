"""site_ext/markup.py: fixes to Material's markup, and a loud failure if it changes."""

from __future__ import annotations

import pytest

from site_ext import markup
from site_ext.context import SiteError as PluginError
from tests import sitecheck


def test_search_dialog_gets_a_name() -> None:
    html = f"<header>{markup.SEARCH_DIALOG}</div></header>"
    assert markup.name_search_dialog(html, "site/x.html") == (
        f"<header>{markup.NAMED_SEARCH_DIALOG}</div></header>"
    )


def test_changed_material_markup_fails_the_build() -> None:
    html = '<div data-md-component="search" class="md-search" role="dialog"></div>'
    with pytest.raises(PluginError, match="site/x.html: Material's search dialog markup changed"):
        markup.name_search_dialog(html, "site/x.html")


def test_built_pages_have_a_named_search_dialog(built_site: sitecheck.Site) -> None:
    unnamed = [
        page
        for page in built_site.html_files()
        if 'data-md-component="search"' in (html := (built_site.root / page).read_text("utf-8"))
        and markup.NAMED_SEARCH_DIALOG not in html
    ]
    assert not unnamed, f"search dialog without aria-label on: {unnamed}"


def test_print_site_assets_stay_on_the_print_page_only(built_site: sitecheck.Site) -> None:
    loads = {
        page: bool(markup.PRINT_SITE_ASSETS.search((built_site.root / page).read_text("utf-8")))
        for page in built_site.html_files()
        if not built_site.is_redirect(page)
    }
    assert loads.pop(markup.PRINT_PAGE), "the print page lost its print-site CSS and script"
    assert not any(loads.values()), [page for page, has in loads.items() if has]
