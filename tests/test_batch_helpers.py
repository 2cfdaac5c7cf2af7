"""Shared inputs of the batch tests: the fixtures' base plan and units table, grown to any number of rows."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "fixtures" / "batch"
BASE_PATH = BATCH / "ke-hoach-2025.json"
EXTRA_COLUMNS = ["number", "date"]


def base_doc() -> dict:
    return json.loads(BASE_PATH.read_text(encoding="utf-8"))


def unit_rows() -> list[dict[str, str]]:
    with open(BATCH / "units.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def grown_rows(n: int, bad: dict[int, dict[str, str]] | None = None) -> list[dict[str, str]]:
    """`n` rows cycling through the fixture's units, `stt` 1..n; `bad` overrides cells of some rows (by index)."""
    units = unit_rows()
    rows = []
    for i in range(n):
        row = dict(units[i % len(units)])
        row["stt"] = str(i + 1)
        row.update((bad or {}).get(i, {}))
        rows.append(row)
    return rows


def columns() -> list[str]:
    return list(unit_rows()[0]) + EXTRA_COLUMNS


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    cols = columns()
    ws.append(cols)
    for row in rows:
        ws.append([row.get(c) or None for c in cols])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert len(names) == len(set(names)), "duplicate entries in the zip"
        return {n: zf.read(n) for n in names}


def report_rows(members: dict[str, bytes]) -> list[dict[str, str]]:
    text = members["bao-cao.csv"].decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))
