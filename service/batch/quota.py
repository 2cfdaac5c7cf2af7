"""The disk quota of anonymous uploads: open drafting lets anyone on the network upload batch tables and make
roll-forward files, so together (every anonymous owner counted as one — capabilities cost nothing to make) they
may take at most a configured number of bytes of the data dir; staff and API tokens are not counted."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from service.batch.errors import BatchInputError
from service.batch.ownership import is_anonymous
from service.validate import FieldError


class QuotaExceeded(BatchInputError):
    """An anonymous upload that would pass the quota; nothing was stored."""

    def __init__(self, limit: int, used: int, adding: int) -> None:
        mb = limit / (1024 * 1024)
        self.limit, self.used, self.adding = limit, used, adding
        super().__init__([_error(mb)])


def _error(mb: float) -> FieldError:
    return FieldError("upload", f"Dung lượng dành cho người dùng chưa đăng nhập đã hết (tối đa {mb:g} MB cho mọi tệp "
                          "tải lên chưa đăng nhập, giữ trong vài ngày). Hãy đăng nhập hoặc thử lại sau.",
                      f"the disk quota of anonymous uploads is used up (at most {mb:g} MB for all uploads made "
                      "without a login, kept for a few days); log in or try again later")


def size_on_disk(path: Path) -> int:
    """Bytes of a file, or of every file under a folder (files removed meanwhile count for nothing)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except FileNotFoundError:
                pass
    return total


def _owner_of(path: Path) -> dict[str, Any] | None:
    try:
        if path.is_dir():
            return json.loads((path / "job.json").read_text(encoding="utf-8")).get("owner")
        return json.loads(path.read_text(encoding="utf-8")).get("owner")
    except (OSError, ValueError, AttributeError):
        return None


def anonymous_usage(data_dir: str | Path) -> int:
    """Bytes the anonymous batch jobs (upload, journal, zip) and roll-forward files take now."""
    total = 0
    for folder in (Path(data_dir) / "batches", Path(data_dir) / "roll-forward"):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if not entry.name.startswith(".") and is_anonymous(_owner_of(entry)):
                total += size_on_disk(entry)
    return total


def check(data_dir: str | Path, owner: dict[str, Any], adding: int, limit: int | None) -> None:
    """QuotaExceeded when an anonymous `owner` adding `adding` bytes would pass `limit` (None: no quota)."""
    if limit is None or not is_anonymous(owner):
        return
    used = anonymous_usage(data_dir)
    if used + adding > limit:
        raise QuotaExceeded(limit, used, adding)
