"""Hostile-input benchmark (issue 13): every crafted input of tests/hostile_inputs.py sent to a running service
(`vanban serve`: gunicorn, 2 sync workers, on a loopback port), printing its status, time and the peak RSS of the
worker that answered (VmHWM, reset before each case), then `/healthz`.

Last line: `bench hostile worst_s=… worst_rss_mb=… cases=… wrong=…`. Target: every case under 2 s and 300 MB.
Not a test (tests/test_hostile.py asserts the answers); this measures them on the real server.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile_inputs  # noqa: E402

TARGET_S, TARGET_MB = 2.0, 300
CSRF_FIELD_RE = re.compile(r'name="_csrf" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(data_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "VANBAN_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.3)
    os.killpg(proc.pid, 15)
    raise SystemExit("the service did not start")


def workers(proc: subprocess.Popen) -> list[psutil.Process]:
    return psutil.Process(proc.pid).children(recursive=True)


def reset_peaks(procs: list[psutil.Process]) -> None:
    """Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so each case measures its own peak."""
    for p in procs:
        try:
            Path(f"/proc/{p.pid}/clear_refs").write_text("5")
        except OSError:
            pass


def peak_mb(procs: list[psutil.Process]) -> float:
    best = 0.0
    for p in procs:
        try:
            status = Path(f"/proc/{p.pid}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmHWM:\s+(\d+) kB", status)
        if m:
            best = max(best, int(m.group(1)) / 1024)
        else:  # no VmHWM: the current RSS from psutil
            best = max(best, p.memory_info().rss / 1e6)
    return best


def clerk_token(data_dir: Path) -> str:
    """A clerk's API token, made by the CLI as an administrator would (`vanban token create`)."""
    env = {**os.environ, "VANBAN_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "service", "token", "create", "--role", "clerk", "--label",
                          "bench-hostile"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def send(session: requests.Session, base: str, case, token: str, csrf: str) -> requests.Response:
    headers = {}
    if case.path.startswith("/api/v1/register") or "issue" in case.path:
        headers["Authorization"] = f"Bearer {token}"
    if not case.path.startswith("/api/"):
        headers["X-CSRF-Token"] = csrf
    url = base + case.path
    if case.files or case.form:
        files = {k: (name, body) for k, (body, name) in case.files.items()}
        return session.post(url, data=case.form, files=files, headers=headers, allow_redirects=False, timeout=120)
    if case.method == "GET":
        return session.get(url, headers=headers, allow_redirects=False, timeout=120)
    headers["Content-Type"] = case.content_type or "application/octet-stream"
    return session.post(url, data=case.data, headers=headers, allow_redirects=False, timeout=120)


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="vanban-hostile-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_service(scratch, port)
    try:
        token = clerk_token(scratch)
        session = requests.Session()
        csrf = CSRF_FIELD_RE.search(session.get(base + "/batch/", timeout=10).text).group(1)
        worst_s = worst_mb = 0.0
        wrong = 0
        cases = hostile_inputs.cases()
        for case in cases:
            procs = workers(proc)
            reset_peaks(procs)
            started = time.perf_counter()
            resp = send(session, base, case, token, csrf)
            seconds = time.perf_counter() - started
            mb = peak_mb(workers(proc))
            health = requests.get(base + "/healthz", timeout=10).status_code
            ok = resp.status_code in case.expect and health == 200
            wrong += not ok
            worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, mb)
            flag = "" if seconds < TARGET_S and mb < TARGET_MB else "  ← over target"
            print(f"{case.name:30s} {resp.status_code} {'ok ' if ok else 'WRONG'} {seconds:6.2f} s "
                  f"{mb:6.0f} MB peak  healthz {health}{flag}", flush=True)
        print(f"bench hostile worst_s={worst_s:.2f} worst_rss_mb={worst_mb:.0f} cases={len(cases)} wrong={wrong}")
        return 1 if wrong else 0
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
