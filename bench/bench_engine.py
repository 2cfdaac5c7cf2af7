"""Engine benchmark (issue [engine]): plain docxtpl vs the compiled engine, measured in one run on one core.

Prints human lines, then `bench engine key=value …` as its last line. Not a test: numbers vary by machine.
"""
from __future__ import annotations

import copy
import gc
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.render import render_context, render_docx, template_path  # noqa: E402
from service.render.engine import TemplateCache, render_with_docxtpl  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def timings(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def table_template(path: Path) -> None:
    """A statistics report: a header row and one `{%tr for %}` row, the shape docxtpl is slow on."""
    import docx

    d = docx.Document()
    d.add_paragraph("{{ title }}")
    t = d.add_table(rows=3, cols=4)
    for c, h in zip(t.rows[0].cells, ("STT", "Đơn vị", "Chỉ tiêu", "Kết quả")):
        c.text = h
    t.rows[1].cells[0].text = "{%tr for r in rows %}"
    for c, v in zip(t.rows[2].cells, ("{{ r.stt }}", "{{ r.unit }}", "{{ r.target }}", "{{ r.result }}")):
        c.text = v
    t.add_row().cells[0].text = "{%tr endfor %}"
    d.save(path)


def main() -> dict:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    doc = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    ctx = render_context(doc)
    path = template_path()
    cache = TemplateCache()
    cache.render(path, ctx)

    n_plain = int(os.environ.get("BENCH_PLAIN_N", 60))
    n_fast = int(os.environ.get("BENCH_FAST_N", 2000))
    plain = timings(lambda: render_with_docxtpl(path, ctx), n_plain)
    fast = timings(lambda: cache.render(path, ctx), n_fast)
    full = timings(lambda: render_docx(doc), 500)
    ratio = statistics.median(plain) / statistics.median(fast)
    print(f"seed plan, plain docxtpl : p50 {pct(plain, 50) * 1e3:7.2f} ms  p99 {pct(plain, 99) * 1e3:7.2f} ms  "
          f"{1 / statistics.mean(plain):8.1f} docs/s  (n={n_plain})")
    print(f"seed plan, engine        : p50 {pct(fast, 50) * 1e3:7.2f} ms  p99 {pct(fast, 99) * 1e3:7.2f} ms  "
          f"{1 / statistics.mean(fast):8.1f} docs/s  (n={n_fast})")
    print(f"seed plan, validate+compose+engine: p50 {pct(full, 50) * 1e3:.2f} ms  "
          f"{1 / statistics.mean(full):.1f} docs/s")
    print(f"ratio engine/plain (p50): {ratio:.1f}x")

    with tempfile.TemporaryDirectory() as tmp:
        tpath = Path(tmp) / "table.docx"
        table_template(tpath)
        rows = [{"stt": i, "unit": f"Phòng Lao động - TB&XH huyện số {i}", "target": i * 7, "result": f"{i % 100}%"}
                for i in range(1, 2001)]
        tctx = {"title": "Báo cáo thống kê kết quả thực hiện năm 2024", "rows": rows}
        t = time.perf_counter()
        table_out = cache.render(tpath, tctx)
        table_s = time.perf_counter() - t
        t = time.perf_counter()
        render_with_docxtpl(tpath, tctx)
        table_plain_s = time.perf_counter() - t
        assert table_out.count(b"PK") > 0
    print(f"2,000-row table report   : engine {table_s:.3f} s (first render, includes preparing the template), "
          f"plain docxtpl {table_plain_s:.3f} s")

    t = time.perf_counter()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(1, 1001):
            d = copy.deepcopy(doc)
            d["issuer"]["name"] = f"PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI SỐ {i}"
            zf.writestr(f"{i:04d}-ke-hoach.docx", render_docx(d))
    batch_s = time.perf_counter() - t
    print(f"1,000 plans to a zip     : {batch_s:.2f} s ({len(buf.getvalue()) / 2**20:.1f} MiB, validate+compose+render)")

    for _ in range(500):
        cache.render(path, ctx)
    gc.collect()
    before = rss_mb()
    for _ in range(10_000):
        cache.render(path, ctx)
    gc.collect()
    growth = rss_mb() - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory                   : RSS growth over 10,000 renders {growth:.2f} MB, peak RSS {peak:.0f} MB")
    result = {
        "seed_plan_ratio": round(ratio, 1),
        "seed_plan_docs_per_s": round(1 / statistics.mean(fast)),
        "seed_plan_p50_ms": round(pct(fast, 50) * 1e3, 3),
        "seed_plan_p99_ms": round(pct(fast, 99) * 1e3, 3),
        "plain_p50_ms": round(pct(plain, 50) * 1e3, 2),
        "table_2000_s": round(table_s, 3),
        "table_2000_plain_s": round(table_plain_s, 2),
        "batch_1000_s": round(batch_s, 2),
        "rss_growth_mb": round(growth, 2),
        "peak_rss_mb": round(peak),
    }
    print("bench engine " + " ".join(f"{k}={v}" for k, v in result.items()))
    return result


if __name__ == "__main__":
    main()
