"""Errors of a whole batch (unreadable table, unknown column, bad file-name pattern): they stop it before it starts.

A bad *row* is never one of these; it is reported in the batch's report and the batch goes on.
"""
from __future__ import annotations

from service.validate import FieldError, InvalidDocument


class BatchInputError(InvalidDocument):
    """The batch's inputs cannot be used at all; `.errors` name the column, line or option (vi / en)."""


def input_error(path: str, vi: str, en: str) -> BatchInputError:
    return BatchInputError([FieldError(path, vi, en)])


class TooManyRows(BatchInputError):
    """The batch has more rows than one job may take (a budget of the service, not a fault of a row)."""

    def __init__(self, limit: int, count: int) -> None:
        super().__init__([FieldError("rows", f"Lô có {count} dòng, vượt giới hạn {limit} dòng mỗi lô",
                                     f"the batch has {count} rows, over the limit of {limit} rows per batch")])
        self.limit, self.count = limit, count
