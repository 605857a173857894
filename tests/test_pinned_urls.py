"""GitHub file links in the notes and in docs/references.bib point at a commit or a release tag.

The rule and its reasons are in tests/pinned_urls.py. Each test below that plants a link shows
the rule catching it (or leaving a pinned one alone), with the file, line and entry key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import pinned_urls, sitecheck

ROOT = sitecheck.ROOT
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_docs_cite_github_files_at_a_commit() -> None:
    found = pinned_urls.unpinned_in_project(ROOT)
    assert not found, f"{len(found)} GitHub file link(s) point at a branch:\n" + "\n".join(
        u.message() for u in found
    )


@pytest.mark.parametrize(
    "ref",
    [SHA, SHA.upper(), "v2.28.3", "2.28.3-1", "v2.28.3-1", "v0.5.0", "v1.0.0-rc1", "1.2.3rc1",
     "0.26.1", "lychee-v0.24.2", "lychee-lib-v0.24.2", "refs/tags/v1.2.3"],
)  # fmt: skip
def test_pinned_refs(ref: str) -> None:
    assert pinned_urls.is_pinned(ref), ref


@pytest.mark.parametrize(
    "ref",
    ["main", "master", "dev", "develop", "HEAD", "gh-pages", "release", "stable", "nightly",
     "v4", "v2.x", "1.2.x", "r2.15", "release-2.1", "2.7-stable", "1.2-dev", "abc1234",
     SHA[:39], SHA + "0", "refs/heads/main", "refs/heads/v1.2.3", "refs/tags/main"],
)  # fmt: skip
def test_branch_refs(ref: str) -> None:
    assert not pinned_urls.is_pinned(ref), ref


PLANTED_MD = f"""---
title: Planted
source: https://github.com/acme/tool/blob/main/docs/guide.md
---

# Planted

A [pinned file](https://github.com/acme/tool/blob/{SHA}/docs/guide.md) and a
[tagged one](https://github.com/acme/tool/blob/v2.28.3-1/docs/guide.md), a
[folder on dev](https://github.com/acme/tool/tree/dev/src/kernels), and
<https://raw.githubusercontent.com/acme/tool/refs/heads/master/config.json>.

Not files, so not checked: https://github.com/acme/tool, https://github.com/acme/tool/pull/239,
https://github.com/acme/tool/commit/{SHA[:7]}, https://github.com/acme/tool/releases/tag/v1.2.3,
https://acme.github.io/tool/main/guide/.

```text
https://github.com/acme/tool/raw/HEAD/data.csv.
```
"""

PLANTED_BIB = f"""@misc{{acme_guide,
  title = {{{{Guide}}}},
  url = {{https://github.com/acme/tool/blob/master/docs/guide.md}},
}}

@misc{{acme_pinned,
  title = {{{{Guide, pinned}}}},
  url = {{https://github.com/acme/tool/blob/{SHA}/docs/guide.md}},
}}

@misc{{ acme_raw ,
  howpublished = {{\\url{{https://raw.githubusercontent.com/acme/tool/main/a.json}}}},
}}
"""


def planted_project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs" / "sub"
    docs.mkdir(parents=True)
    (docs / "planted.md").write_text(PLANTED_MD, encoding="utf-8")
    (tmp_path / "docs" / "references.bib").write_text(PLANTED_BIB, encoding="utf-8")
    return tmp_path


def test_planted_branch_links_are_reported_with_file_line_and_key(tmp_path: Path) -> None:
    found = pinned_urls.unpinned_in_project(planted_project(tmp_path))
    got = [(u.file, u.line, u.ref, u.entry) for u in found]
    assert got == [
        ("docs/sub/planted.md", 3, "main", ""),  # front matter
        ("docs/sub/planted.md", 10, "dev", ""),
        ("docs/sub/planted.md", 11, "refs/heads/master", ""),
        ("docs/sub/planted.md", 18, "HEAD", ""),  # code block
        ("docs/references.bib", 3, "master", "acme_guide"),
        ("docs/references.bib", 12, "main", "acme_raw"),
    ], "\n".join(u.message() for u in found)
    text = "\n".join(u.message() for u in found)
    assert "https://github.com/acme/tool/raw/HEAD/data.csv points" in text  # no trailing "."
    bib = found[4].message()
    assert bib.startswith(
        "docs/references.bib:3 (@acme_guide): "
        "https://github.com/acme/tool/blob/master/docs/guide.md points at 'master'"
    ), bib
    for fix in (
        "press 'y' on the GitHub file page",
        "`git log -1 --format=%H -- docs/guide.md` in a clone of acme/tool",
        "https://github.com/acme/tool/blob/<sha>/docs/guide.md",
    ):
        assert fix in bib, f"{fix!r} missing from: {bib}"
    assert "https://raw.githubusercontent.com/acme/tool/<sha>/a.json" in found[5].message()
    assert "https://github.com/acme/tool/tree/<sha>/src/kernels" in found[1].message()


def test_real_docs_pass_once_each_branch_link_is_pinned(tmp_path: Path) -> None:
    """Pin every reported link of the real docs/ to a commit in a copy: nothing else in the
    real files trips the rule, so the test above passes once the links are re-pinned."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    before = pinned_urls.unpinned_in_project(tmp_path)
    for u in before:
        path = tmp_path / u.file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        owner, repo, kind, ref, _path = pinned_urls.parse(u.url)
        prefix = f"/{owner}/{repo}/" + ("" if kind == "raw-host" else f"{kind}/")
        pinned = u.url.replace(prefix + ref, prefix + SHA, 1)
        assert pinned != u.url, u.url
        lines[u.line - 1] = lines[u.line - 1].replace(u.url, pinned)
        path.write_text("".join(lines), encoding="utf-8")
    after = pinned_urls.unpinned_in_project(tmp_path)
    assert not after, "\n".join(u.message() for u in after)
