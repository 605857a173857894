"""Non-blocking portability check: build the site with Zensical and report what differs.

Run with `make zensical-check`. It installs Zensical into .venv-zensical, builds a copy of the
project with it, builds the same copy with MkDocs, and prints what fails or differs: options it
rejects, pages missing from its output, citations and math our hooks would have rendered, and
files it publishes that MkDocs does not. It always exits 0; the findings go in the README.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "0.0.60"  # newer releases need zensical-ui, which the package index here lacks
VENV = ROOT / ".venv-zensical"
UNSUPPORTED = [  # (pattern in mkdocs.yml, what it is) removed one by one when Zensical rejects it
    (re.compile(r"^      pipeline:\n(?:        - .*\n)+", re.M), "plugins.search.pipeline"),
]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def install() -> Path | None:
    exe = VENV / "bin" / "zensical"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = run([str(VENV / "bin" / "pip"), "install", "-q", f"zensical=={VERSION}"], ROOT)
        if pip.returncode != 0:
            print(f"Could not install zensical=={VERSION}:\n{pip.stderr[-800:]}")
            return None
    return exe


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def main() -> int:
    exe = install()
    if exe is None:
        return 0
    version = run([str(exe), "--version"], ROOT).stdout.strip()
    findings: list[str] = [f"Zensical {version} against MkDocs on the same copy of the project."]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("mkdocs.yml", "docs", "overrides"):
            src = ROOT / name
            copy = shutil.copytree if src.is_dir() else shutil.copy2
            copy(src, work / name)
        (work / "node_modules").symlink_to(ROOT / "node_modules")
        ref = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "ref")], work)
        if ref.returncode != 0:
            print("MkDocs build failed; fix that first:\n" + ref.stderr[-2000:])
            return 0
        config = (work / "mkdocs.yml").read_text(encoding="utf-8")
        for attempt in range(len(UNSUPPORTED) + 1):
            build = run([str(exe), "build"], work)
            if build.returncode == 0 and "Error" not in build.stdout + build.stderr:
                break
            message = (build.stderr or build.stdout).strip().splitlines()[-1:]
            findings.append(f"FAILS: {' '.join(message)}")
            if attempt == len(UNSUPPORTED):
                print("\n".join(findings))
                return 0
            pattern, name = UNSUPPORTED[attempt]
            config = pattern.sub("", config)
            (work / "mkdocs.yml").write_text(config, encoding="utf-8")
            findings.append(f"  retried without {name}")
        ours, theirs = pages(work / "ref"), pages(work / "site")
        ours_html = {p for p in ours if p.endswith(".html")}
        missing = sorted(ours_html - theirs)
        extra = sorted(p for p in theirs - ours if not p.startswith(("assets/", "search")))
        findings.append(f"Pages MkDocs builds that Zensical does not: {missing or 'none'}")
        findings.append(f"Files Zensical publishes that MkDocs does not: {extra or 'none'}")
        raw_cites = raw_math = 0
        for page in sorted(p for p in theirs if p.endswith(".html")):
            text = (work / "site" / page).read_text(encoding="utf-8", errors="replace")
            raw_cites += len(re.findall(r"\[@[\w:.-]+", text))
            raw_math += text.count('class="arithmatex"')
        findings.append(f"Citations left as raw [@key] (hooks not run): {raw_cites}")
        findings.append(f"Formulas left untypeset (KaTeX hook not run): {raw_math}")
    print("\n".join(findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
