"""`make bench`: every suite in one run, each in its own process; the `bench …` lines are repeated at the end."""
from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = ["bench_engine.py", "bench_pdf.py", "bench_batch.py", "bench_sign.py", "bench_import.py", "bench_hostile.py"]


def main() -> int:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"machine: {cpu}, {len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}")
    lines, failed = [], 0
    for suite in SUITES:
        path = HERE / suite
        if not path.exists():
            continue
        print(f"\n== {suite}", flush=True)
        proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        if proc.returncode:
            failed += 1
            sys.stdout.write(proc.stderr[-4000:])
        lines += [line for line in proc.stdout.splitlines() if line.startswith("bench ")]
    print("\n" + "\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
