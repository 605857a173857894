"""Benchmark the site: build time against stock Material, rebuild under `mkdocs serve`, first-load
transfer, search index, test-suite time, Lighthouse, and how build and link checks scale with N
synthetic pages. Prints a Markdown report and writes it to bench/results.md.

    .venv/bin/python bench/bench.py [--runs 5] [--scale 100,300,1000] [--skip tests,lighthouse]

Not part of the test suite; run it with `make bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import pstats
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import synthetic  # noqa: E402 (bench/ is on sys.path as the script's folder)

from tests import sitecheck  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
BASE = sitecheck.base_path(ROOT)
KIB = 1024
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg",
    "application/xml",
)


# --- Helpers --------------------------------------------------------------------------------------


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(config: Path, site: Path, strict: bool = True) -> tuple[float, float]:
    """Build ``config`` into ``site``; return (wall, CPU) seconds, CPU including Node's."""
    cmd = [PY, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(config), "-d", str(site)]
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(
        [*cmd, "--strict" if strict else "--no-strict"],
        cwd=config.parent,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        sys.exit(f"Build of {config} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}")
    return time.perf_counter() - start, children_cpu() - cpu


def stock_config(tmp: Path) -> Path:
    """Stock Material on the same docs/: search only, no hooks, no extra CSS/JS, no overrides."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": project["site_name"],
        "site_url": project["site_url"],
        "docs_dir": str(ROOT / "docs"),
        "theme": {"name": "material"},
        "markdown_extensions": stock_extensions(project["markdown_extensions"]),
        "nav": project["nav"],
        "exclude_docs": project.get("exclude_docs", ""),
    }
    path = tmp / "stock" / "mkdocs.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, ok: Callable[[str], bool], server: subprocess.Popen, timeout: float) -> None:
    """Poll ``url`` until its body satisfies ``ok``; fail if ``server`` exits or time runs out."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if ok(resp.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} not ready (server exit code {server.poll()})")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under BASE like GitHub Pages: gzip for text, 404.html for anything missing."""

    def do_GET(self) -> None:
        url = urlsplit(self.path).path
        path = Path(self.directory, url[len(BASE) :] if url.startswith(BASE) else url.lstrip("/"))
        if path.is_dir() and not url.endswith("/"):
            self.send_response(301)
            self.send_header("Location", url + "/")
            self.end_headers()
            return
        path = path / "index.html" if path.is_dir() else path
        status = 200 if path.is_file() else 404
        path = path if status == 200 else Path(self.directory, "404.html")
        body, ctype = path.read_bytes(), self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def static_server(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    finally:
        server.shutdown()


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    sys.exit("No Chromium on PATH (run `bash .ci/ensure-chromium`, or set CHROMIUM=/path).")


def nav_urls() -> list[str]:
    """The home page and every page in the nav, as URLs relative to the site root."""
    nav = sitecheck._nav_files(sitecheck.load_config(ROOT)["nav"])
    return [sitecheck.dest_uri(src).removesuffix("index.html") for src in nav]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


# --- Measurements ---------------------------------------------------------------------------------


def stock_extensions(extensions: list) -> list:
    """The project's Markdown extensions without its own (site_ext.*)."""
    return [
        e
        for e in extensions
        if not (e if isinstance(e, str) else next(iter(e))).startswith("site_ext.")
    ]


def serve_rebuild(tmp: Path, runs: int, stock: bool = False) -> list[float]:
    """Seconds from writing an edited page to `mkdocs serve` serving the change (``stock``:
    stock Material on the same docs, as in ``stock_config``)."""
    name = "serve-stock" if stock else "serve"
    project = synthetic.generate(0, tmp / name)
    config = project / "mkdocs.yml"
    if stock:
        stock_file = stock_config(tmp / name)
        stock_file.write_text(
            stock_file.read_text(encoding="utf-8").replace(
                str(ROOT / "docs"), str(project / "docs")
            ),
            encoding="utf-8",
        )
        config = stock_file
    source = project / "docs" / "eval" / "pass-at-k.md"
    text = source.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", str(config), "-a", url[7:]]
    log = (tmp / f"{name}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    page = f"{url}{BASE}eval/pass-at-k/"
    times = []
    try:
        wait_for(page, lambda body: True, proc, timeout=300)
        for run in range(runs):
            marker = f"benchmark-marker-{run}-{time.time_ns()}"
            source.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            wait_for(page, lambda body, m=marker: m in body, proc, timeout=300)
            times.append(time.perf_counter() - start)
            time.sleep(2)  # let the server settle before the next edit
    except TimeoutError as exc:
        sys.exit(f"{exc}; mkdocs serve said:\n{(tmp / f'{name}.log').read_text()[-3000:]}")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
    return times


def first_load(site: Path, urls: list[str], browser_path: str) -> dict[str, dict[str, int]]:
    """Per page, everything a fresh load fetches: requests, raw and gzip bytes, and the gzip
    bytes of the search worker and index, and of KaTeX's CSS and fonts."""
    from playwright.sync_api import sync_playwright

    out = {}
    args = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    with static_server(site) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=args, headless=True)
        for url in urls:
            context = browser.new_context()
            requests: list = []
            context.on("request", lambda request, seen=requests: seen.append(request))
            page = context.new_page()
            page.goto(root + url, wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_load_state("networkidle")
            row = dict.fromkeys(("requests", "raw", "gzip", "search", "katex"), 0)
            for request in requests:
                response = request.response()
                try:
                    body = response.body() if response else b""
                except Exception:  # noqa: BLE001 - a body Chromium did not keep (e.g. a redirect)
                    body = b""
                row["requests"] += 1
                row["raw"] += len(body)
                row["gzip"] += gz(body)
                row["search"] += gz(body) if "/search" in request.url else 0
                row["katex"] += gz(body) if "/katex/" in request.url else 0
            out[url or "(home)"] = row
            context.close()
        browser.close()
    return out


def lighthouse(url: str, browser_path: str, report: Path) -> dict[str, object]:
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    cmd = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={report}"]
    cmd += ["--chrome-flags=--headless=new --no-sandbox", "--max-wait-for-load=60000"]
    cmd += ["--only-categories=performance,accessibility,best-practices,seo"]
    env = {**os.environ, "CHROME_PATH": browser_path}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode or not report.is_file():
        return {"error": (proc.stderr or proc.stdout).strip()[-300:]}
    data = json.loads(report.read_text(encoding="utf-8"))
    result: dict[str, object] = {}
    for key, cat in data["categories"].items():
        result[key] = round((cat["score"] or 0) * 100)
        failed = [
            ref["id"]
            for ref in cat["auditRefs"]
            if ref["weight"] and (data["audits"][ref["id"]].get("score") or 0) < 0.9
        ]
        result[key + "_failed"] = failed
    for metric in ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
        result[metric] = data["audits"][metric].get("displayValue", "")
    return result


def test_suite() -> tuple[float, str, bool]:
    # The suite as `make test` runs it (Makefile), without ruff, which takes well under a second.
    cmd = [PY, "-m", "pytest", "-q", "-n", "2", "--dist", "worksteal", "-p", "no:cacheprovider"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    counts = re.findall(
        r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)", proc.stdout[-600:]
    )
    return seconds, ", ".join(f"{n} {what}" for n, what in counts), proc.returncode == 0


def profile_build(tmp: Path) -> list[tuple[str, float]]:
    """Seconds spent in each plugin's and hook's event handlers, from one profiled build."""
    stats_file = tmp / "build.prof"
    cmd = [PY, "-m", "cProfile", "-o", str(stats_file), "-m", "mkdocs"]
    args = ["build", "-q", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp / "prof")]
    start = time.perf_counter()
    proc = subprocess.run(cmd + args, cwd=ROOT, env=ENV, capture_output=True, check=False)
    total = time.perf_counter() - start
    if proc.returncode:
        return []
    by_owner: dict[str, float] = {"(whole profiled build)": total}
    for (file, _, func), row in pstats.Stats(str(stats_file)).stats.items():  # type: ignore[attr-defined]
        if func.startswith("on_") and "/mkdocs/" not in file:
            owner = (
                "site_ext." + Path(file).stem
                if "/site_ext/" in file or "/hooks/" in file
                else file.split("site-packages/")[-1].split("/")[0]
            )
            by_owner[owner] = by_owner.get(owner, 0.0) + row[3]
    return sorted(by_owner.items(), key=lambda item: -item[1])


def link_check(project: Path, site: Path, hints: bool = True, repeats: int = 3) -> dict[str, float]:
    """The project's link checks on a built site, run ``repeats`` times from scratch; the fastest
    run is kept (the least disturbed by other jobs). Without hints, skip the "nearest" suggestion
    computed for each error. Run in a child process, for a clean peak RSS."""
    if not hints:
        sitecheck.nearest = lambda target, site: "(not computed)"
    best: dict[str, float] = {}
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        checked = sitecheck.Site(site, base=sitecheck.base_path(project))
        errors = sitecheck.check_internal_links(checked) + sitecheck.check_read_more(
            checked, project
        )
        run = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}
        if not best or run["cpu"] < best["cpu"]:
            best = run
    return {
        **best,
        "links": len(checked.links),
        "errors": len(errors),
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def link_check_child(project: Path, site: Path, hints: bool, timeout: float) -> dict | None:
    cmd = [PY, __file__, "--link-check", str(project), str(site)] + (
        [] if hints else ["--no-hints"]
    )
    try:
        proc = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode:
        sys.exit(f"Link check failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


@dataclass
class ScaleRow:
    n: int
    prune: bool  # the project's configuration (navigation.prune); False: the full nav on every page
    build: float
    build_cpu: float
    html_kib: float  # mean size of a synthetic page
    check: float | None  # the project's link check as it is; None if it timed out
    bare: dict  # the same without the per-error hints: seconds, links, errors, rss_mib


def scale(tmp: Path, sizes: list[int], timeout: float) -> list[ScaleRow]:
    rows = []
    for prune in (True, False):
        timed_out = False
        # The full-nav comparison stops below the largest N: its output grows as N squared.
        for n in [0, *(sizes if prune else sizes[:-1])]:
            project = synthetic.generate(n, tmp / "syn", full_nav=not prune)
            site = tmp / "syn-site"
            wall, cpu = min(build(project / "mkdocs.yml", site) for _ in range(1 if n else 3))
            pages = list((site / "synthetic").rglob("index.html")) if n else []
            html = sum(p.stat().st_size for p in pages) / max(len(pages), 1) / KIB
            full = None if timed_out else link_check_child(project, site, True, timeout)
            timed_out = full is None
            bare = (
                full
                if full and not full["errors"]
                else link_check_child(project, site, False, 3600)
            )
            rows.append(ScaleRow(n, prune, wall, cpu, html, full and full["seconds"], bare or {}))
            print(f"  {rows[-1]}", file=sys.stderr)
            shutil.rmtree(site)
    return rows


# --- Report ---------------------------------------------------------------------------------------

Section = tuple[list[str], list[str]]  # (report lines, rows of the targets table)


def commit() -> str:
    """The commit measured, with a note if the working tree differs from it."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode:
        return "(not a git checkout)"
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    return head.stdout.strip() + (" plus uncommitted changes" if dirty.stdout.strip() else "")


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    ram = int(mem.group(1)) / 1024**2 if mem else 0
    return (
        f"nproc {len(os.sched_getaffinity(0))}, {cpu.group(1) if cpu else '?'}, {ram:.1f} GiB RAM"
    )


def versions(browser_path: str) -> str:
    def npm(name: str) -> str:
        path = ROOT / "node_modules" / name / "package.json"
        return json.loads(path.read_text())["version"] if path.is_file() else "not installed"

    def out(*cmd: str) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()

    py = [
        f"{n} {version(n)}"
        for n in ("mkdocs", "mkdocs-material", "pymdown-extensions", "playwright")
    ]
    return ", ".join(
        [f"Python {platform.python_version()}", *py, f"Node {out('node', '--version')}"]
        + [
            f"KaTeX {npm('katex')}",
            f"Lighthouse {npm('lighthouse')}",
            out(browser_path, "--version"),
        ]
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def runs(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def ablation(tmp: Path, n_runs: int) -> list[tuple[str, float]]:
    """Median build wall time as the project's features are added one by one to Material."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def without(config: dict, plugins: tuple[str, ...], ours: bool) -> dict:
        out = dict(config)
        out["plugins"] = [
            {name: {**opts, "enabled": False}} if name in plugins else {name: opts}
            for entry in config["plugins"]
            for name, opts in ([(entry, {})] if isinstance(entry, str) else entry.items())
        ]
        if not ours:
            out.pop("hooks", None)
            out["markdown_extensions"] = stock_extensions(config["markdown_extensions"])
        return out

    steps = [
        ("theme, tags, redirects, overrides", without(project, ("print-site",), False)),
        (
            "+ site_ext extensions and hook (citations, glossary, notes, math, feed, llms.txt)",
            without(project, ("print-site",), True),
        ),
        ("+ print-site (the print page): the whole site", project),
    ]
    rows = []
    for label, config in steps:
        path = ROOT / ".bench-ablation.yml"  # beside mkdocs.yml: relative paths stay valid
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        try:
            walls = [build(path, tmp / "ablation-site", strict=False)[0] for _ in range(n_runs)]
        finally:
            path.unlink()
        rows.append((label, statistics.median(walls)))
    return rows


def ablation_rows(tmp: Path, stock: float) -> list[str]:
    rows, previous = [f"| stock Material (as above) | {stock:.2f} s | |"], stock
    for label, wall in ablation(tmp, 3):
        rows.append(f"| {label} | {wall:.2f} s | {wall - previous:+.2f} s |")
        previous = wall
    return rows


def build_section(tmp: Path, site: Path, n_runs: int) -> Section:
    stock, ours, theirs = stock_config(tmp), [], []  # (wall, CPU) seconds
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)  # as on a fresh clone
    cold = build(ROOT / "mkdocs.yml", site)[0]
    for _ in range(n_runs):  # interleaved, so a change in machine load hits both alike
        ours.append(build(ROOT / "mkdocs.yml", site))
        theirs.append(build(stock, tmp / "stock-site", strict=False))
    (a, a_cpu), (b, b_cpu) = [
        [statistics.median(t[i] for t in x) for i in (0, 1)] for x in (ours, theirs)
    ]
    lines = [
        "## Build",
        "",
        "| build | median wall | median CPU | wall of each run (s) |",
        "| --- | --- | --- | --- |",
        f"| this site, `mkdocs build --strict` | {a:.2f} s | {a_cpu:.2f} s | {runs([t[0] for t in ours])} |",
        f"| stock Material: same docs/ and Markdown extensions, search only, no hooks or extras, non-strict | {b:.2f} s | {b_cpu:.2f} s | {runs([t[0] for t in theirs])} |",
        f"| ratio | {a / b:.2f}x | {a_cpu / b_cpu:.2f}x | |",
        "",
        f"The runs above reuse what the build before them left in `.cache/` (KaTeX results, "
        f"compiled templates, the parsed bibliography, search sections and print-page parts of "
        f"unchanged pages), as every build after the first does; "
        f"the first build without `.cache/`, as on a fresh clone, took {cold:.2f} s "
        f"({cold / b:.2f}x stock Material's median).",
        "",
        "Where the time goes, by feature: the project's configuration built with its features "
        "switched on one at a time (non-strict, median of 3 builds each):",
        "",
        "| configuration | median wall | added |",
        "| --- | --- | --- |",
        *ablation_rows(tmp, b),
        "",
        "And by code: one build under cProfile (slower than a plain build), cumulative time "
        "in the event handlers of each plugin and hook:",
        "",
        "| plugin or hook | seconds |",
        "| --- | --- |",
        *[f"| {owner} | {sec:.2f} |" for owner, sec in profile_build(tmp)],
        "",
    ]
    target = (
        f"| full strict build <= 2.0x stock Material | {a / b:.2f}x ({a:.2f} s vs {b:.2f} s; CPU "
        f"time {a_cpu / b_cpu:.2f}x) | {verdict(a / b <= 2.0)} |"
    )
    return lines, [target]


def serve_section(tmp: Path, n_runs: int) -> Section:
    ours, stock = [], []
    for _ in range(2):  # alternate, so machine load hits both alike
        ours += serve_rebuild(tmp, max(1, n_runs // 2 + 1))
        stock += serve_rebuild(tmp, max(1, n_runs // 2 + 1), stock=True)
    a, b = statistics.median(ours), statistics.median(stock)
    return [
        "## Rebuild under `mkdocs serve`",
        "",
        "`eval/pass-at-k.md` edited in a copy of the project; time from the write until the page "
        "served on 127.0.0.1 shows the change (rebuilds skip the print page; the first build "
        "has it):",
        "",
        "| server | median | runs (s) |",
        "| --- | --- | --- |",
        f"| this site, `mkdocs serve` | {a:.2f} s | {runs(ours)} |",
        f"| stock Material on the same docs | {b:.2f} s | {runs(stock)} |",
        f"| ratio | {a / b:.2f}x | |",
        "",
    ], [
        f"| rebuild under `mkdocs serve` <= 1.5x stock Material | {a / b:.2f}x ({a:.2f} s vs "
        f"{b:.2f} s) | {verdict(a / b <= 1.5)} |"
    ]


def du(*paths: Path) -> int:
    return sum(
        f.stat().st_size for p in paths for f in p.rglob("*") if f.is_file() and not f.is_symlink()
    )


def install_section(tmp: Path) -> Section:
    """A fresh clone: `make setup-serve` (what `make serve` runs first), then serving."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in ENV.items() if not k.startswith("VIRTUAL_ENV")}
    start = time.perf_counter()
    subprocess.run(["make", "setup-serve"], cwd=clone, env=env, check=True, capture_output=True)
    setup = time.perf_counter() - start
    installed = du(clone / ".venv", clone / "node_modules")
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [str(clone / ".venv/bin/python"), "-m", "mkdocs", "serve", "-a", url[7:]]
    proc = subprocess.Popen(
        cmd, cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(f"{url}{BASE}", lambda body: True, proc, timeout=300)
        first = time.perf_counter() - start - setup
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    after = du(clone / ".venv", clone / "node_modules")
    mib = 1024 * 1024
    return [
        "## Fresh clone to serving",
        "",
        f"`git clone` of this commit, then `make setup-serve` (what `make serve` runs before "
        f"serving): {setup:.1f} s and {installed / mib:.0f} MiB in `.venv` and `node_modules`; "
        f"then the first page served after {first:.1f} s more. Serving once adds "
        f"{(after - installed) / mib:.0f} MiB of Python bytecode caches.",
        "",
    ], [
        f"| fresh clone to serving: `make serve` installs <= 150 MB | {installed / 1e6:.0f} MB "
        f"({installed / mib:.0f} MiB) in {setup:.0f} s, first page after {setup + first:.0f} s "
        f"| {verdict(installed <= 150e6)} |"
    ]


def zensical_section(tmp: Path) -> Section:
    from tests.test_zensical import zensical_copy

    folder = tmp / "zensical"
    folder.mkdir()
    start = time.perf_counter()
    zensical_copy(folder)
    wall = time.perf_counter() - start
    site = folder / "project" / "site"
    cites = tex = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        cites += len(re.findall(r"\[@[\w:.-]+", html))
        tex += html.count('class="arithmatex"')
    return [
        "## Zensical",
        "",
        f"A copy of the project built with Zensical {version_of_zensical()} (copy, git commit and "
        f"build: {wall:.1f} s): {cites} raw citations and {tex} untypeset formulas.",
        "",
    ], [
        f"| Zensical build: 0 raw citations, 0 raw TeX | {cites} raw citations, {tex} raw TeX "
        f"| {verdict(cites == 0 and tex == 0)} |"
    ]


def version_of_zensical() -> str:
    exe = ROOT / ".venv-zensical" / "bin" / "zensical"
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "(version unknown)"


def load_section(site: Path, browser_path: str) -> Section:
    loads = first_load(site, nav_urls(), browser_path)
    largest = max(loads, key=lambda u: loads[u]["gzip"])
    big, search = loads[largest]["gzip"] / KIB, loads[largest]["search"] / KIB
    index = site / "search" / "search_index.json"
    lines = [
        "## First load",
        "",
        "Fresh browser context per page (empty cache), every response body, gzip level 6.",
        "",
        "| page | requests | raw KiB | gzip KiB | of which search worker + index | of which KaTeX CSS + fonts | gzip KiB without search |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *[
            f"| `{u}` | {r['requests']} | {r['raw'] / KIB:.1f} | {r['gzip'] / KIB:.1f} | {r['search'] / KIB:.1f} "
            f"| {r['katex'] / KIB:.1f} | {(r['gzip'] - r['search']) / KIB:.1f} |"
            for u, r in loads.items()
        ],
        "",
        f"Largest: `{largest}`, {big:.1f} KiB gzip against the target of 100 KiB.",
        "",
        "## Search index",
        "",
        f"`search/search_index.json`: {index.stat().st_size / KIB:.1f} KiB raw, "
        f"{gz(index.read_bytes()) / KIB:.1f} KiB gzip.",
        "",
    ]
    target = (
        f"| text page first load <= 100 KiB gzip incl. math assets | largest, `{largest}`: "
        f"{big:.1f} KiB ({big - search:.1f} KiB without search) | {verdict(big <= 100)} |"
    )
    return lines, [target]


def lighthouse_section(tmp: Path, site: Path, browser_path: str, n_runs: int = 5) -> Section:
    cats = ("performance", "accessibility", "best-practices", "seo")
    lines = [
        "## Lighthouse",
        "",
        "Mobile, default simulated throttling, served with gzip from 127.0.0.1. Performance varies "
        f"from run to run with the machine's load, so each page is run {n_runs} times and the run "
        "with the median performance score is reported, as Lighthouse's documentation advises "
        "(https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md); the "
        "performance scores of all runs are listed.",
        "",
        "| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | scored audits below 0.9 | performance of each run |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    targets = []
    with static_server(site) as root:
        for url in ("", "eval/pass-at-k/"):
            all_runs = [
                lighthouse(root + url, browser_path, tmp / f"lighthouse-{i}.json")
                for i in range(n_runs)
            ]
            name = f"`{url or '(home)'}`"
            errors = [r for r in all_runs if "error" in r]
            if errors:
                r = errors[0]
                lines.append(f"| {name} | failed: {r['error']} | | | | | | | | |")
                targets.append(f"| Lighthouse {name} | failed to run | **missed** |")
                continue
            all_runs.sort(key=lambda run: int(run["performance"]))  # type: ignore[call-overload]
            r = all_runs[len(all_runs) // 2]
            each = " ".join(str(run["performance"]) for run in all_runs)
            failed = sorted({a for c in cats for a in r[c + "_failed"]})  # type: ignore[attr-defined]
            lines.append(
                f"| {name} | "
                + " | ".join(str(r[c]) for c in cats)
                + f" | {r['largest-contentful-paint']} | {r['total-blocking-time']}"
                + f" | {r['cumulative-layout-shift']} | {', '.join(failed) or 'none'} | {each} |"
            )
            ok = int(r["performance"]) >= 95 and all(r[c] == 100 for c in cats[1:])  # type: ignore[call-overload]
            scores = "/".join(str(r[c]) for c in cats)
            targets.append(
                f"| Lighthouse {name}: performance >= 95, accessibility/best practices/SEO 100 "
                f"| {scores} | {verdict(ok)} |"
            )
    return [*lines, ""], targets


def test_section(n_runs: int) -> Section:
    results = [test_suite() for _ in range(n_runs)]
    times = [seconds for seconds, _, _ in results]
    median = statistics.median(times)
    counts = results[-1][1]
    passed = all(ok for _, _, ok in results)
    return [
        "## Test suite",
        "",
        f"`pytest -q -n 2 --dist worksteal -p no:cacheprovider` (what `make test` runs after ruff), "
        f"{n_runs} runs: median {median:.1f} s (runs: {runs(times)} s), {counts or 'no summary'} "
        f"({'pass' if passed else 'FAIL'}).",
        "",
    ], [
        f"| full test suite < 90 s on 2 cores | median {median:.1f} s of {n_runs} "
        f"({counts}) | {verdict(median < 90 and passed)} |"
    ]


def scale_section(tmp: Path, sizes: list[int], timeout: float) -> Section:
    rows = scale(tmp, sizes, timeout)
    lines = [
        "## Scale: N synthetic pages added to the site",
        "",
        "`bench/synthetic.py` adds N cross-linked pages to a copy of the project. Build: "
        "`mkdocs build --strict` with the project's configuration, once per N (best of 3 at N = 0). "
        "Check: the project's link check (`tests/sitecheck.py`: Site + check_internal_links + "
        f"check_read_more), stopped after {timeout:.0f} s (default: the suite's pytest timeout). "
        '"Bare": the same check without the "nearest target" hint it computes for each error (run '
        "only if the check timed out or found errors; otherwise the check's own figures). "
        "Per-page figures are (value at N - value at N = 0) / N, so the real site's pages are not "
        "counted; check figures use CPU time (the fastest of 3 runs), which other jobs disturb less than "
        "wall time. \"pruned\" is the project's configuration (Material's `navigation.prune`); "
        '"full" takes it out, so every page embeds the whole navigation, and stops below the '
        "largest N.",
        "",
        "| nav | N | build wall s | build CPU s | build CPU ms/page | check wall s | check CPU s "
        "| check CPU ms/page | links | links/page | check CPU µs/link | HTML KiB/page "
        "| check peak RSS MiB | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    per_page: dict[tuple[bool, int], float] = {}
    for prune in (True, False):
        mine = [r for r in rows if r.prune == prune]
        base = mine[0]
        for r in mine:
            n, b = r.n or 1, r.bare
            per_page[prune, r.n] = (b["cpu"] - base.bare["cpu"]) / n * 1000
            lines.append(
                f"| {'pruned' if prune else 'full'} | {r.n} | {r.build:.1f} | {r.build_cpu:.1f} "
                f"| {(r.build_cpu - base.build_cpu) / n * 1000:.0f} "
                f"| {f'> {timeout:.0f}' if r.check is None else f'{r.check:.1f}'} "
                f"| {b['cpu']:.2f} | {per_page[prune, r.n]:.2f} | {b['links']} "
                f"| {(b['links'] - base.bare['links']) / n:.0f} | {b['cpu'] / b['links'] * 1e6:.0f} "
                f"| {r.html_kib:.1f} | {b['rss_mib']:.0f} | {b['errors']} |"
            )
    small, large = per_page[True, min(sizes)], per_page[True, max(sizes)]
    ratio = large / small
    pruned = {r.n: r.bare for r in rows if r.prune}
    per_link = {
        n: (pruned[n]["cpu"] - pruned[0]["cpu"]) / (pruned[n]["links"] - pruned[0]["links"]) * 1e6
        for n in sizes
    }
    full = [n for n in sizes if (False, n) in per_page]
    target = (
        f"| link check linear: CPU ms/page at N={max(sizes)} <= 1.5x N={min(sizes)} "
        f"| {ratio:.2f}x ({small:.2f} vs {large:.2f} ms/page); per link "
        f"{per_link[max(sizes)] / per_link[min(sizes)]:.2f}x ({per_link[min(sizes)]:.1f} vs "
        f"{per_link[max(sizes)]:.1f} µs); without navigation.prune "
        f"{per_page[False, min(full)]:.2f} ms/page at N={min(full)}, "
        f"{per_page[False, max(full)]:.2f} at N={max(full)} | {verdict(ratio <= 1.5)} |"
    )
    return [*lines, ""], [target]


def report(args: argparse.Namespace) -> str:
    browser_path = chromium()
    started = (dt.datetime.now(dt.UTC), os.getloadavg()[0])
    body, targets = [], []
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp, site = Path(name), Path(name) / "site"
        steps: list[tuple[str, Callable[[], Section]]] = [
            ("build", lambda: build_section(tmp, site, args.runs)),
            ("serve", lambda: serve_section(tmp, args.serve_runs)),
            ("install", lambda: install_section(tmp)),
            ("zensical", lambda: zensical_section(tmp)),
            ("load", lambda: load_section(site, browser_path)),
            ("lighthouse", lambda: lighthouse_section(tmp, site, browser_path)),
            ("tests", lambda: test_section(args.test_runs)),
            ("scale", lambda: scale_section(tmp, args.scale, args.check_timeout)),
        ]
        for step, run in steps:
            if step not in args.skip:
                print(f"bench: {step}...", file=sys.stderr)
                if step in ("load", "lighthouse") and not site.exists():
                    build(ROOT / "mkdocs.yml", site)
                lines, rows = run()
                body += lines
                targets += rows
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Run {started[0]:%Y-%m-%d %H:%M} UTC by `make bench` at commit {commit()} on: "
            f"{machine()}.",
            "",
            f"Versions: {versions(browser_path)}.",
            "",
            f"Load average (1 min) at start {started[1]:.1f}, at end {os.getloadavg()[0]:.1f}: "
            "other jobs on the machine slow every timing below.",
            "",
            "## Targets",
            "",
            "| target | measured | |",
            "| --- | --- | --- |",
            *targets,
            "",
            *body,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (median)")
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--test-runs", type=int, default=3, help="full test-suite runs (median)")
    parser.add_argument(
        "--scale", type=lambda s: [int(n) for n in s.split(",")], default=[100, 300, 1000]
    )
    parser.add_argument(
        "--skip", type=lambda s: s.split(","), default=[], help="steps to skip, e.g. tests,scale"
    )
    parser.add_argument("--check-timeout", type=float, default=300, help="seconds per link check")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--link-check", nargs=2, type=Path, metavar=("PROJECT", "SITE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--no-hints", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.link_check:
        print(json.dumps(link_check(*args.link_check, hints=not args.no_hints)))
        return
    text = report(args)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(
        f"\nWritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )


if __name__ == "__main__":
    main()
