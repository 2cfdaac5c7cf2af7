"""One warm LibreOffice: a unoserver process (run by the uno python) with its own profile, sockets and process group.

unoserver starts soffice (→ oosplash → soffice.bin) as its child; we start unoserver in a new session so the whole
tree shares one process group that we can always find and kill, and we kill leaves first so each parent reaps its
own child (no zombies, no orphaned soffice.bin).

Reachable by the service only: we talk XML-RPC to unoserver over a UNIX socket in the worker's own folder (inside
the 0700 runtime dir), and unoserver talks UNO to LibreOffice over a named pipe (a UNIX socket
/tmp/OSL_PIPE_<uid>_<random name>, made 0700 by the umask 077 the worker runs with): no TCP port at all, and a
socket connect needs write permission on the file, so no other account can reach either.

Killed with the service even on SIGKILL: uno_main.py asks for a parent-death signal (prctl PR_SET_PDEATHSIG) and,
when it arrives, kills its whole process group; the soffice it starts gets one too (see spawn.py for why workers are
forked from one long-lived thread).
"""
from __future__ import annotations

import http.client
import math
import os
import signal
import secrets
import socket
import subprocess
import threading
import time
import uuid
import xmlrpc.client
from contextlib import suppress
from pathlib import Path

import psutil

from service.config import child_environment
from service.convert.spawn import popen
from service.convert.errors import ConversionError, ConverterUnavailable
from service.convert.pdf_options import EXPORT_FILTER
from service.convert.settings import PdfSettings
from service.store.private import private_dir

UNO_MAIN = Path(__file__).with_name("uno_main.py")  # unoserver's server, run by the uno python
UNOSERVER_API = "3"  # the XML-RPC API version of unoserver 2.x/3.x (unoserver.server.API_VERSION)
RPC_GRACE_S = 2.0  # our socket waits this much longer than unoserver's own --conversion-timeout
STOP_GRACE_S = 5.0  # time for SIGTERM to take LibreOffice down before we SIGKILL
_CHILD_ENV_DROP = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
SOCKET_PATH_MAX = 100  # sockaddr_un.sun_path is 108 bytes with its NUL; keep a margin


class WorkerCrashed(Exception):
    """The worker died under a request; the request may be retried on a fresh worker."""


class WorkerHung(Exception):
    """The worker did not answer within the conversion timeout."""


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over the worker's UNIX socket instead of TCP."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__()
        self._path = path
        self._timeout = timeout

    def make_connection(self, host):  # type: ignore[override]
        return _UnixHTTPConnection(self._path, self._timeout)


def pipe_files(pipe: str) -> list[Path]:
    """The socket files of a UNO pipe (LibreOffice's osl puts them in /tmp, else /var/tmp); a killed LibreOffice
    leaves its file behind."""
    name = f"OSL_PIPE_{os.getuid()}_{pipe}"
    return [p for p in (Path("/tmp") / name, Path("/var/tmp") / name) if p.exists()]


def group_members(pgid: int) -> list[psutil.Process]:
    """Every live process in a process group (orphans included, which a child walk would miss)."""
    members = []
    for proc in psutil.process_iter():
        with suppress(psutil.Error, ProcessLookupError):
            if os.getpgid(proc.pid) == pgid:
                members.append(proc)
    return members


def _depth(proc: psutil.Process) -> int:
    with suppress(psutil.Error):
        return len(proc.parents())
    return 0


class Worker:
    """A pool member: real state (a process tree, two sockets, a profile) that lives across many conversions."""

    def __init__(self, index: int, directory: Path, soffice: str, uno_python: str, settings: PdfSettings) -> None:
        self.index = index
        self.dir = directory
        self.profile = directory / "profile"
        self.scratch = directory / "scratch"
        self.log_path = directory / "unoserver.log"
        self.socket_path = directory / "rpc.sock"  # unoserver's XML-RPC
        self.soffice = soffice
        self.uno_python = uno_python
        self.settings = settings
        self.proc: subprocess.Popen | None = None
        self._office: psutil.Process | None = None  # the soffice.bin doing the work, found once it answers
        self.pipe: str | None = None  # the UNO pipe between unoserver and LibreOffice, a new name per start
        self._lock = threading.Lock()
        self._closed = False

    # ---- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Launch and wait until unoserver answers; ConverterUnavailable when it cannot come up."""
        try:
            self._start_once()
        except _ExitedEarly:
            # A start that failed early (e.g. a profile a killed LibreOffice left half-written): one more try.
            self.stop(grace=0)
            try:
                self._start_once()
            except _ExitedEarly as exited:
                self.stop(grace=0)
                raise ConverterUnavailable(
                    f"LibreOffice/unoserver không khởi động được: {exited}",
                    f"LibreOffice/unoserver failed to start: {exited}",
                ) from None

    def _command(self, pipe: str) -> list[str]:
        return [
            self.uno_python, str(UNO_MAIN),
            "--xmlrpc-socket", str(self.socket_path), "--uno-pipe", pipe, "--parent-pid", str(os.getpid()),
            "--executable", self.soffice,
            "--user-installation", str(self.profile),
            "--temp-dir", str(self.scratch),
            "--conversion-timeout", str(math.ceil(self.settings.timeout)),
        ]  # fmt: skip

    def _start_once(self) -> None:
        if self._closed:  # before touching the runtime dir, which shutdown removes
            raise _closing()
        private_dir(self.scratch)
        # A profile left by a killed soffice keeps its lock file; a fresh soffice may refuse to use it.
        (self.profile / ".lock").unlink(missing_ok=True)
        if len(str(self.socket_path)) > SOCKET_PATH_MAX:
            raise ConverterUnavailable(
                f"Đường dẫn VANBAN_PDF_RUNTIME_DIR quá dài cho socket UNIX ({self.socket_path})",
                f"VANBAN_PDF_RUNTIME_DIR is too long for a UNIX socket path ({self.socket_path})",
            )
        self.socket_path.unlink(missing_ok=True)  # a killed run's socket file
        pipe = f"vanban-{os.getpid()}-{self.index}-{secrets.token_hex(16)}"
        env = child_environment(_CHILD_ENV_DROP)
        with self._lock:
            if self._closed:
                raise _closing()
            if self.log_path.exists():  # the previous run's log, kept for finding out why it died
                self.log_path.replace(self.log_path.with_suffix(".log.1"))
            # this run's log, read back when it fails (0600: it may quote document paths)
            with os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as log:
                proc = self.proc = popen(
                    self._command(pipe),
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    cwd=self.dir, env=env, start_new_session=True, umask=0o077,
                )  # fmt: skip
            self.pipe = pipe
        self._wait_ready(proc, time.monotonic() + self.settings.start_timeout)

    def _wait_ready(self, proc: subprocess.Popen, deadline: float) -> None:
        while True:
            if self._closed:
                raise _closing()
            if proc.poll() is not None:
                raise _ExitedEarly(f"exit {proc.returncode}: {self.log_tail()}")
            try:
                info = self._proxy(2.0).info()
            except (OSError, http.client.HTTPException, xmlrpc.client.Fault):
                info = None
            if info is not None:
                self._office = self._find_office(proc.pid)
                if str(info.get("api")) != UNOSERVER_API:
                    self.stop()
                    raise ConverterUnavailable(
                        f"unoserver API {info.get('api')} không hỗ trợ (cần {UNOSERVER_API})",
                        f"unoserver API {info.get('api')} is not supported (need {UNOSERVER_API})",
                    )
                return
            if time.monotonic() > deadline:
                self.stop()
                raise ConverterUnavailable(
                    f"LibreOffice không sẵn sàng sau {self.settings.start_timeout:g} s",
                    f"LibreOffice was not ready after {self.settings.start_timeout:g} s",
                )
            time.sleep(0.1)

    def alive(self) -> bool:
        """Cheap enough for every request: unoserver not exited and its soffice.bin neither gone nor a zombie."""
        proc, office = self.proc, self._office
        if proc is None or proc.poll() is not None:
            return False
        if office is None:  # a LibreOffice build whose process is not named soffice.bin
            return True
        with suppress(psutil.Error):
            return office.is_running() and office.status() != psutil.STATUS_ZOMBIE
        return False

    def _survives_fault(self, wait_s: float = 0.5) -> bool:
        """Whether LibreOffice outlived a failed conversion. A killed soffice.bin closes its pipe (and the bridge
        answers a fault) a moment before the kernel marks it dead, so a fault is only a document's fault once the
        process is still there a little later."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not self.alive():
                return False
            time.sleep(0.05)
        return self.alive()

    def _find_office(self, pgid: int) -> psutil.Process | None:
        for member in group_members(pgid):
            with suppress(psutil.Error):
                if member.name() == "soffice.bin":
                    return member
        return None

    def pids(self) -> list[int]:
        proc = self.proc
        return [] if proc is None else [p.pid for p in group_members(proc.pid)]

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """Take the process tree down: SIGTERM (grace > 0), then SIGKILL leaves first, then the group; reap."""
        with self._lock:
            proc, pipe, self.proc, self.pipe, self._office = self.proc, self.pipe, None, None, None
        if proc is None:
            return
        pgid = proc.pid  # start_new_session: the group id is unoserver's pid
        if proc.poll() is None and grace > 0:
            with suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)  # unoserver forwards it to LibreOffice, then exits
            with suppress(subprocess.TimeoutExpired):
                proc.wait(grace)
        survivors = sorted(group_members(pgid), key=_depth, reverse=True)
        for member in survivors:
            with suppress(psutil.Error):
                member.kill()
                member.wait(2)  # its parent (oosplash/unoserver) reaps it, or init does
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        proc.wait()
        # Orphans (e.g. gpg helpers soffice.bin left as zombies) go to init; give it a moment to reap them.
        deadline = time.monotonic() + 3
        while group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
        for leftover in [self.socket_path, *(pipe_files(pipe) if pipe else [])]:  # a killed LibreOffice's files
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop for good: a start racing with this will not leave a process behind."""
        with self._lock:
            self._closed = True
        self.stop()

    def log_tail(self, limit: int = 600) -> str:
        with suppress(OSError):
            text = self.log_path.read_bytes()[-limit:].decode("utf-8", "replace")
            return " ".join(text.split())
        return ""

    # ---- work ------------------------------------------------------------------------------------------------
    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            "http://localhost/", transport=_UnixTransport(str(self.socket_path), timeout), allow_none=True
        )

    def convert(self, docx: bytes, options: list[str], *, source_suffix: str = ".docx", target: str = "pdf",
                export_filter: str = EXPORT_FILTER, import_filter: str | None = None) -> bytes:
        """One conversion through files in our scratch dir (same host: no base64 round trip); by default .docx to
        PDF, also a .doc/.odt/.rtf to .docx for the importer (target "docx", filter DOCX_FILTER)."""
        job = self.scratch / uuid.uuid4().hex
        src, dst = job.with_suffix(source_suffix), job.with_suffix(f".{target}")
        src.write_bytes(docx)
        try:
            self._proxy(self.settings.timeout + RPC_GRACE_S).convert(
                str(src), None, str(dst), target, export_filter, options, False, import_filter, None
            )
            return dst.read_bytes()
        except xmlrpc.client.Fault as fault:
            if "TimeoutError" in fault.faultString:
                raise WorkerHung(fault.faultString) from None
            if "Disposed" in fault.faultString or not self._survives_fault():
                raise WorkerCrashed(fault.faultString) from None
            what_vi, what_en = (f"tệp {source_suffix} sang .docx", f"the {source_suffix} file to .docx") \
                if target == "docx" else ("tệp .docx sang PDF", "the .docx to PDF")
            raise ConversionError(
                f"LibreOffice không chuyển được {what_vi}: {fault.faultString[-300:]}",
                f"LibreOffice could not convert {what_en}: {fault.faultString[-300:]}",
            ) from None
        except TimeoutError as exc:  # socket.timeout is TimeoutError
            raise WorkerHung(str(exc)) from None
        except FileNotFoundError:
            raise ConversionError(
                f"LibreOffice không tạo ra tệp {target.upper()}", f"LibreOffice produced no {target.upper()} file"
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise WorkerCrashed(repr(exc)) from None
        finally:
            src.unlink(missing_ok=True)
            dst.unlink(missing_ok=True)


class _ExitedEarly(Exception):
    """unoserver exited before it became ready."""


def _closing() -> ConverterUnavailable:
    return ConverterUnavailable("Bộ chuyển PDF đang tắt", "the PDF converter is shutting down")
