"""The built site in a real Chromium, served on 127.0.0.1 with no network.

Every page: no request leaves the machine, no raw TeX is visible, the first load stays within the
budget with search not yet loaded, and axe (WCAG 2 A and AA) finds nothing in the light palette
and no colour problem in the dark one. Plus: search loads on first use and finds terms of art,
math is laid out as MathML, the palette toggle persists, the mobile drawer works, and the 404
page helps.

Set SKIP_BROWSER_TESTS=1 to skip these (they are then reported as skipped, never as passed).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT
BASE = sitecheck.base_path(ROOT)  # the site is served under its GitHub Pages path
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
RAW_TEX = ("\\frac", "\\(", "\\[", "$$", "\\begin{", "\\binom", "\\sum")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ("color-contrast", "link-in-text-block")
FIRST_LOAD_BUDGET = 100 * 1024  # issue 10: a text page's first load, gzip, math included
PAGES = sorted(["404.html"] + [p for p in sitecheck.source_pages(ROOT)])

# Query -> page (built path without index.html) that must be among the top 3 results.
SEARCH_QUERIES = {
    "all-to-all": "moe/",
    "pass@k": "eval/pass-at-k/",
    "E4M3": "low-precision/",
    "FP8": "low-precision/",
    "MXFP8": "low-precision/",
    "KV cache": "lcw/",
    "NVSHMEM": "comm/",
    "GRPO": "post-training/",
    "DPO": "post-training/",
    "LoRA": "post-training/",
    "QLoRA": "post-training/",
    "YaRN": "lcw/",
    "RoPE": "lcw/",
    "DeepEP": "moe/",
    "FlashAttention": "lcw/",
    "UCCL": "comm/",
    "EFA": "comm/",
    "NCCL": "comm/",
    "lm-evaluation-harness": "eval/",
    "contamination": "eval/",
    "6ND": "estimations/",
    "selective recomputation": "estimations/memory-and-inference/",
    "Terminal-Bench": "eval/frontier-benchmarks/",
    "GDPval": "eval/benchmark-lifecycle/",
    "Arena-Hard": "eval/eval-practice/",
    "verl": "post-training/rl-frameworks/",
    "ProLong": "lcw/training-recipes/",
    "amax history": "low-precision/fp8-in-practice/",
    "Quartet": "low-precision/fp4-training/",
    "load balancing": "moe/",
    "ring attention": "lcw/",
    "NVFP4": "low-precision/",
    "unbiased estimator": "eval/pass-at-k/",
    "all-to-all dispatch": "moe/",
    "IBGDA": "comm/",
    "busbw": "comm/",
    "Chinchilla": "estimations/",
    "MFU": "estimations/",
    "LLM-as-judge": "eval/",
    # The frontier-benchmarks page (2026) has the SWE-bench section with versions and problems.
    "SWE-bench": "eval/frontier-benchmarks/",
    "RULER": "lcw/",
    "DeepSeek Sparse Attention": "lcw/sparse-and-hybrid-attention/",
    "Helix": "lcw/serving-long-contexts/",
    "FlashMLA": "lcw/sparse-and-hybrid-attention/",
    "NoLiMa": "lcw/",
    "Ulysses": "lcw/",
    "PagedAttention": "lcw/",
    "expert parallelism": "moe/",
    "capacity factor": "moe/",
    "EPLB": "moe/kernels-and-libraries/",
    "MiniMax": "moe/models-2025-2026/",
    "ncclCommGrow": "comm/nccl-releases/",
    "DCQCN": "comm/networks-at-scale/",
    "rail-optimised": "comm/networks-at-scale/",
    "Transformer Engine": "low-precision/",
    "DeepSeek-R1-Zero": "post-training/",
    "GSPO": "post-training/rl-algorithms/",
    "truncated importance sampling": "post-training/rl-algorithms/",
    "PRM800K": "post-training/reward-models/",
    "process reward model": "post-training/reward-models/",
    "on-policy distillation": "post-training/rl-algorithms/",
    "GiGPO": "post-training/agentic-rl/",
    "over-training": "estimations/reported-costs/",
    "quantisation-aware distillation": "low-precision/fp4-training/",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("SKIP_BROWSER_TESTS") == "1",
        reason="SKIP_BROWSER_TESTS=1: browser tests NOT run (offline, math, search, axe unchecked)",
    ),
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under BASE, and 404.html for anything missing, like GitHub Pages."""

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if path.startswith(BASE):
            path = "/" + path[len(BASE) :]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: sitecheck.Site) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(built_site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    server.shutdown()


def _chromium_path() -> str | None:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        args = [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ]
        path = _chromium_path()
        try:
            browser = pw.chromium.launch(executable_path=path, args=args, headless=True)
        except Exception as exc:  # noqa: BLE001 - say what to install, whatever went wrong
            pytest.fail(
                f"Cannot start Chromium ({path or 'no chromium on PATH'}): {exc}. "
                "Install it (Debian: apt-get install chromium) or set SKIP_BROWSER_TESTS=1."
            )
        yield browser
        browser.close()


class Visit:
    """A browser page that records every request. Chromium itself cannot reach other hosts
    (--host-resolver-rules), so a request to another origin fails and is listed in ``external``."""

    def __init__(self, browser: object, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.external: list[str] = []
        self.requests: list[str] = []
        self.context.on("request", self._record)
        self.page = self.context.new_page()

    def _record(self, request: object) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK:
            if request.url not in self.external:
                self.external.append(request.url)
        else:
            self.requests.append(request.url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: object) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def _settle(page: object) -> None:
    """Wait until the page's own scripts are done after load: fonts loaded (they change widths,
    so which tables and code blocks scroll), then two frames for Material's resize observers,
    then an idle main thread. A long page on a busy machine needs this after networkidle."""
    page.evaluate(
        """async () => {
            await document.fonts.ready;
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            await new Promise((r) => requestIdleCallback(r, { timeout: 5000 }));
        }"""
    )


def _url_of(page: str) -> str:
    return page.removesuffix("index.html")


AXE_RUN = """async ([context, options]) => {
    const results = await axe.run(context, options);
    return results.violations.map((v) =>
        `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}"""
# MathML inherits the colours of the text around it (checked by MATH_COLOURS on every page), so
# the colour rules, which take half their time on the thousands of MathML elements, skip them.
NOT_MATH = {"exclude": [["math"]]}
MATH_COLOURS = """() => [...document.querySelectorAll('math, math *')].filter((el) => {
    const own = getComputedStyle(el), parent = getComputedStyle(el.parentElement);
    return own.color !== parent.color || own.backgroundColor !== 'rgba(0, 0, 0, 0)';
}).slice(0, 3).map((el) => el.outerHTML.slice(0, 120))"""


def _axe_violations(
    page: object,
    skip: tuple[str, ...] = (),
    only: tuple[str, ...] | None = None,
    context: object = None,
) -> list[str]:
    """axe (WCAG 2 A/AA tags, or only the given rules) on the page; injected once per page."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    # Only violations come back: axe's details of every passing node make a run 1.6x slower.
    options: dict = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if only:
        options["runOnly"] = {"type": "rule", "values": list(only)}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    return page.evaluate(AXE_RUN, [context or {"include": [["html"]]}, options])


def _toggle_palette(page: object, scheme: str) -> None:
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    # Move the pointer and focus away so the toggle's tooltip is not caught mid-fade.
    page.mouse.move(1, 400)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(400)


def _select_palette(page: object, scheme: str) -> None:
    """Switch the palette through Material's own radio input, without the pointer (the toggle
    itself, tooltip included, is tested in test_palette_choice_persists_across_pages)."""
    page.evaluate(
        """(scheme) => {
            const input = document.querySelector(`input[name=__palette][data-md-color-scheme=${scheme}]`);
            if (document.body.dataset.mdColorScheme !== scheme) input.click();
        }""",
        scheme,
    )
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
    # Colours fade over 250 ms; measure contrast only when every transition has finished.
    page.evaluate(
        "() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))"
    )


def _visible_text_without_code(page: object) -> str:
    return page.evaluate(
        """() => {
            const main = document.querySelector('article') || document.body;
            const copy = main.cloneNode(true);
            copy.querySelectorAll('pre, code, annotation, script, style').forEach(e => e.remove());
            return copy.textContent;
        }"""
    )


def _first_load_gzip(site: Path, urls: list[str]) -> tuple[int, list[str]]:
    """Gzip size (level 6, as a web server sends it) of every file a page load fetched."""
    total, files = 0, []
    for url in dict.fromkeys(urls):
        path = urlsplit(url).path.removeprefix(BASE)
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if not file.is_file():
            file = site / "404.html"
        size = len(gzip.compress(file.read_bytes(), 6))
        total += size
        files.append(f"{file.relative_to(site).as_posix()} {size / 1024:.1f} KiB")
    return total, files


@pytest.mark.parametrize("page", PAGES)
def test_page_offline_typeset_and_accessible(
    built_site: sitecheck.Site, base_url: str, visit: Visit, page: str
) -> None:
    """Per page: nothing from another origin, no raw TeX, the first-load budget, search not
    loaded before it is used, and axe (all rules in the light palette; the dark palette only
    changes colours, so there colour contrast)."""
    url = base_url + _url_of(page) if page != "404.html" else base_url + "no-such-page/"
    visit.page.goto(url, wait_until="load")
    _settle(visit.page)
    problems = [f"request to another origin: {u}" for u in visit.external]
    size, files = _first_load_gzip(built_site.root, visit.requests)
    if size > FIRST_LOAD_BUDGET:
        problems.append(
            f"first load is {size / 1024:.1f} KiB gzip, over the {FIRST_LOAD_BUDGET // 1024} KiB "
            f"budget (issue 10): {files}. Shrink the page or load the extra part on demand."
        )
    problems += [f"search loaded before use: {u}" for u in visit.requests if "/search" in u]
    text = _visible_text_without_code(visit.page)
    problems += [
        f"raw TeX visible: '{t}' near '{text[max(0, text.find(t) - 40) : text.find(t) + 40]}'"
        for t in RAW_TEX
        if t in text
    ]
    problems += [f"axe [default]: {v}" for v in _axe_violations(visit.page, skip=COLOUR_RULES)]
    # link-in-text-block passes on the underline that extra.css gives every link in text, which
    # does not depend on the palette; colour contrast does, so it runs in both.
    for scheme, rules in (("default", COLOUR_RULES), ("slate", ("color-contrast",))):
        _select_palette(visit.page, scheme)
        found = _axe_violations(visit.page, only=rules, context=NOT_MATH)
        found += [f"MathML with its own colours: {e}" for e in visit.page.evaluate(MATH_COLOURS)]
        problems += [f"axe [{scheme}]: {v}" for v in found]
    problems += [
        f"request to another origin: {u}" for u in visit.external if u not in str(problems)
    ]
    assert not problems, f"{page} ({url}):\n" + "\n".join(problems)


def test_aligned_equations_line_up(base_url: str, visit: Visit) -> None:
    """In KaTeX's aligned environment the left column ends, and the right column starts, at the
    same x on every row (extra.css supplies the column alignment Chromium lacks)."""
    visit.page.goto(base_url + "estimations/", wait_until="load")
    _settle(visit.page)
    tables = visit.page.evaluate(
        """() => [...document.querySelectorAll("mtable[columnalign^='right left']")].map((t) =>
            [...t.querySelectorAll(':scope > mtr')].map((tr) => {
                const [left, right] = [...tr.children].map((td) =>
                    td.firstElementChild.getBoundingClientRect());
                return [Math.round(left.right), Math.round(right.left)];
            }))"""
    )
    assert tables, "estimations/: no aligned equations found"
    ragged = [
        rows for rows in tables if len({r[0] for r in rows}) > 1 or len({r[1] for r in rows}) > 1
    ]
    assert not ragged, (
        f"estimations/: aligned rows do not line up (left ends, right starts): {ragged}"
    )


def test_search_loads_on_first_use(base_url: str, visit: Visit) -> None:
    """The search worker and index load when the reader reaches for search, and search works."""
    visit.page.goto(base_url + "moe/", wait_until="networkidle")
    assert not [u for u in visit.requests if "/search" in u], visit.requests
    visit.page.keyboard.press("/")
    visit.page.keyboard.type("DeepEP")
    first = visit.page.locator(".md-search-result__item").first
    # the worker builds its index from the whole site's text first: 16 s on a busy 2-core machine
    first.wait_for(state="visible", timeout=60_000)
    loaded = [urlsplit(u).path.rsplit("/", 1)[-1] for u in visit.requests if "/search" in u]
    assert "search_index.json" in loaded and any(n.startswith("search.") for n in loaded), loaded
    assert "DeepEP" in first.inner_text()


def test_math_is_laid_out_as_mathml(base_url: str, visit: Visit) -> None:
    """The browser draws the MathML: a fraction is taller than its numerator (an engine without
    MathML would run numerator and denominator together on one line)."""
    visit.page.goto(base_url + "eval/pass-at-k/", wait_until="networkidle")
    counts = visit.page.evaluate(
        """() => {
            const frac = document.querySelector('.math-display math[display=block] mfrac');
            const num = frac && frac.firstElementChild;
            return {
              display: document.querySelectorAll('.math-display > .katex > math').length,
              inline: document.querySelectorAll('p .katex > math').length,
              fracHeight: frac ? frac.getBoundingClientRect().height : 0,
              numHeight: num ? num.getBoundingClientRect().height : 0,
            };
        }"""
    )
    assert counts["display"] > 0 and counts["inline"] > 0, f"no MathML on the page: {counts}"
    assert counts["fracHeight"] > 1.6 * counts["numHeight"] > 0, (
        f"eval/pass-at-k/: the browser did not lay out the MathML fraction: {counts}"
    )
    assert not visit.external, visit.external


# Types each query into Material's search box in the page (value, then a keyup, which is what
# Material listens to), waits until the results for that query have rendered and stopped changing
# for 60 ms, and returns the result links. Clearing the box between queries makes sure the
# results read belong to the query just typed. One evaluate for all queries: a round trip per
# keystroke from Python would cost far more than the search itself.
SEARCH_IN_PAGE = """async (queries) => {
    const box = document.querySelector('input.md-search__input');
    const meta = document.querySelector('.md-search-result__meta');
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const type = (value) => {
        box.value = value;
        box.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
    };
    const snapshot = () => meta.textContent + '|' + [...document.querySelectorAll(
        'li.md-search-result__item a')].map((a) => a.href).join(' ');
    const out = {};
    for (const query of queries) {
        type('');
        for (let t = 0; meta.textContent.includes('match'); t += 10) {
            if (t > 5000) throw new Error('search box did not clear');
            await sleep(10);
        }
        type(query);
        let last = '', stable = 0;
        for (let t = 0; stable < 6; t += 10) {
            if (t > 10000) throw new Error('results for ' + query + ' did not settle');
            await sleep(10);
            const now = snapshot();
            stable = now === last && meta.textContent.includes('match') ? stable + 1 : 0;
            last = now;
        }
        out[query] = [...document.querySelectorAll('li.md-search-result__item')]
            .map((li) => li.querySelector('a').href);
    }
    return out;
}"""


def _result_pages(hrefs: list[str], base_url: str) -> list[str]:
    """Result links -> distinct pages (built path without index.html), best first."""
    pages: list[str] = []
    for href in hrefs:
        page = href.split("#")[0].split("?")[0].removeprefix(base_url)
        if page not in pages:
            pages.append(page)
    return pages


def test_search_finds_terms_of_art(base_url: str, visit: Visit) -> None:
    visit.page.goto(base_url, wait_until="networkidle")
    visit.page.click("input.md-search__input")  # a real click: search loads on first use
    visit.page.locator(".md-search-result__meta").filter(has_text="Type to start").wait_for()
    results = visit.page.evaluate(SEARCH_IN_PAGE, list(SEARCH_QUERIES))
    misses, ranks = [], {}
    for query, expected in SEARCH_QUERIES.items():
        top = _result_pages(results[query], base_url)[:3]
        if expected in top:
            ranks[query] = top.index(expected) + 1
        else:
            misses.append(f"'{query}': expected {expected} in the top 3, got {top}")
    print("search ranks:", ranks)
    assert not misses, "tests/test_browser.py SEARCH_QUERIES:\n" + "\n".join(misses)
    assert not visit.external, visit.external


def test_search_loads_on_a_tap_on_mobile(browser: object, base_url: str) -> None:
    """On a phone the search box is hidden behind the header's search icon: a tap loads it."""
    mobile = Visit(browser, width=375, height=740)
    try:
        mobile.page.goto(base_url + "lcw/", wait_until="load")
        _settle(mobile.page)
        assert not [u for u in mobile.requests if "/search" in u], mobile.requests
        mobile.page.click("label.md-header__button[for='__search']")
        mobile.page.keyboard.type("YaRN")
        first = mobile.page.locator(".md-search-result__item").first
        first.wait_for(state="visible", timeout=20_000)
        assert "YaRN" in first.inner_text()
    finally:
        mobile.close()


def test_palette_choice_persists_across_pages(base_url: str, visit: Visit) -> None:
    visit.page.goto(base_url, wait_until="networkidle")
    before = visit.page.get_attribute("body", "data-md-color-scheme")
    after = "slate" if before == "default" else "default"
    _toggle_palette(visit.page, after)
    visit.page.goto(base_url + "moe/", wait_until="networkidle")
    assert visit.page.get_attribute("body", "data-md-color-scheme") == after


def test_mobile_navigation_drawer(browser: object, base_url: str) -> None:
    mobile = Visit(browser, width=375, height=740)
    try:
        mobile.page.goto(base_url, wait_until="networkidle")
        mobile.page.click("label.md-header__button[for='__drawer']")
        link = mobile.page.locator("nav.md-nav--primary a.md-nav__link[href$='moe/']").first
        link.wait_for(state="visible")
        link.click()
        mobile.page.wait_for_url("**/moe/")
        assert mobile.page.locator("article h1").first.is_visible()
        assert not mobile.external, mobile.external
    finally:
        mobile.close()


def test_404_page_renders_with_navigation(base_url: str, visit: Visit) -> None:
    response = visit.page.goto(base_url + "no/such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert visit.page.locator("h1#page-not-found").is_visible()
    assert visit.page.locator("nav.md-tabs, nav.md-nav--primary").count() > 0
    visit.page.locator("article a").filter(has_text="Communication").click()
    visit.page.wait_for_url("**/comm/")
    assert not visit.external, visit.external


def test_print_page_offline_and_accessible(base_url: str, visit: Visit) -> None:
    """The one-page print copy of all notes. The colour rules (contrast, links told apart from
    text) are skipped here only because they take seconds on this long page; the same content
    is checked for them section by section on its own page above, in both palettes."""
    visit.page.goto(base_url + "print_page/", wait_until="networkidle")
    _settle(visit.page)
    text = _visible_text_without_code(visit.page)
    problems = [f"raw TeX visible: {t}" for t in RAW_TEX if t in text]
    problems += _axe_violations(visit.page, skip=COLOUR_RULES)
    problems += [f"request to another origin: {u}" for u in visit.external]
    assert not problems, "\n".join(problems)


def test_glossary_term_shows_definition_on_focus(base_url: str, visit: Visit) -> None:
    visit.page.goto(base_url + "moe/", wait_until="networkidle")
    term = visit.page.locator("article abbr[tabindex='0']", has_text="MoE").first
    term.focus()
    tooltip = visit.page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith("Mixture-of-Experts:"), tooltip.inner_text()
    focusable = visit.page.eval_on_selector_all(
        "article abbr[tabindex='0']", "els => els.map(e => e.textContent)"
    )
    assert len(focusable) == len(set(focusable)), "each term should take focus once per page"
