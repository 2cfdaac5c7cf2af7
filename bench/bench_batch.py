"""Batch benchmark (issue [batch]): 1,000 plans (the fixture units table grown to 1,000 rows) to a .docx zip in one
process; the same 1,000 rows as one JSON request to `POST /api/v1/batches` until the zip is ready (issue
[batch-api], in-process runner); then, when LibreOffice is there, 100 plans as PDF through 2 warm converter workers.

Prints human lines, then `bench batch docx_1000_s=… api_1000_s=… pdf_100_s=…` as its last line (pdf_100_s=na
without a converter). Targets (issue 9): 1,000 .docx ≤ 5 s on one core; 100 PDF ≤ 15 s with 2 workers. Not a test.
"""
from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.batch import BatchOptions, read_table, run_batch  # noqa: E402

BATCH = ROOT / "fixtures" / "batch"
DOCX_ROWS = 1000
PDF_ROWS = 100
PDF_WORKERS = 2


def table_of(n: int):
    with open(BATCH / "units.csv", encoding="utf-8", newline="") as fh:
        units = list(csv.DictReader(fh))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(units[0]), lineterminator="\n")
    writer.writeheader()
    for i in range(n):
        writer.writerow({**units[i % len(units)], "stt": str(i + 1)})
    return read_table(out.getvalue().encode("utf-8"), "units.csv")


def bench_docx(base: dict, scratch: Path) -> float:
    table = table_of(DOCX_ROWS)
    run_batch(base, table_of(5), scratch / "warm.zip")  # template compiled, modules imported
    started = time.perf_counter()
    result = run_batch(base, table, scratch / "docx.zip")
    seconds = time.perf_counter() - started
    with zipfile.ZipFile(scratch / "docx.zip") as zf:
        count = sum(n.endswith(".docx") for n in zf.namelist())
    assert result.succeeded == DOCX_ROWS == count, (result.succeeded, count)
    size = (scratch / "docx.zip").stat().st_size / 1e6
    print(f"docx: {DOCX_ROWS} plans → zip ({size:.1f} MB) in {seconds:.2f} s "
          f"({seconds / DOCX_ROWS * 1000:.2f} ms each)", flush=True)
    return seconds


def bench_api(base: dict, scratch: Path) -> float:
    """Submit, poll as a client would (every 50 ms), download: the API's own cost over run_batch."""
    from service.register import auth
    from service.web.register_state import state
    from service.web.app import create_app

    app = create_app({"DATA_DIR": str(scratch / "api"), "DATABASE_URL": f"sqlite:///{scratch / 'api.db'}",
                      "REDIS_URL": None, "TESTING": True})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {auth.create_token(state(app).engine, 'drafter', 'bench')}"}
    rows = [dict(r.cells) for r in table_of(DOCX_ROWS).rows]
    started = time.perf_counter()
    job = client.post("/api/v1/batches", json={"base": base, "rows": rows}, headers=headers).headers["Location"]
    while (body := client.get(job, headers=headers).get_json())["state"] in ("queued", "running"):
        time.sleep(0.05)
    data = client.get(body["links"]["download"], headers=headers).data
    seconds = time.perf_counter() - started
    assert body["counts"]["ok"] == DOCX_ROWS, body["counts"]
    print(f"api: {DOCX_ROWS} rows as JSON → 202 → done → zip ({len(data) / 1e6:.1f} MB) in {seconds:.2f} s",
          flush=True)
    return seconds


def bench_pdf(base: dict, scratch: Path) -> float | None:
    from service.convert import Converter, ConverterUnavailable, load_settings
    from dataclasses import replace

    converter = Converter(replace(load_settings(), workers=PDF_WORKERS))
    try:
        started = time.perf_counter()
        try:
            converter.start(wait=True)
            for worker in range(PDF_WORKERS):  # every worker warm, as in a running service
                run_batch(base, table_of(PDF_WORKERS), scratch / f"warm-{worker}.zip",
                          BatchOptions(formats=("pdf",), converter=converter))
        except ConverterUnavailable as exc:
            print(f"pdf: skipped, converter unavailable: {exc}")
            return None
        print(f"pdf: {PDF_WORKERS} LibreOffice workers up in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        result = run_batch(base, table_of(PDF_ROWS), scratch / "pdf.zip",
                           BatchOptions(formats=("pdf",), converter=converter))
        seconds = time.perf_counter() - started
        assert result.succeeded == PDF_ROWS, [r.errors for r in result.failed][:3]
        print(f"pdf: {PDF_ROWS} plans → zip of PDF with {PDF_WORKERS} workers in {seconds:.2f} s "
              f"({seconds / PDF_ROWS * 1000:.0f} ms each)", flush=True)
        return seconds
    finally:
        converter.shutdown()


def main() -> None:
    base = json.loads((BATCH / "ke-hoach-2025.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-batch-") as tmp:
        docx_s = bench_docx(base, Path(tmp))
        api_s = bench_api(base, Path(tmp))
        pdf_s = bench_pdf(base, Path(tmp))
    pdf = f"{pdf_s:.2f}" if pdf_s is not None else "na"
    print(f"bench batch docx_1000_s={docx_s:.2f} api_1000_s={api_s:.2f} pdf_100_s={pdf}")


if __name__ == "__main__":
    main()
