"""Worker processes are started from one long-lived thread of the service process.

Why: a worker asks the kernel for a parent-death signal (prctl PR_SET_PDEATHSIG, in uno_main.py), and Linux sends it
when the *thread* that forked the worker ends, not only the process. The pool (re)starts workers from short-lived
launcher threads; forking there would kill each worker as soon as its launcher returns. This daemon thread lives
until the process dies — SIGKILL included — which is exactly when the workers must go."""
from __future__ import annotations

import os
import queue
import subprocess
import threading
from concurrent.futures import Future
from typing import Any

_lock = threading.Lock()
_queue: queue.Queue[tuple[list[str], dict[str, Any], Future]] | None = None
_owner_pid: int | None = None  # a forked child has no spawner thread: it starts its own


def _serve(requests: queue.Queue) -> None:
    while True:
        argv, kwargs, result = requests.get()
        if not result.set_running_or_notify_cancel():
            continue
        try:
            result.set_result(subprocess.Popen(argv, **kwargs))
        except BaseException as exc:  # handed to the caller, who decides
            result.set_exception(exc)


def popen(argv: list[str], **kwargs: Any) -> subprocess.Popen:
    """subprocess.Popen(argv, **kwargs), forked by the spawner thread."""
    global _queue, _owner_pid
    with _lock:
        if _queue is None or _owner_pid != os.getpid():
            _queue, _owner_pid = queue.Queue(), os.getpid()
            threading.Thread(target=_serve, args=(_queue,), name="vanban-pdf-spawner", daemon=True).start()
        requests = _queue
    result: Future = Future()
    requests.put((argv, kwargs, result))
    return result.result()
