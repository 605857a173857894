"""A build cache in one JSON file below ``.cache/``: results stored by the hash of their input.

The file is valid for one ``stamp`` (the versions of the code that computed the results; another
stamp starts it empty). A save keeps only the entries this build used, so the file never holds
more than one build's worth, and it replaces the file in one step, so a build running at the same
time reads the old file or the new one, never half of one. Safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class KeyedCache:
    def __init__(self, path: Path, stamp: str) -> None:
        self.path, self.stamp = path, stamp
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            self.known: dict[str, Any] = saved["entries"] if saved.get("stamp") == stamp else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.known = {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Write the entries this build used (nothing when it used none: a build that skipped
        the feature keeps the file for the next one that does not)."""
        if not self.used or self.used == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"stamp": self.stamp, "entries": self.used}), "utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a read-only checkout still builds, only slower
