"""Checks on a built site: links, anchors, "Read more" links, navigation and redirects.

Every check returns a list of error strings (empty means pass). Each error names the source file
and line where it can, the bad value, and what to do about it. The tests call these on the real
build and on planted mistakes in temporary copies of the project.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml
from bs4 import BeautifulSoup
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
# "Read more", optionally followed by words for screen readers ("Read more about UCCL").
READ_MORE = re.compile(r"^\s*read more\b", re.I)
MD_READ_MORE = re.compile(r"\[\s*read more\b(?:[^\]]*)\]\(([^)\s]+)", re.I)
REDIRECT_TITLE = "Redirecting..."
REDIRECT_META = re.compile(r'<meta http-equiv="refresh" content="[^"]*?url=([^"]*)"', re.I)


# --- Building -------------------------------------------------------------------------------------


def build(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Build ``project``'s mkdocs.yml into ``site_dir`` (the real config, real hooks)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(project / "mkdocs.yml")]
    cmd += ["-d", str(site_dir), "--strict" if strict else "--no-strict"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=project, env=env, check=False)


def load_config(project: Path) -> dict:
    """The raw mkdocs.yml (tags such as !!python/name are not used in this project)."""
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def dest_uri(src: str) -> str:
    """The built file for a Markdown source path, e.g. 'lcw.md' -> 'lcw/index.html'."""
    return File(src, "docs", "site", use_directory_urls=True).dest_uri


def source_pages(project: Path) -> dict[str, Path]:
    """Map each built page path (e.g. 'lcw/index.html') to its Markdown source."""
    docs = project / "docs"
    return {dest_uri(md.relative_to(docs).as_posix()): md for md in sorted(docs.rglob("*.md"))}


# --- The built site -------------------------------------------------------------------------------


@dataclass
class Link:
    page: str  # built page, relative to the site root (e.g. 'lcw/index.html')
    attr: str  # 'href' or 'src'
    value: str
    text: str
    line: int
    in_content: bool  # inside the article, not the theme's navigation


@dataclass
class Site:
    """A built site. Links and ids come from lxml (fast, with source lines); ``soup`` gives a
    BeautifulSoup tree for tests that want one."""

    root: Path
    base: str = "/"  # URL path of the site root on its host, for absolute links (404 page)
    _pages: dict[str, BeautifulSoup] = field(default_factory=dict)
    _parsed: dict[str, tuple[list[Link], set[str]]] = field(default_factory=dict)
    _redirects: dict[str, str | None] = field(default_factory=dict)

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def soup(self, page: str) -> BeautifulSoup:
        if page not in self._pages:
            text = (self.root / page).read_text(encoding="utf-8")
            self._pages[page] = BeautifulSoup(text, "html.parser")
        return self._pages[page]

    def _parse(self, page: str) -> tuple[list[Link], set[str]]:
        if page not in self._parsed:
            tree = lxml.html.fromstring((self.root / page).read_bytes())
            ids = {str(v) for v in tree.xpath("//@id")} | {str(v) for v in tree.xpath("//a/@name")}
            article = tree.find(".//article")
            inside = set(article.iter()) if article is not None else set()
            links = []
            for tag in tree.iter("a", "img", "link", "script", "source"):
                attr = "src" if tag.tag in ("img", "script", "source") else "href"
                value = tag.get(attr)
                if value:
                    text = " ".join(t.strip() for t in tag.itertext() if t.strip())
                    links.append(Link(page, attr, value, text, tag.sourceline or 0, tag in inside))
            self._parsed[page] = (links, ids)
        return self._parsed[page]

    def ids(self, page: str) -> set[str]:
        return self._parse(page)[1]

    def _redirect(self, page: str) -> str | None:
        """The target of a mkdocs-redirects page (small, fixed markup), else None."""
        if page not in self._redirects:
            with (self.root / page).open(encoding="utf-8") as f:
                head = f.read(2048)
            self._redirects[page] = None
            if f"<title>{REDIRECT_TITLE}</title>" in head:
                target = REDIRECT_META.search(head)
                self._redirects[page] = unescape(target.group(1)) if target else ""
        return self._redirects[page]

    def is_redirect(self, page: str) -> bool:
        return self._redirect(page) is not None

    def redirect_target(self, page: str) -> str:
        return self._redirect(page) or ""

    @cached_property
    def links(self) -> list[Link]:
        return [
            link
            for page in self.html_files()
            if not self.is_redirect(page)
            for link in self._parse(page)[0]
        ]

    def resolve(self, page: str, value: str) -> tuple[str | None, str]:
        """Resolve a link on ``page`` to (built file or None, fragment); follows redirects."""
        parts = urlsplit(value)
        path = unquote(parts.path)
        if not path:
            return page, parts.fragment
        if path.startswith("/"):
            if not path.startswith(self.base):
                return None, parts.fragment
            target = Path(path[len(self.base) :] or ".")
        else:
            target = Path(os.path.normpath(Path(page).parent / path))
        candidates = (
            [target / "index.html"] if path.endswith("/") else [target, target / "index.html"]
        )
        for cand in candidates:
            if (self.root / cand).is_file():
                found = cand.as_posix()
                if found.endswith(".html") and self.is_redirect(found):
                    next_page, next_frag = self.resolve(found, self.redirect_target(found))
                    return next_page, parts.fragment or next_frag
                return found, parts.fragment
        return None, parts.fragment

    @cached_property
    def targets(self) -> list[str]:
        """Every page URL and page#id, for 'nearest target' hints."""
        out = []
        for page in self.html_files():
            if self.is_redirect(page):
                continue
            url = page.removesuffix("index.html")
            out.append(url or "./")
            out.extend(f"{url}#{i}" for i in sorted(self.ids(page)))
        return out


def base_path(project: Path) -> str:
    """The URL path the site is served under on its host (from site_url), e.g. '/repo/'."""
    path = urlsplit(str(load_config(project).get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


def is_external(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I)) or value.startswith("//")


def nearest(target: str, site: Site) -> str:
    close = difflib.get_close_matches(target, site.targets, n=1, cutoff=0.3)
    return close[0] if close else "(none close)"


# --- Checks ---------------------------------------------------------------------------------------


def check_internal_links(site: Site) -> list[str]:
    """Every internal href/src resolves to a file, and every #fragment to an id on that page."""
    errors = []
    for link in site.links:
        if is_external(link.value) or link.value == "#":
            continue
        target, fragment = site.resolve(link.page, link.value)
        where = f"site/{link.page}:{link.line}"
        if target is None:
            errors.append(
                f"{where}: {link.attr}='{link.value}' points to a file that is not in the built site. "
                f"Fix the link or add the file (nearest existing target: {nearest(link.value, site)})."
            )
        elif fragment and target.endswith(".html") and fragment not in site.ids(target):
            errors.append(
                f"{where}: {link.attr}='{link.value}': page '{target}' has no element with "
                f"id '{fragment}'. Fix the anchor or add an explicit id to the heading "
                f"(nearest: {nearest(target.removesuffix('index.html') + '#' + fragment, site)})."
            )
    return errors


def check_read_more(site: Site, project: Path) -> list[str]:
    """Every 'Read more' link resolves to a built page and, with a #fragment, to that id."""
    sources = source_pages(project)
    errors = []
    by_page: dict[str, list[Link]] = {}
    for link in site.links:
        if link.attr == "href" and READ_MORE.match(link.text):
            by_page.setdefault(link.page, []).append(link)
    for page, links in by_page.items():
        md = sources.get(page)
        md_lines = _read_more_lines(md) if md else []
        for i, link in enumerate(links):
            line = md_lines[i] if i < len(md_lines) else link.line
            where = f"{md.relative_to(project).as_posix() if md else 'site/' + page}:{line}"
            target, fragment = site.resolve(page, link.value)
            if target is None:
                errors.append(
                    f"{where}: 'Read more' link '{link.value}' does not lead to a built page "
                    f"(nearest existing target: {nearest(link.value, site)})."
                )
            elif fragment and fragment not in site.ids(target):
                errors.append(
                    f"{where}: 'Read more' link '{link.value}': '{target}' has no id '{fragment}' "
                    f"(nearest existing target: "
                    f"{nearest(target.removesuffix('index.html') + '#' + fragment, site)})."
                )
    return errors


def check_nav(project: Path, site: Site) -> list[str]:
    """Every page is in the nav (or listed under not_in_nav) and linked from another page."""
    config = load_config(project)
    in_nav = set(_nav_files(config.get("nav", [])))
    not_in_nav = {
        line.strip().lstrip("/")
        for line in str(config.get("not_in_nav", "")).splitlines()
        if line.strip()
    }
    errors = []
    sources = source_pages(project)
    linked: set[str] = set()
    for link in site.links:
        if link.in_content and not is_external(link.value):
            target, _ = site.resolve(link.page, link.value)
            if target and target != link.page:
                linked.add(target)
    for page, md in sources.items():
        rel = md.relative_to(project / "docs").as_posix()
        if rel not in in_nav and rel not in not_in_nav:
            errors.append(
                f"docs/{rel}:1: page is not in the navigation. Add it under 'nav:' in mkdocs.yml "
                "(or to 'not_in_nav:' with a comment saying why)."
            )
        if rel != "index.md" and page not in linked:
            errors.append(
                f"docs/{rel}:1: no other page links to this page. Link to it from a related note "
                "or from the home page."
            )
    return errors


def check_redirects(project: Path, site: Site) -> list[str]:
    """Every redirect_maps entry points to an existing page (and anchor)."""
    config = load_config(project)
    maps: dict[str, str] = {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            maps = (plugin["redirects"] or {}).get("redirect_maps", {}) or {}
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    sources = {
        md.relative_to(project / "docs").as_posix(): page
        for page, md in source_pages(project).items()
    }
    errors = []
    for old, new in maps.items():
        line = next((n for n, t in enumerate(text, 1) if t.strip().startswith(f"{old}:")), 0)
        path, _, fragment = new.partition("#")
        if old in sources:
            errors.append(
                f"mkdocs.yml:{line}: redirect source '{old}' is an existing page; redirecting it "
                "would overwrite the page. Remove the redirect or the page."
            )
        if path not in sources:
            close = difflib.get_close_matches(path, list(sources), n=1)
            errors.append(
                f"mkdocs.yml:{line}: redirect '{old}' -> '{new}': target page 'docs/{path}' "
                f"does not exist (nearest: {close[0] if close else 'none'})."
            )
        elif fragment and fragment not in site.ids(sources[path]):
            errors.append(
                f"mkdocs.yml:{line}: redirect '{old}' -> '{new}': 'docs/{path}' has no "
                f"heading id '{fragment}'."
            )
    return errors


def _nav_files(nav: list) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out.extend(_nav_files(value) if isinstance(value, list) else [value])
    return [v for v in out if isinstance(v, str) and not is_external(v)]


def _read_more_lines(md: Path) -> list[int]:
    lines = md.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) for _ in MD_READ_MORE.findall(line)]
