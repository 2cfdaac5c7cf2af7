"""Run by the uno python (.venv-uno), never imported by the service: unoserver's own server, documents opened hidden.

LibreOffice builds a frame for every document it loads, even headless; Hidden=True skips that and saves about
40 ms of the ~140 ms the seed plan takes. unoserver has no option for load properties, so we hand its converter
a Desktop that adds Hidden=True to each load. Everything else (XML-RPC API, timeouts, arguments) is unoserver's.
"""
import argparse
import sys
import time

import uno  # noqa: F401  (installs the import hook for com.sun.star)
from com.sun.star.beans import PropertyValue
from unoserver import converter, server


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


def _listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port (read from /proc/net/tcp: no connection to LibreOffice)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        return any(row.split()[1] == wanted and row.split()[3] == "0A" for row in list(table)[1:])


class UntilListening:
    """unoserver.server's `time`, except that sleep() while LibreOffice is not yet listening ends as soon as it is.

    unoserver sleeps a fixed 5 s after launching LibreOffice, which is up in about one; its other sleeps (made
    while LibreOffice already listens) keep their length.
    """

    def __init__(self, uno_port: int):
        self._uno_port = uno_port

    def sleep(self, seconds: float) -> None:
        if _listening(self._uno_port):
            time.sleep(seconds)
            return
        end = time.monotonic() + seconds
        while time.monotonic() < end and not _listening(self._uno_port):
            time.sleep(0.05)

    def __getattr__(self, name):
        return getattr(time, name)


def _uno_port(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--uno-port", default="2002")
    return int(parser.parse_known_args(argv)[0].uno_port)

if __name__ == "__main__":
    server.time = UntilListening(_uno_port(sys.argv[1:]))
    sys.exit(server.main())
