"""How every `vanban` command ends when it cannot do its work: the one mapping from the domain's errors to the
bilingual message printed on stderr and the exit code, so a refusal reads and exits the same in every command.

Exit codes (README, "Command line"):
    0  done
    1  internal error; the PDF converter failed; a batch stopped (rerun to resume); `check` found errors;
       `verify` found a broken or untrusted signature
    2  the input was refused: an invalid document (every error on its own line), an unreadable or oversized file,
       a register or signing refusal ("field: vi / en")
    3  `import --strict`: the draft still has fields to complete
    4  `import`: a .doc/.odt/.rtf cannot be converted because LibreOffice is unavailable (try again)
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from service.messages import BilingualError, Message
from service.validate import InvalidDocument

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_INCOMPLETE = 3
EXIT_CONVERTER = 4

PDF_FAILED = Message("Không chuyển được sang PDF", "PDF converter unavailable")
NOT_ISSUED = Message("Chưa ban hành: không tạo được PDF", "nothing issued, PDF failed")
TO_DOCX_FAILED = Message("chưa chuyển được sang .docx", "cannot convert to .docx")
INTERNAL = Message("Lỗi hệ thống", "internal error")


def fail(lines: str | Iterable[str], code: int = EXIT_INVALID) -> NoReturn:
    """Print the message (each line on stderr) and exit with `code`."""
    for line in [lines] if isinstance(lines, str) else lines:
        click.echo(line, err=True)
    sys.exit(code)


def describe(exc: BaseException, *, path: str | None = None, converting: Message = PDF_FAILED,
             converter_exit: int = EXIT_FAILED) -> tuple[list[str], int] | None:
    """The printed lines and exit code for a domain error, None for anything else (a bug: the caller re-raises).

    `path` names the file a command read (put before a file's refusal); `converting` says what the converter was
    doing when it failed and `converter_exit` the code for that (4 only for `import`)."""
    from service.batch.run import BatchAborted
    from service.convert.errors import ConvertError

    where = f"{path}: " if path else ""
    if isinstance(exc, InvalidDocument):
        return [str(err) for err in exc.errors], EXIT_INVALID
    if isinstance(exc, ConvertError):
        return [f"{where}{converting}: {exc}"], converter_exit
    if isinstance(exc, BatchAborted):
        return [f"Error: {exc}"], EXIT_FAILED
    if isinstance(exc, BilingualError):
        field = getattr(exc, "field", None)
        return [f"{field}: {exc}" if field else f"{where}{exc}"], EXIT_INVALID
    return None


@contextmanager
def refusals(*, path: str | None = None, converting: Message = PDF_FAILED,
             converter_exit: int = EXIT_FAILED) -> Iterator[None]:
    """Around a command's work (also as a decorator): a domain error becomes its message and exit code (`describe`)
    instead of a traceback; anything else goes on to `main`, which reports an internal error."""
    try:
        yield
    except Exception as exc:
        mapped = describe(exc, path=path, converting=converting, converter_exit=converter_exit)
        if mapped is None:
            raise
        fail(*mapped)


def internal_error(exc: BaseException) -> NoReturn:
    """What escaped every command: said briefly, exit 1."""
    fail(f"{INTERNAL}: {exc!r}", EXIT_FAILED)
