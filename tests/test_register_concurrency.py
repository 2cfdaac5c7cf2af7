"""Numbers never duplicate or skip under load, and a crash mid-burst leaves register and files consistent.

Runs against SQLite (WAL, BEGIN IMMEDIATE) and the real PostgreSQL (SELECT … FOR UPDATE). Workers are
separate OS processes (this file run as a script), each with several threads calling the real
service.register.issue.issue with the real renderer on a small document.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from service import store  # noqa: E402
from service.register import gc  # noqa: E402
from service.register.db import make_engine  # noqa: E402
from service.register.issue import issue  # noqa: E402
from service.register.models import Entry  # noqa: E402

pytestmark = [pytest.mark.slow]

FIXED_NOW = dt.datetime(2024, 6, 1, 3, 0, tzinfo=dt.timezone.utc)


def tiny_doc(tag: str) -> dict:
    return {
        "type": "ke_hoach",
        "issuer": {"parent": "UBND TỈNH THỬ", "name": "SỞ THỬ NGHIỆM", "abbr": "STN"},
        "number": None, "place": "Hà Nội", "date": None,
        "summary": f"Thử cấp số {tag}",
        "body": {"sections": [{"title": "Nội dung", "items": [{"paragraphs": ["Nội dung thử."]}]}]},
        "noi_nhan": ["Lãnh đạo Sở"], "luu": ["VT", "VP"],
        "signer": {"authority": None, "head_title": "GIÁM ĐỐC", "position": "GIÁM ĐỐC", "name": "Nguyễn Văn A"},
    }


def worker_main(url: str, store_root: str, threads: int, per_thread: int) -> int:
    """One worker process: `threads` threads each issuing `per_thread` documents."""
    engine = make_engine(url)
    failures: list[BaseException] = []

    def run(t: int) -> None:
        try:
            for i in range(per_thread):
                issue(engine, store_root, tiny_doc(f"{os.getpid()}-{t}-{i}"), actor=f"w{os.getpid()}-{t}",
                      clock=lambda: FIXED_NOW)
        except BaseException as exc:  # reported through the exit status
            traceback.print_exc()
            failures.append(exc)

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    for exc in failures:
        print(f"worker failure: {exc!r}", file=sys.stderr)
    return 1 if failures else 0


def start_workers(url: str, store_root: Path, procs: int, threads: int, per_thread: int) -> list[subprocess.Popen]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [subprocess.Popen([sys.executable, __file__, url, str(store_root), str(threads), str(per_thread)],
                             env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(procs)]


def numbers_of(url: str) -> list[int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Entry.number).where(Entry.year == 2024).order_by(Entry.number)))
    finally:
        engine.dispose()


def test_four_processes_eight_threads_get_exactly_1_to_8000(database_url, tmp_path):
    store_root = tmp_path / "store"
    workers = start_workers(database_url, store_root, procs=4, threads=8, per_thread=250)
    errors = [w.communicate(timeout=900)[1] for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0, 0], errors
    numbers = numbers_of(database_url)
    assert len(numbers) == 8000
    assert numbers == list(range(1, 8001))  # no duplicate, no gap
    engine = make_engine(database_url)
    try:
        result = gc.check(engine, store_root)
        assert result.missing_files == [] and result.orphan_files == []
        with Session(engine) as session:
            assert session.scalar(select(func.count(func.distinct(Entry.sha256)))) == 8000
    finally:
        engine.dispose()


def test_kill_9_mid_burst_leaves_every_number_with_its_file_and_vice_versa(database_url, tmp_path):
    store_root = tmp_path / "store"
    workers = start_workers(database_url, store_root, procs=4, threads=8, per_thread=40)
    victim = workers[0]
    engine = make_engine(database_url)
    try:
        deadline = time.monotonic() + 300
        while True:  # wait until the burst is well under way
            with Session(engine) as session:
                issued = session.scalar(select(func.count()).select_from(Entry)) or 0
            if issued >= 200 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert victim.poll() is None, "the victim finished before it could be killed"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=60)
        assert victim.returncode == -signal.SIGKILL
        survivors = workers[1:]
        errors = [w.communicate(timeout=600)[1] for w in survivors]
        assert [w.returncode for w in survivors] == [0, 0, 0], errors

        numbers = numbers_of(database_url)
        assert numbers == list(range(1, len(numbers) + 1))  # no gap left by the killed worker
        assert 3 * 8 * 40 <= len(numbers) <= 4 * 8 * 40

        before = gc.check(engine, store_root)
        assert before.missing_files == []  # every number has its stored document
        assert len(before.orphan_files) <= 1  # at most the one file the killed worker had in flight

        gc.sweep_orphans(engine, store_root, grace_seconds=0)
        after = gc.check(engine, store_root)
        assert after.missing_files == [] and after.orphan_files == []  # and every document its number
        with Session(engine) as session:
            for sha, in session.execute(select(Entry.sha256)):
                assert hashlib.sha256(store.read(store_root, sha)).hexdigest() == sha
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
        engine.dispose()


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
