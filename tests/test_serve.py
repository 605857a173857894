"""`make serve` for writers: the first build has everything, a rebuild after an edit shows the
edit with math, citations and glossary intact, and skips the print page and llms.txt."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import sitecheck
from tests.conftest import copy_project

pytestmark = pytest.mark.slow


def status_and_body(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait(url: str, ok, server: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        code, body = status_and_body(url)
        if ok(code, body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url}: not as expected within {timeout:.0f} s (exit {server.poll()})")


def test_serve_rebuild_is_correct_and_skips_whole_site_outputs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")  # with the print page, like the real config
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}{sitecheck.base_path(project)}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("SITE_FULL_REBUILD", None)
    log = (tmp_path / "serve.log").open("w")
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait(base + "print_page/", lambda code, _: code == 200, server)
        assert status_and_body(base + "llms.txt")[0] == 200, "first build lacks llms.txt"
        page = project / "docs" / "eval" / "pass-at-k.md"
        page.write_text(
            page.read_text(encoding="utf-8")
            + "\n\nAn edit with $x^2$, citations [@chen2021codex][@nvidia_nccl] and the term pass@k.\n",
            encoding="utf-8",
        )
        body = wait(base + "eval/pass-at-k/", lambda _, b: "An edit with" in b, server)
        edit = body[body.index("An edit with") :].split("</p>", 1)[0]
        assert "<math" in edit and 'class="footnote-ref"' in edit, edit
        assert "[@" not in edit and "arithmatex" not in edit, edit
        # the whole-site data follows the edit: the bibliography lists the new citing page, and
        # the search index (its sections of unchanged pages come from .cache/) has the new text
        listing = status_and_body(base + "bibliography/communication/")[1]
        entry = listing[listing.index('id="ref-nvidia_nccl"') :].split("</p>", 1)[0]
        assert 'href="../../eval/pass-at-k/"' in entry, f"bibliography not updated: {entry}"
        index = status_and_body(base + "search/search_index.json")[1]
        assert "An edit with" in index, "the search index of a rebuild lacks the edited text"
        assert status_and_body(base + "print_page/")[0] == 404, "a rebuild rebuilt the print page"
        assert status_and_body(base + "llms.txt")[0] == 404, "a rebuild rebuilt llms.txt"
        assert status_and_body(base + "feed.xml")[0] == 200, "a rebuild lost the feed"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        print((tmp_path / "serve.log").read_text()[-1500:])
