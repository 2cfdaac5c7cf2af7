"""Import benchmark (issue [import-real]): a 20-page .docx, the same document as a text PDF (LibreOffice), and one
scanned page (300 dpi, OCR with Tesseract's Vietnamese model) through service.importer.import_document.

Prints human lines, then `bench import docx_20p_s=… pdf_s=… ocr_page_s=…` as its last line.
Targets: .docx < 1 s, text PDF < 2 s, one OCR page < 10 s. Not a test: numbers vary by machine.
"""
from __future__ import annotations

import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.convert import shutdown, to_pdf  # noqa: E402
from service.importer import import_document  # noqa: E402
from service.render import render_docx  # noqa: E402

RUNS = 5
PAGES = 20


def long_plan(copies: int) -> dict:
    """The seed plan with its sections repeated: a long plan as agencies write them."""
    plan = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    sections = plan["body"]["sections"]
    plan["body"]["sections"] = [copy.deepcopy(s) for _ in range(copies) for s in sections]
    return plan


def pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def timed(data: bytes, kind: str, runs: int) -> float:
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = import_document(data, kind)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert result.doc.get("type") == "ke_hoach", result.doc.get("type")
    print(f"  {kind}: wall {statistics.median(samples):.3f} s, this process's CPU {statistics.median(cpu):.3f} s, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return statistics.median(samples)


def main() -> None:
    copies = 1
    while True:
        docx = render_docx(long_plan(copies))
        pdf = to_pdf(docx)
        n = pages(pdf)
        if n >= PAGES:
            break
        copies = max(copies + 1, int(copies * PAGES / max(n, 1)))
    print(f"document: {n} pages ({copies} copies of the seed plan's sections), .docx {len(docx) // 1024} KiB")
    docx_s = timed(docx, "docx", RUNS)
    print(f"import .docx ({n} pages): median {docx_s:.3f} s of {RUNS}")
    pdf_s = timed(pdf, "pdf", RUNS)
    print(f"import text PDF ({n} pages): median {pdf_s:.3f} s of {RUNS}")
    with tempfile.TemporaryDirectory() as tmp:
        one = to_pdf(render_docx(long_plan(1)))
        (Path(tmp) / "p.pdf").write_bytes(one)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", str(Path(tmp) / "p.pdf"),
                        str(Path(tmp) / "s")], check=True)
        png = next(Path(tmp).glob("s-*.png")).read_bytes()
    ocr_s = timed(png, "png", 3)
    print(f"import one scanned page (300 dpi, OCR): median {ocr_s:.2f} s of 3")
    shutdown()
    print(f"bench import docx_20p_s={docx_s:.3f} pdf_s={pdf_s:.3f} ocr_page_s={ocr_s:.2f}")


if __name__ == "__main__":
    main()
