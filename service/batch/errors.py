"""Errors of a whole batch (unreadable table, unknown column, bad file-name pattern): they stop it before it starts.

A bad *row* is never one of these; it is reported in the batch's report and the batch goes on.
"""
from __future__ import annotations

from service.validate import FieldError, InvalidDocument


class BatchInputError(InvalidDocument):
    """The batch's inputs cannot be used at all; `.errors` name the column, line or option (vi / en)."""


def input_error(path: str, vi: str, en: str) -> BatchInputError:
    return BatchInputError([FieldError(path, vi, en)])
