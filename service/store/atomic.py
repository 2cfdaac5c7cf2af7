"""Atomic, durable file writes: the bytes go to a temporary file beside the target, are fsync'ed, renamed over the
target (rename is atomic on POSIX) and the directory is fsync'ed — a reader, even after a crash, finds the old
file or the complete new one, never part of one. Used by the content-addressed store and the batch zip."""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_write(target: Path, *, prefix: str, suffix: str, mode: int = 0o666) -> Iterator[BinaryIO]:
    """A binary file whose content replaces `target` when the block ends without error.

    The temporary file, `prefix` + random + `suffix` in the target's directory, is created with `mode` (less the
    umask); on any error it is removed and `target` stays as it was."""
    tmp = target.parent / f"{prefix}{secrets.token_hex(8)}{suffix}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
