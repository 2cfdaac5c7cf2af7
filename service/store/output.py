"""Where a CLI command puts its bytes: a file (replaced whole) or standard output for `-`.

Shared by every `vanban` subcommand, so the subcommands' modules need not import the top-level command."""
from __future__ import annotations

import sys
from pathlib import Path


def write_output(data: bytes, out: str) -> None:
    """Write atomically: a crash never leaves a half-written file where the clerk expects a document."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(out)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
