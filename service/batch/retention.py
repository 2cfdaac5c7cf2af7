"""Retention of what anonymous and staff users leave in the data dir — batch jobs (their upload, journal and zip)
and roll-forward files: removed once untouched for the configured number of days (default 7), by `vanban gc` and by
an automatic sweep that the service runs at most once an hour (on job creation and roll-forward).

A job's age counts from its last change (a running job rewrites its state file several times a second), so a job
is never removed while it runs. Issued documents (the register's store) are records, not kept here: never swept."""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from service.batch.quota import size_on_disk
from service.store.private import create_private

SWEEP_EVERY_S = 3600
MARKER = ".gc-last"
DAY_S = 86400


@dataclass
class SweepResult:
    jobs: int = 0
    files: int = 0
    bytes: int = 0


def _last_change(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    newest = path.stat().st_mtime
    for child in path.iterdir():  # job.json, state.json, the zip; the journal folder's own mtime
        try:
            newest = max(newest, child.stat().st_mtime)
        except FileNotFoundError:
            pass
    return newest


def sweep(data_dir: str | Path, *, max_age_days: float, now: float | None = None) -> SweepResult:
    """Remove every batch job and roll-forward file untouched for more than `max_age_days`."""
    now = time.time() if now is None else now
    cutoff = now - max_age_days * DAY_S
    result = SweepResult()
    for folder, is_job in ((Path(data_dir) / "batches", True), (Path(data_dir) / "roll-forward", False)):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            try:
                if _last_change(entry) >= cutoff:
                    continue
                size = size_on_disk(entry)
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            except FileNotFoundError:  # another process swept it first
                continue
            result.bytes += size
            if is_job:
                result.jobs += 1
            else:
                result.files += 1
    return result


def maybe_sweep(data_dir: str | Path, *, max_age_days: float, every_s: float = SWEEP_EVERY_S) -> SweepResult | None:
    """`sweep` unless one ran less than `every_s` ago in any process sharing the data dir (a marker file's mtime)."""
    marker = Path(data_dir) / MARKER
    try:
        if time.time() - marker.stat().st_mtime < every_s:
            return None
        os.utime(marker)
    except FileNotFoundError:
        if not create_private(marker, b""):
            return None  # another process just made it: it sweeps
    return sweep(data_dir, max_age_days=max_age_days)
