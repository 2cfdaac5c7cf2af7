"""Content-addressed storage of issued files (sha256 → bytes) on the local filesystem.

Why content addressing: the register row keeps the digest, so the stored bytes can always be
proven to be exactly the bytes issued, and a retry that renders the same bytes costs nothing.

Writes are atomic and durable: bytes go to a temporary file in the target directory, are
fsync'ed, then renamed over the final name (rename is atomic on POSIX) and the directory is
fsync'ed. A reader therefore sees either no file or the complete file, never a partial one.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from service.store.atomic import atomic_write

_HEX = set("0123456789abcdef")


def digest_of(data: bytes) -> str:
    """sha256 hex digest: the file's address in the store."""
    return hashlib.sha256(data).hexdigest()


def _check_digest(digest: str) -> str:
    if len(digest) != 64 or not set(digest) <= _HEX:
        raise ValueError(f"not a sha256 hex digest: {digest!r}")
    return digest


def path_for(root: str | os.PathLike[str], digest: str) -> Path:
    """Where a digest lives: <root>/ab/cd/<digest> (two fan-out levels keep directories small)."""
    d = _check_digest(digest)
    return Path(root) / d[:2] / d[2:4] / d


def put(root: str | os.PathLike[str], data: bytes) -> str:
    """Store bytes durably and return their digest; storing the same bytes twice is a no-op."""
    digest = digest_of(data)
    target = path_for(root, digest)
    if target.is_file() and target.stat().st_size == len(data):
        os.utime(target)  # fresh mtime: the orphan sweep's grace period now protects it again
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target, prefix=".tmp-", suffix=".part", mode=0o600) as fh:
        fh.write(data)
    return digest


def read(root: str | os.PathLike[str], digest: str) -> bytes:
    """The stored bytes for a digest (FileNotFoundError if absent)."""
    return path_for(root, digest).read_bytes()


def remove(root: str | os.PathLike[str], digest: str) -> bool:
    """Delete a stored file; True if it existed. Only the orphan sweep calls this."""
    try:
        path_for(root, digest).unlink()
        return True
    except FileNotFoundError:
        return False


def iter_digests(root: str | os.PathLike[str]) -> Iterator[tuple[str, float]]:
    """Every complete stored file as (digest, mtime); temporary .part files are skipped."""
    base = Path(root)
    if not base.is_dir():
        return
    for first in sorted(base.iterdir()):
        if not (first.is_dir() and len(first.name) == 2):
            continue
        for second in sorted(first.iterdir()):
            if not second.is_dir():
                continue
            for f in sorted(second.iterdir()):
                if len(f.name) == 64 and set(f.name) <= _HEX:
                    yield f.name, f.stat().st_mtime
