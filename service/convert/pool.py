"""The converter the service owns: N warm workers started lazily, a wait line for them, supervision, shutdown.

A request takes an idle worker (waiting while all are busy), converts, and gives it back. A worker found dead or
hung is restarted in the background; a request whose worker crashed under it is retried once on a fresh one.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Mapping
from pathlib import Path

from service.convert.docx_props import prepare_docx
from service.convert.errors import ConversionTimeout, ConverterUnavailable
from service.convert.pdf_options import filter_options

DOCX_FILTER = "MS Word 2007 XML"  # LibreOffice's export filter for .docx (the importer's .doc/.odt/.rtf)
# Each source read with its own import filter: left to detection, LibreOffice opens a damaged file as plain text
# and the importer would get its bytes as one paragraph instead of a clear refusal.
IMPORT_FILTERS = {".doc": "MS Word 97", ".odt": "writer8", ".rtf": "Rich Text Format"}
from service.convert.settings import PdfSettings, load_settings, resolve_soffice, resolve_uno_python
from service.convert.worker import Worker, WorkerCrashed, WorkerHung
from service.store.private import private_dir

RETRY_FAILED_AFTER_S = 30.0  # a worker that could not start is tried again after this long
SUPERVISE_EVERY_S = 2.0  # how often idle workers are checked for a dead LibreOffice


class Converter:
    """A pool of warm LibreOffice workers; real state, so a class (the module keeps one default instance)."""

    def __init__(self, settings: PdfSettings | None = None) -> None:
        self.settings = settings or load_settings()
        self.owner_pid = os.getpid()  # a forked child must not drive its parent's processes
        self._cond = threading.Condition()
        self._workers: list[Worker] = []
        self._state: dict[int, str] = {}  # worker index -> starting | idle | busy | failed
        self._failed_at: dict[int, float] = {}
        self._idle: deque[Worker] = deque()
        self._runtime: Path | None = None
        self._own_runtime = False
        self._started = False
        self._closed = False
        self._conversions = 0
        self._failures = 0
        self._restarts = 0
        self._last_error: str | None = None  # for status(); English, one line
        self._start_failure: ConverterUnavailable | None = None  # why the last worker could not start
        self._stop_supervisor = threading.Event()

    # ---- lifecycle -------------------------------------------------------------------------------------------
    def start(self, wait: bool = False) -> None:
        """Start the workers now instead of on the first request; wait=True blocks until one is ready."""
        self._ensure_started()
        if wait:
            worker = self._acquire(time.monotonic() + self.settings.start_timeout)
            self._release(worker)

    def _ensure_started(self) -> None:
        with self._cond:
            if self._closed:
                raise ConverterUnavailable("Bộ chuyển PDF đã tắt", "the PDF converter has been shut down")
            if self._started:
                return
            soffice = resolve_soffice(self.settings)  # missing binaries fail here, at once
            uno_python = resolve_uno_python(self.settings)
            if self.settings.runtime_dir:
                self._runtime = private_dir(self.settings.runtime_dir)  # 0700: the workers' sockets live here
            else:
                self._runtime = Path(tempfile.mkdtemp(prefix="vanban-pdf-"))
                self._own_runtime = True
            for i in range(self.settings.workers):
                worker = Worker(i, self._runtime / f"w{i}", soffice, uno_python, self.settings)
                self._workers.append(worker)
                self._launch(worker)
            self._started = True
            atexit.register(self.shutdown)
            threading.Thread(target=self._supervise, name="vanban-pdf-supervisor", daemon=True).start()

    def _launch(self, worker: Worker, restart: bool = False) -> None:
        """(Re)start a worker in the background; the caller holds the lock."""
        self._state[worker.index] = "starting"
        if restart:
            self._restarts += 1
        name = f"vanban-pdf-w{worker.index}"
        threading.Thread(target=self._run_launch, args=(worker,), name=name, daemon=True).start()

    def _run_launch(self, worker: Worker) -> None:
        try:
            worker.stop(grace=0)  # leftovers of a dead or hung run: nothing worth a graceful exit
            worker.start()
        except ConverterUnavailable as exc:
            with self._cond:
                self._state[worker.index] = "failed"
                self._failed_at[worker.index] = time.monotonic()
                self._start_failure, self._last_error = exc, exc.en
                self._cond.notify_all()
            return
        self._release(worker)

    def _supervise(self) -> None:
        while not self._stop_supervisor.wait(SUPERVISE_EVERY_S):
            with self._cond:
                idle = list(self._idle)
            dead = [w for w in idle if not w.alive()]
            with self._cond:
                for worker in dead:
                    if worker in self._idle and not self._closed:
                        self._idle.remove(worker)
                        self._launch(worker, restart=True)

    def shutdown(self) -> None:
        """Stop every worker and its LibreOffice; later calls to to_pdf raise ConverterUnavailable."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._idle.clear()
            workers = list(self._workers)
            self._cond.notify_all()
        self._stop_supervisor.set()
        atexit.unregister(self.shutdown)
        if os.getpid() != self.owner_pid:
            return  # a forked child: the processes belong to the parent
        stoppers = [threading.Thread(target=w.close) for w in workers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        if self._own_runtime and self._runtime is not None:
            shutil.rmtree(self._runtime, ignore_errors=True)

    # ---- requests --------------------------------------------------------------------------------------------
    def _acquire(self, deadline: float) -> Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise ConverterUnavailable("Bộ chuyển PDF đã tắt", "the PDF converter has been shut down")
                while self._idle:
                    worker = self._idle.popleft()
                    if worker.alive():
                        self._state[worker.index] = "busy"
                        return worker
                    self._launch(worker, restart=True)
                states = set(self._state.values())
                if states == {"failed"}:
                    self._retry_failed()
                    failure = self._start_failure
                    raise ConverterUnavailable(failure.vi, failure.en)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ConverterUnavailable(
                        "Bộ chuyển PDF đang bận, hãy thử lại sau", "the PDF converter is busy, try again later"
                    )
                self._cond.wait(remaining)

    def _retry_failed(self) -> None:
        now = time.monotonic()
        for worker in self._workers:
            if self._state[worker.index] == "failed" and now - self._failed_at[worker.index] > RETRY_FAILED_AFTER_S:
                self._launch(worker, restart=True)

    def _release(self, worker: Worker) -> None:
        """The worker is ready for the next request: after one, or once (re)started."""
        with self._cond:
            if self._closed:
                return
            self._state[worker.index] = "idle"
            self._idle.append(worker)
            self._cond.notify_all()

    def _restart(self, worker: Worker, error: str) -> None:
        with self._cond:
            self._failures += 1
            self._last_error = error
            if not self._closed:
                self._launch(worker, restart=True)

    def to_pdf(self, docx: bytes, *, pdfa: bool = False, metadata: Mapping[str, object] | None = None) -> bytes:
        """Convert one .docx; PDF/A-2b when pdfa; title/author/subject from metadata."""
        return self._convert(prepare_docx(docx, metadata), filter_options(pdfa), {})

    def to_docx(self, data: bytes, source_suffix: str) -> bytes:
        """A .doc, .odt or .rtf as .docx (Word 2007 XML), for the importer."""
        return self._convert(data, [], {"source_suffix": source_suffix, "target": "docx",
                                         "export_filter": DOCX_FILTER,
                                         "import_filter": IMPORT_FILTERS.get(source_suffix)})

    def _convert(self, payload: bytes, options: list[str], how: dict) -> bytes:
        self._ensure_started()
        # Waiting for a worker may include its (re)start; the conversion itself has its own timeout.
        deadline = time.monotonic() + self.settings.start_timeout + self.settings.timeout
        for _attempt in range(2):
            worker = self._acquire(deadline)
            try:
                pdf = worker.convert(payload, options, **how)
            except WorkerHung as exc:
                self._restart(worker, f"timeout: {exc}")
                raise ConversionTimeout(
                    f"Chuyển sang PDF quá {self.settings.timeout:g} s; đã khởi động lại LibreOffice",
                    f"PDF conversion took longer than {self.settings.timeout:g} s; LibreOffice was restarted",
                ) from None
            except WorkerCrashed as exc:
                self._restart(worker, f"crashed: {exc}")
                continue  # once more, on a fresh worker
            except BaseException:
                self._release(worker)
                raise
            self._release(worker)
            with self._cond:
                self._conversions += 1
            return pdf
        raise ConverterUnavailable(
            "LibreOffice bị lỗi hai lần khi chuyển tệp này", "LibreOffice crashed twice while converting this document"
        )

    # ---- introspection ---------------------------------------------------------------------------------------
    def status(self) -> dict:
        """For GET /healthz: overall state, workers alive/busy, conversions done, the last error."""
        with self._cond:
            states = [self._state.get(w.index, "starting") for w in self._workers]
            alive = sum(1 for s in states if s in ("idle", "busy"))
            if self._closed:
                state = "closed"
            elif not self._started:
                state = "cold"  # started lazily by the first PDF request
            elif alive == len(states):
                state = "ready"
            elif alive:
                state = "degraded"
            elif all(s == "failed" for s in states):
                state = "unavailable"
            else:
                state = "starting"
            return {
                "state": state,
                "workers": self.settings.workers,
                "workers_alive": alive,
                "workers_busy": states.count("busy"),
                "conversions": self._conversions,
                "failures": self._failures,
                "restarts": self._restarts,
                "timeout_s": self.settings.timeout,
                "last_error": self._last_error,
            }

    def worker_pids(self) -> list[int]:
        """Every process of every worker (unoserver, oosplash, soffice.bin): for tests and diagnostics."""
        return [pid for w in list(self._workers) for pid in w.pids()]

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def workers(self) -> list[Worker]:
        return list(self._workers)
