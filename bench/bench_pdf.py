"""PDF benchmark (issue [pdf]): a cold `soffice --convert-to pdf` (fresh profile each time, what a naive service
does per request) against our warm converter, on the seed plan; then 100 plans through 2 workers.

Prints human lines, then `bench pdf warm_p50_ms=… cold_p50_ms=… ratio=… plans_100_s=…` as its last line.
Targets (issue 7): warm p50 ≤ 150 ms, ≥ 6× faster than cold, 100 plans ≤ 15 s. Not a test: numbers vary by machine.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.convert import Converter, PdfSettings  # noqa: E402
from service.convert.settings import resolve_soffice  # noqa: E402
from service.render import render_docx  # noqa: E402

COLD_RUNS = 5
WARM_RUNS = 30
PLANS = 100
PLAN_WORKERS = 2


def seed_plan() -> dict:
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


def cold_ms(soffice: str, docx: bytes, scratch: Path) -> list[float]:
    """One fresh LibreOffice per document: process start, new profile, load, export, exit."""
    src = scratch / "plan.docx"
    src.write_bytes(docx)
    out = []
    for n in range(COLD_RUNS):
        profile, outdir = scratch / f"profile-{n}", scratch / f"out-{n}"
        started = time.perf_counter()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        out.append((time.perf_counter() - started) * 1000)
        assert (outdir / "plan.pdf").read_bytes().startswith(b"%PDF"), "cold soffice produced no PDF"
    return out


def warm_ms(docx: bytes, runtime: Path) -> list[float]:
    converter = Converter(PdfSettings(workers=1, runtime_dir=str(runtime / "warm")))
    try:
        converter.start(wait=True)
        for _ in range(3):  # first loads fill LibreOffice's caches
            converter.to_pdf(docx)
        out = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            pdf = converter.to_pdf(docx)
            out.append((time.perf_counter() - started) * 1000)
        assert pdf.startswith(b"%PDF")
        return out
    finally:
        converter.shutdown()


def plans_s(plan: dict, runtime: Path) -> float:
    """100 numbered plans, each rendered and converted, from 4 client threads onto 2 warm workers."""
    converter = Converter(PdfSettings(workers=PLAN_WORKERS, runtime_dir=str(runtime / "plans")))
    docs = []
    for number in range(1, PLANS + 1):
        doc = copy.deepcopy(plan)
        doc["number"] = number
        docs.append(doc)
    try:
        converter.start()
        deadline = time.monotonic() + 120
        while converter.status()["workers_alive"] < PLAN_WORKERS and time.monotonic() < deadline:
            time.sleep(0.1)
        started = time.perf_counter()
        with ThreadPoolExecutor(2 * PLAN_WORKERS) as pool:
            pdfs = list(pool.map(lambda d: converter.to_pdf(render_docx(d)), docs))
        elapsed = time.perf_counter() - started
        assert len(pdfs) == PLANS and all(p.startswith(b"%PDF") for p in pdfs)
        return elapsed
    finally:
        converter.shutdown()


def main() -> int:
    plan = seed_plan()
    docx = render_docx(plan)
    soffice = resolve_soffice(PdfSettings(soffice=os.environ.get("VANBAN_SOFFICE")))
    scratch = Path(tempfile.mkdtemp(prefix="vanban-bench-pdf-"))
    try:
        cold = cold_ms(soffice, docx, scratch)
        warm = warm_ms(docx, scratch)
        plans = plans_s(plan, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    warm_p50, cold_p50 = statistics.median(warm), statistics.median(cold)
    ratio = cold_p50 / warm_p50

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"seed plan, {len(docx)} bytes of .docx")
    print(f"cold soffice --convert-to pdf, fresh profile, {COLD_RUNS} runs: p50 {cold_p50:.0f} ms "
          f"(min {min(cold):.0f}, max {max(cold):.0f})")
    print(f"warm converter, {WARM_RUNS} runs: p50 {warm_p50:.1f} ms (min {min(warm):.1f}, max {max(warm):.1f}) "
          f"— target ≤ 150 ms: {verdict(warm_p50 <= 150)}")
    print(f"ratio cold/warm {ratio:.1f}× — target ≥ 6×: {verdict(ratio >= 6)}")
    print(f"{PLANS} plans rendered + converted on {PLAN_WORKERS} workers: {plans:.2f} s "
          f"— target ≤ 15 s: {verdict(plans <= 15)}")
    print(f"bench pdf warm_p50_ms={warm_p50:.1f} cold_p50_ms={cold_p50:.0f} ratio={ratio:.1f} plans_100_s={plans:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
