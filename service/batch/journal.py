"""Resume state of a batch, kept beside its output: `.<output name>.batch-<key>/` with the finished files and a
journal line per finished row.

The key is a hash of the inputs (base, rows, options): rerunning the same batch after a crash, Ctrl-C or a lost
worker picks up the rows already done; changing any input starts afresh (older state dirs are removed). A row
counts as done only when its journal line exists *and* its files still have the recorded sha256, so a torn
write (power loss) is redone rather than packed. The state dir is removed once the zip is in place.
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
    sha256: dict[str, str] = field(default_factory=dict)


def input_key(material: Any) -> str:
    """sha256 of the canonical JSON of everything that decides the output."""
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def state_dir(output: Path, key: str) -> Path:
    return output.parent / f".{output.name}.batch-{key[:16]}"


class Journal:
    """The finished rows of one batch run (state that really is shared across runs, hence a class)."""

    def __init__(self, output: Path, key: str) -> None:
        self.dir = state_dir(output, key)
        self.files_dir = self.dir / "files"
        self.path = self.dir / "journal.jsonl"
        for stale in output.parent.glob(f".{output.name}.batch-*"):
            if stale != self.dir and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        self.files_dir.mkdir(parents=True, exist_ok=True)
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
            if all(self._intact(name, sha) for name, sha in result.sha256.items()):
                done[result.index] = result
        return done

    def _intact(self, name: str, sha: str) -> bool:
        path = self.files_dir / name
        return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha

    def record(self, result: RowResult, files: dict[str, bytes]) -> None:
        """Keep a finished row: files first (each by rename), then its journal line."""
        for name, data in files.items():
            tmp = self.files_dir / f".{name}.tmp"
            tmp.write_bytes(data)
            tmp.replace(self.files_dir / name)
            result.sha256[name] = hashlib.sha256(data).hexdigest()
        self._fh.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
        self._fh.flush()
        self.done[result.index] = result

    def read(self, name: str) -> bytes:
        return (self.files_dir / name).read_bytes()

    def close(self) -> None:
        self._fh.close()

    def discard(self) -> None:
        self.close()
        shutil.rmtree(self.dir, ignore_errors=True)
