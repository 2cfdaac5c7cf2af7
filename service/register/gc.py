"""Consistency of register and file store after crashes.

By the write order of issue.py a crash can leave only orphan files (stored, never committed).
`sweep_orphans` deletes those older than a grace period (younger ones may belong to an issue
still in flight); `check` reports rows whose file is missing (must never happen) and orphans."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from service import store
from service.register.models import Entry

DEFAULT_GRACE_SECONDS = 3600.0


@dataclass(frozen=True)
class Consistency:
    missing_files: list[int]  # entry ids whose stored file is absent
    orphan_files: list[str]  # digests with no register row


def _referenced(engine: Engine) -> dict[str, list[int]]:
    with Session(engine) as session:
        out: dict[str, list[int]] = {}
        for entry_id, sha in session.execute(select(Entry.id, Entry.sha256)):
            out.setdefault(sha, []).append(entry_id)
        return out


def check(engine: Engine, store_root: str | Path) -> Consistency:
    """Rows without files and files without rows."""
    referenced = _referenced(engine)
    stored = {digest for digest, _ in store.iter_digests(store_root)}
    missing = sorted(i for sha, ids in referenced.items() if sha not in stored for i in ids)
    return Consistency(missing_files=missing, orphan_files=sorted(stored - set(referenced)))


def sweep_orphans(engine: Engine, store_root: str | Path, *, grace_seconds: float = DEFAULT_GRACE_SECONDS) -> list[str]:
    """Delete stored files no row refers to, if older than the grace period; returns their digests."""
    cutoff = time.time() - grace_seconds
    candidates = [d for d, mtime in store.iter_digests(store_root) if mtime <= cutoff]
    referenced = _referenced(engine)  # read after listing: a file committed meanwhile is kept
    removed = [d for d in candidates if d not in referenced and store.remove(store_root, d)]
    return removed
