"""Files only the service's own account can read: the data dir and everything in it (database, secret key, stored
documents, batch uploads and zips, roll-forward files) are 0700 folders and 0600 files from the moment they exist.

Two layers: the service processes (web app, CLI, batch workers) run with umask 077, so even files a library creates
(SQLite's -wal/-shm, LibreOffice scratch, the batch journal) are private; and what we write ourselves is created
with an explicit mode, so it is private whatever the umask."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from service.store.atomic import atomic_write

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


def restrict_process() -> None:
    """umask 077 for this process: whatever it creates from now on is its own account's only."""
    os.umask(PRIVATE_UMASK)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """`path` and its missing parents created 0700 (an existing folder keeps its mode: callers tighten the root
    they own with `tighten`)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
        else:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask; make it exact
    return path


def tighten(path: str | os.PathLike[str], mode: int) -> None:
    """Take group/other bits off an existing file or folder of ours (older installations made them 0644/0755)."""
    try:
        current = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        return
    if current & ~mode:
        os.chmod(path, current & mode)


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` atomically with `data`, the file being 0600 from its creation."""
    path = Path(path)
    with atomic_write(path, prefix=f".{path.name}.", suffix=".tmp", mode=FILE_MODE) as fh:
        fh.write(data)


def create_private(path: str | os.PathLike[str], data: bytes) -> bool:
    """Create `path` holding `data`, 0600 from the start and never half-written: the bytes go to a 0600 temporary
    file that is then hard-linked to `path` (atomic, and fails if `path` exists, so two processes starting at once
    keep one value). False if `path` already existed."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True
