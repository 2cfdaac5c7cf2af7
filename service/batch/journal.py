"""Resume state of a batch, kept beside its output: `.<output name>.batch-<key>/` holding one append-only spool of
the finished files and a journal line per finished row (where its files sit in the spool, and their sha256).

The key is a hash of the inputs (base, rows, options): rerunning the same batch after a crash, Ctrl-C or a lost
worker picks up the rows already done; changing any input starts afresh (older state dirs are removed). A row
counts as done only when its journal line exists *and* its bytes in the spool still have the recorded sha256, so
a torn write (power loss) is redone rather than packed; bytes that no journal line points to are simply ignored.
One spool instead of a file per row keeps a 1,000-row batch to two open files. The state dir is removed once the
zip is in place.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RowResult:
    index: int
    row: int
    stt: int
    status: str  # "ok" | "error"
    files: list[str] = field(default_factory=list)
    number_symbol: str = ""
    errors: list[dict] = field(default_factory=list)  # FieldError.as_dict()
    stored: dict[str, list] = field(default_factory=dict)  # file name → [offset, length, sha256] in the spool


def input_key(material: Any) -> str:
    """sha256 of the canonical JSON of everything that decides the output."""
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def state_dir(output: Path, key: str) -> Path:
    return output.parent / f".{output.name}.batch-{key[:16]}"


class Journal:
    """The finished rows of one batch run (state that really is shared across runs, hence a class)."""

    def __init__(self, output: Path, key: str) -> None:
        self.dir = state_dir(output, key)
        self.spool_path = self.dir / "files.spool"
        self.path = self.dir / "journal.jsonl"
        for stale in output.parent.glob(f".{output.name}.batch-*"):
            if stale != self.dir and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._spool = open(self.spool_path, "a+b")
        self.done: dict[int, RowResult] = self._read()
        self._fh = open(self.path, "a", encoding="utf-8")

    def _read(self) -> dict[int, RowResult]:
        done: dict[int, RowResult] = {}
        if not self.path.exists():
            return done
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                result = RowResult(**json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # a line torn by a crash: that row is simply done again
            if all(self._intact(*where) for where in result.stored.values()):
                done[result.index] = result
        return done

    def _slice(self, offset: int, length: int) -> bytes:
        self._spool.flush()
        self._spool.seek(offset)
        return self._spool.read(length)

    def _intact(self, offset: int, length: int, sha: str) -> bool:
        return hashlib.sha256(self._slice(offset, length)).hexdigest() == sha

    def record(self, result: RowResult, files: dict[str, bytes]) -> None:
        """Keep a finished row: its files appended to the spool first, then its journal line."""
        self._spool.seek(0, 2)
        for name, data in files.items():
            offset = self._spool.tell()
            self._spool.write(data)
            result.stored[name] = [offset, len(data), hashlib.sha256(data).hexdigest()]
        self._spool.flush()
        self._fh.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
        self._fh.flush()
        self.done[result.index] = result

    def reader(self, results: list[RowResult]):
        """`read(name)` for the files of these rows, as the zip writer wants it."""
        where = {name: r.stored[name] for r in results for name in r.files}
        return lambda name: self._slice(*where[name][:2])

    def close(self) -> None:
        self._fh.close()
        self._spool.close()

    def discard(self) -> None:
        self.close()
        shutil.rmtree(self.dir, ignore_errors=True)
