"""Batch generation: one base document + a table (XLSX/CSV, columns = field paths) or JSON Lines of complete
documents → a zip of .docx/.pdf named by a pattern, with a per-row report; resumable; optionally issued.

    read_table(data, filename) -> Table            run_batch(base, table, output, BatchOptions(...)) -> BatchResult
    expand(base, table) -> [RowDoc] (preview)       jobs.submit(...) / jobs.status(...) (background runs)
"""
from service.batch.errors import BatchInputError
from service.batch.naming import DEFAULT_PATTERN, REPORT_NAME
from service.batch.rows import RowDoc, expand
from service.batch.run import BatchAborted, BatchOptions, BatchResult, IssueTarget, run_batch
from service.batch.table import Table, read_table

__all__ = ["DEFAULT_PATTERN", "REPORT_NAME", "BatchAborted", "BatchInputError", "BatchOptions", "BatchResult",
           "IssueTarget", "RowDoc", "Table", "expand", "read_table", "run_batch"]
