"""The warm LibreOffice workers are the service's alone and die with it: no TCP port (XML-RPC on a UNIX socket in
the 0700 runtime dir, UNO on a 0700 named pipe), another account cannot connect to either, and a SIGKILL of the
service process that started them leaves no unoserver, oosplash or soffice.bin behind."""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SERVICE = """
import json, sys
from service.convert import pool
converter = pool.Converter()
converter.start(wait=True)
from service.render import render_docx
doc = json.load(open("fixtures/ke-hoach-2024.json", encoding="utf-8"))
assert converter.to_pdf(render_docx(doc)).startswith(b"%PDF-")
worker = converter.workers[0]
print(json.dumps({"pids": converter.worker_pids(), "socket": str(worker.socket_path), "pipe": worker.pipe}),
      flush=True)
sys.stdin.read()  # a service at work, until it is killed
"""
PROBE = """
import socket, sys
for path in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except PermissionError:
        print("refused")
    else:
        print("connected")
"""


def alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def service(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", SERVICE], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env={**os.environ, "VANBAN_PDF_RUNTIME_DIR": str(tmp_path / "runtime")})
    line = proc.stdout.readline()
    assert line, "the service process did not start its converter"
    info = json.loads(line)
    info["proc"] = proc
    info["workers"] = [psutil.Process(pid) for pid in info["pids"]]
    yield info
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for p in info["workers"]:  # only if the test failed: leave nothing running
        if alive(p):
            p.kill()


def test_sigkill_of_the_service_takes_every_libreoffice_process_with_it(service):
    names = sorted(p.name() for p in service["workers"])
    assert {"python", "oosplash", "soffice.bin"} <= set(names)  # unoserver, LibreOffice (and its gpg helpers)
    os.kill(service["proc"].pid, signal.SIGKILL)
    service["proc"].wait()
    deadline = time.monotonic() + 30  # only so a broken build cannot hang the suite
    while any(alive(p) for p in service["workers"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p.name() for p in service["workers"] if alive(p)] == []
    ours = [p for p in psutil.process_iter(["name", "cmdline"]) if p.info["name"] == "soffice.bin"
            and any(service["pipe"] in arg or "runtime" in arg and str(Path(service["socket"]).parent.parent) in arg
                    for arg in p.info["cmdline"] or [])]
    assert [p for p in ours if alive(p)] == []
    assert not Path(service["socket"]).exists()  # nor their socket files
    assert not list(Path("/tmp").glob(f"OSL_PIPE_*_{service['pipe']}"))


def test_the_workers_listen_on_no_tcp_port_and_only_our_account_can_connect(service, tmp_path):
    for proc in service["workers"]:
        assert proc.net_connections(kind="inet") == [], proc.name()
    rpc = Path(service["socket"])
    pipes = sorted({Path(row.split()[-1]) for row in Path("/proc/net/unix").read_text().splitlines()[1:]
                    if row.split()[-1].endswith("_" + service["pipe"])})  # listening and connected: one path
    assert len(pipes) == 1 and pipes[0].name.startswith("OSL_PIPE_")
    assert stat.S_ISSOCK(rpc.stat().st_mode) and stat.S_ISSOCK(pipes[0].stat().st_mode)
    assert stat.S_IMODE(rpc.parent.stat().st_mode) == 0o700 and stat.S_IMODE(rpc.parent.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(pipes[0].stat().st_mode) & 0o077 == 0  # connect() needs write permission: ours only

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as ours:  # the service's own account can
        ours.connect(str(rpc))
    if os.geteuid() == 0:  # as another account (nobody), both are refused
        probe = subprocess.run(["/usr/bin/python3", "-c", PROBE, str(rpc), str(pipes[0])], user=65534, group=65534,
                               capture_output=True, text=True, cwd="/")
        assert probe.stdout.split() == ["refused", "refused"], probe.stderr
