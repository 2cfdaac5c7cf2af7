"""Run by the uno python (.venv-uno), never imported by the service: unoserver's own server, documents opened hidden.

LibreOffice builds a frame for every document it loads, even headless; Hidden=True skips that and saves about
40 ms of the ~140 ms the seed plan takes. unoserver has no option for load properties, so we hand its converter
a Desktop that adds Hidden=True to each load. Everything else (XML-RPC API, timeouts, arguments) is unoserver's.
"""
import sys

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

if __name__ == "__main__":
    sys.exit(server.main())
