"""Run by the uno python (.venv-uno), never imported by the service: unoserver's own server, with four changes.

1. Documents opened hidden. LibreOffice builds a frame for every document it loads, even headless; Hidden=True skips
   that and saves about 40 ms of the ~140 ms the seed plan takes. unoserver has no option for load properties, so we
   hand its converter a Desktop that adds Hidden=True to each load.
2. No TCP. unoserver serves XML-RPC on a TCP port and reaches LibreOffice on another (`socket,host=…,port=…`), both
   open to every local account without authentication. Here XML-RPC is served on a UNIX socket (`--xmlrpc-socket`,
   in the service's 0700 runtime dir) and LibreOffice accepts UNO on a named pipe (`--uno-pipe`: a UNIX socket
   /tmp/OSL_PIPE_<uid>_<name>, 0700 under our umask). unoserver has no option for either, so its server class and
   the connection strings are swapped here; its XML-RPC API, timeouts and arguments stay its own.
3. Dies with the service. `--parent-pid`: we ask the kernel for SIGUSR1 when the service dies (PR_SET_PDEATHSIG —
   delivered on SIGKILL too) and answer it by killing our whole process group: unoserver, soffice/oosplash and the
   soffice.bin that oosplash forked (a parent-death signal is not inherited across fork, so one level alone would
   leave soffice.bin behind). The soffice we start also gets PR_SET_PDEATHSIG, for when unoserver alone is killed.
4. Starts fast. unoserver sleeps a fixed 5 s after launching LibreOffice, which is up in about one.
"""
import argparse
import ctypes
import os
import re
import signal
import socketserver
import subprocess
import sys
import time
import xmlrpc.server

import uno  # noqa: F401  (installs the import hook for com.sun.star)
from com.sun.star.beans import PropertyValue
from unoserver import converter, server

PR_SET_PDEATHSIG = 1
_SOCKET_URL = re.compile(r"socket,host=[^,;]*,port=[^,;]*(?:,tcpNoDelay=1)?")


def _parent_death_signal(sig: int) -> None:
    """Have the kernel send `sig` to this process when the thread that forked it ends (its process dying)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


_leftovers = []  # our sockets' files: a killed LibreOffice cannot remove its pipe's


def _kill_group(*_args) -> None:
    for path in _leftovers:
        try:
            os.unlink(path)
        except OSError:
            pass
    os.killpg(os.getpgrp(), signal.SIGKILL)  # ourselves included: nothing of this worker outlives the service


def die_with(parent_pid: int, leftovers) -> None:
    _leftovers.extend(leftovers)
    signal.signal(signal.SIGUSR1, _kill_group)
    _parent_death_signal(signal.SIGUSR1)
    if os.getppid() != parent_pid:  # the service died before the prctl: nobody will signal us
        _kill_group()


# ---- 1. hidden loads --------------------------------------------------------------------------------------------
class HiddenLoads:
    """LibreOffice's Desktop, with Hidden=True added to every loadComponentFromURL."""

    def __init__(self, desktop):
        self._desktop = desktop

    def loadComponentFromURL(self, url, target, flags, props):  # noqa: N802 (UNO's name)
        hidden = PropertyValue(Name="Hidden", Value=True)
        return self._desktop.loadComponentFromURL(url, target, flags, tuple(props) + (hidden,))

    def __getattr__(self, name):
        return getattr(self._desktop, name)


_unoserver_init = converter.UnoConverter.__init__


def _init_with_hidden_loads(self, *args, **kwargs):
    _unoserver_init(self, *args, **kwargs)
    self.desktop = HiddenLoads(self.desktop)


converter.UnoConverter.__init__ = _init_with_hidden_loads


# ---- 2. UNIX socket and named pipe ------------------------------------------------------------------------------
class UnixXMLRPCServer(socketserver.UnixStreamServer, xmlrpc.server.SimpleXMLRPCDispatcher):
    """unoserver's XMLRPCServer, on the UNIX socket path set by main() whatever address unoserver asks for."""

    path = None
    logRequests = False  # noqa: N815 (SimpleXMLRPCServer's name)

    def __init__(self, _addr, allow_none=False):
        xmlrpc.server.SimpleXMLRPCDispatcher.__init__(self, allow_none, None)
        socketserver.UnixStreamServer.__init__(self, self.path, _UnixRequestHandler)

    def server_close(self):
        super().server_close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


class _UnixRequestHandler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    disable_nagle_algorithm = False  # TCP_NODELAY: no such thing on a UNIX socket
    def address_string(self):  # a UNIX socket peer has no address
        return "unix"

    def log_message(self, *_args):
        pass


class PipeUrls:
    """uno.getComponentContext(), with every `socket,host=…,port=…` the resolver is given turned into our pipe."""

    def __init__(self, context, pipe):
        self._context, self._pipe = context, pipe

    @property
    def ServiceManager(self):  # noqa: N802 (UNO's name)
        return _Services(self._context, self._pipe)

    def __getattr__(self, name):
        return getattr(self._context, name)


class _Services:
    def __init__(self, context, pipe):
        self._context, self._pipe = context, pipe

    def createInstanceWithContext(self, name, _context):  # noqa: N802 (UNO's name)
        made = self._context.ServiceManager.createInstanceWithContext(name, self._context)
        return _Resolver(made, self._pipe) if name == "com.sun.star.bridge.UnoUrlResolver" else made

    def __getattr__(self, name):
        return getattr(self._context.ServiceManager, name)


class _Resolver:
    def __init__(self, resolver, pipe):
        self._resolver, self._pipe = resolver, pipe

    def resolve(self, url):
        return self._resolver.resolve(_SOCKET_URL.sub(f"pipe,name={self._pipe}", url))

    def __getattr__(self, name):
        return getattr(self._resolver, name)


class _OfficeProcesses:
    """The `subprocess` unoserver.server sees: LibreOffice accepts on our pipe and dies with unoserver."""

    def __init__(self, pipe):
        self._pipe = pipe

    def Popen(self, cmd, **kwargs):  # noqa: N802 (subprocess's name)
        cmd = [_SOCKET_URL.sub(f"pipe,name={self._pipe}", c) if c.startswith("--accept=") else c for c in cmd]
        return subprocess.Popen(cmd, preexec_fn=lambda: _parent_death_signal(signal.SIGKILL), **kwargs)

    def __getattr__(self, name):
        return getattr(subprocess, name)


def _pipe_listening(pipe):
    """Whether LibreOffice listens on the pipe yet (from /proc/net/unix: no connection made)."""
    suffix = f"_{pipe}"
    with open("/proc/net/unix") as table:
        return any(row.split()[-1].endswith(suffix) for row in list(table)[1:] if len(row.split()) >= 8)


# ---- 4. no fixed 5 s wait ---------------------------------------------------------------------------------------
class UntilListening:
    """unoserver.server's `time`, except that sleep() while LibreOffice is not yet listening ends as soon as it is.

    unoserver sleeps a fixed 5 s after launching LibreOffice, which is up in about one; its other sleeps (made
    while LibreOffice already listens) keep their length.
    """

    def __init__(self, pipe):
        self._pipe = pipe

    def sleep(self, seconds: float) -> None:
        if _pipe_listening(self._pipe):
            time.sleep(seconds)
            return
        end = time.monotonic() + seconds
        while time.monotonic() < end and not _pipe_listening(self._pipe):
            time.sleep(0.05)

    def __getattr__(self, name):
        return getattr(time, name)


def _our_options(argv):
    """(our options, the rest for unoserver's own parser)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--xmlrpc-socket", required=True)
    parser.add_argument("--uno-pipe", required=True)
    parser.add_argument("--parent-pid", type=int, required=True)
    return parser.parse_known_args(argv)


if __name__ == "__main__":
    ours, rest = _our_options(sys.argv[1:])
    pipe_name = f"OSL_PIPE_{os.getuid()}_{ours.uno_pipe}"
    die_with(ours.parent_pid, [ours.xmlrpc_socket, f"/tmp/{pipe_name}", f"/var/tmp/{pipe_name}"])
    UnixXMLRPCServer.path = ours.xmlrpc_socket
    server.XMLRPCServer = UnixXMLRPCServer
    server.subprocess = _OfficeProcesses(ours.uno_pipe)
    server.time = UntilListening(ours.uno_pipe)
    _plain_context = uno.getComponentContext()
    uno.getComponentContext = lambda: PipeUrls(_plain_context, ours.uno_pipe)
    # unoserver's own (unused) TCP port numbers: it checks they differ, and its stop() pokes --port, harmlessly
    sys.argv = [sys.argv[0], *rest, "--port", "1", "--uno-port", "2"]
    sys.exit(server.main())
