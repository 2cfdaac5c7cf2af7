"""Each owner's batch jobs: an index per owner (`<data dir>/batch-owners/<sha256 of the owner>/<job id>`), so
listing a caller's jobs and counting the ones still unfinished never scans every job; and the budget of unfinished
jobs per owner. Who owns a job and who may read it is service.batch.ownership (job.json `owner`).

`reserve` holds a lock on the owner's index while the number of unfinished jobs is compared with the budget and
the new job is recorded, so two requests at once cannot both pass the limit.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from service.store.private import private_dir, write_private


class TooManyJobs(Exception):
    """The owner already has `limit` unfinished jobs."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} unfinished batch jobs per caller")
        self.limit = limit


def _index(data_dir: str | Path, owner: str) -> Path:
    digest = hashlib.sha256(owner.encode("utf-8")).hexdigest()
    return Path(data_dir) / "batch-owners" / digest


def job_ids(data_dir: str | Path, owner: str) -> list[str]:
    """The ids of the owner's jobs, newest first."""
    index = _index(data_dir, owner)
    if not index.is_dir():
        return []
    entries = []
    for entry in index.iterdir():
        if entry.name == ".lock":
            continue
        if not (Path(data_dir) / "batches" / entry.name / "job.json").exists():
            entry.unlink(missing_ok=True)  # the job was removed by retention (vanban gc): forget it here too
            continue
        entries.append(entry)
    return [p.name for p in sorted(entries, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)]


@contextmanager
def reserve(data_dir: str | Path, owner: str, limit: int, unfinished: Callable[[str], bool]) -> Iterator[None]:
    """Hold the owner's lock while a job is created; TooManyJobs when `limit` of the owner's jobs are unfinished
    (`unfinished(job_id)`: queued or running, as the job's worker tells — a vanished worker's job does not count)."""
    index = private_dir(_index(data_dir, owner))
    with os.fdopen(os.open(index / ".lock", os.O_RDWR | os.O_CREAT, 0o600), "r+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if sum(1 for job_id in job_ids(data_dir, owner) if unfinished(job_id)) >= limit:
                raise TooManyJobs(limit)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def index_job(data_dir: str | Path, owner: str, job_id: str) -> None:
    """List the job (whose job.json already names `owner`) in the owner's index."""
    write_private(private_dir(_index(data_dir, owner)) / job_id, b"")
