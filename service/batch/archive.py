"""The batch zip: every finished file in table order plus the per-row report, written to a temp file, synced and
renamed into place — so the clerk's output path holds either the previous zip or the complete new one.

Entries carry a fixed timestamp and the report no clock time: the same inputs give the same zip bytes, whichever
worker (in-process thread or RQ) built it.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from service.batch.journal import RowResult
from service.batch.naming import REPORT_NAME
from service.store.atomic import atomic_write

_EPOCH = (1980, 1, 1, 0, 0, 0)
REPORT_HEADER = ("row", "stt", "status", "file", "number_symbol", "errors_vi", "errors_en")


def report_csv(results: Iterable[RowResult]) -> bytes:
    """One line per row: where it came from, ok/error, its file(s), and every problem in both languages.

    UTF-8 with BOM so Excel shows the Vietnamese correctly when the clerk double-clicks it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_HEADER)
    for r in results:
        writer.writerow([r.row, r.stt, r.status, "; ".join(r.files), r.number_symbol,
                         " | ".join(f"{e['path'] or '(gốc)'}: {e['message_vi']}" for e in r.errors),
                         " | ".join(f"{e['path'] or '(root)'}: {e['message_en']}" for e in r.errors)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _info(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def write_zip(output: Path, results: list[RowResult], read: Callable[[str], bytes]) -> None:
    """Pack the files of the ok rows (`read(name)` gives their bytes) and the report, atomically at `output`."""
    with atomic_write(output, prefix=f".{output.name}.", suffix=".tmp") as fh:
        with zipfile.ZipFile(fh, "w") as zf:
            for r in results:
                for name in r.files:  # .docx and .pdf are compressed already: store them as they are
                    zf.writestr(_info(name, zipfile.ZIP_STORED), read(name))
            zf.writestr(_info(REPORT_NAME, zipfile.ZIP_DEFLATED), report_csv(results))
