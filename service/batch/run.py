"""Run a batch: one document per row → files in a zip with a per-row report.

A bad row is reported and skipped, never fatal. Finished rows are journaled beside the output (service.batch.journal)
so an interrupted run, rerun with the same inputs, resumes where it stopped; with `issue`, each row is issued
through the register under an Idempotency-Key derived from the inputs and the row, so a resumed run gets back the
numbers already given instead of new ones. PDF conversions run on `pdf_workers` threads while rendering and
issuing stay in table order on the calling thread (numbers follow the table).
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from service.batch.archive import write_zip
from service.batch.journal import Journal, RowResult, input_key
from service.batch.naming import DEFAULT_PATTERN, assign_names
from service.batch.rows import RowDoc, expand
from service.batch.table import Table
from service.document import Document
from service.messages import BilingualError
from service.parse import parse
from service.produce import DOCX_MEDIA_TYPE, Produced, pdf_of, produce
from service.validate import FieldError, InvalidDocument

log = logging.getLogger(__name__)

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class IssueTarget:
    """Where `--issue` numbers the documents: the register's database engine and file store; with `sign`, each
    is issued electronically (Ký số và ban hành: the signed PDF is the issued file), the keys chosen by
    `signer_key`/`agency_key` or looked up from the document (service.sign.keystore.owners_for_document)."""

    engine: Any  # sqlalchemy Engine
    store_root: Path
    actor: str
    issue_date: dt.date | None = None
    sign: bool = False
    signer_key: str | None = None
    agency_key: str | None = None
    agencies: Any = None  # the actor's agency ids (None = every agency): another agency's row is refused


@dataclass(frozen=True)
class BatchOptions:
    pattern: str = DEFAULT_PATTERN
    formats: tuple[str, ...] = ("docx",)
    pdfa: bool = False
    pdf_workers: int | None = None  # a dedicated converter with this many LibreOffice workers; None: the shared one
    issue: IssueTarget | None = None
    converter: Any = None  # a running service.convert.Converter to use as is (its workers decide the threads)

    def key_material(self) -> dict:
        """What of the options decides the output (and so the resume key)."""
        issue = None if self.issue is None else {"date": self.issue.issue_date, "db": str(self.issue.engine.url)}
        if self.issue is not None and self.issue.sign:
            issue.update(sign=True, signer=self.issue.signer_key, agency=self.issue.agency_key)
        return {"pattern": self.pattern, "formats": list(self.formats), "pdfa": self.pdfa, "issue": issue}


@dataclass
class BatchResult:
    output: Path
    results: list[RowResult]
    resumed: int = 0  # rows taken from an interrupted earlier run
    key: str = ""
    cancelled: bool = False  # stopped on request: rows never started have status "cancelled"

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def succeeded(self) -> int:
        return sum(r.status == "ok" for r in self.results)

    @property
    def failed(self) -> list[RowResult]:
        return [r for r in self.results if r.status != "ok"]


class BatchAborted(BilingualError):
    """The batch cannot go on (the PDF converter is gone); finished rows stay journaled for a rerun."""


Progress = Callable[[int, int, RowResult], None]
Stop = Callable[[], bool]


def batch_key(base: Any, table: Table, options: BatchOptions) -> str:
    rows = [[r.number, r.cells, r.doc] for r in table.rows]
    return input_key({"v": 1, "base": base if table.kind == "table" else None, "rows": rows,
                      "options": options.key_material()})


def run_batch(base: dict | None, table: Table, output: str | Path, options: BatchOptions = BatchOptions(),
              progress: Progress | None = None, stop: Stop | None = None) -> BatchResult:
    """Build every row's document and write the zip at `output`; BatchInputError for unusable inputs.

    `stop` is asked before each row: once it answers True no further row is started, and the zip holds what
    was finished, the report listing the rest as cancelled."""
    output = Path(output).resolve()
    if not options.formats or any(fmt not in FORMATS for fmt in options.formats):
        raise ValueError(f"formats must be some of {FORMATS}, not {options.formats!r}")
    rows = expand(base, table, check=False)
    names = assign_names(rows, options.pattern)
    key = batch_key(base, table, options)
    output.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal(output, key)
    results: dict[int, RowResult] = {}
    lock = threading.Lock()
    total = len(rows)

    def finish(result: RowResult, files: dict[str, bytes]) -> None:
        with lock:
            if result.status == "ok":
                journal.record(result, files)
            results[result.index] = result
            if progress:
                progress(len(results), total, result)

    try:
        for row in rows:
            done = journal.done.get(row.index)
            if done is not None:
                with lock:
                    results[row.index] = done
                    if progress:
                        progress(len(results), total, done)
        resumed = len(results)
        pending = [r for r in rows if r.index not in results]
        runner = _Runner(options, key, names)
        pending = _until_stopped(pending, stop)
        if "pdf" in options.formats and not (options.issue and options.issue.sign):  # signed: already PDF
            runner.run_with_pdf(pending, finish)
        else:
            for row in pending:
                result, files, _ = runner.produce(row)
                finish(result, files)
        cancelled = len(results) < total
        ordered = [results.get(r.index) or _cancelled(r) for r in rows]
        write_zip(output, ordered, journal.reader(ordered))
    except BaseException:
        journal.close()
        raise
    journal.discard()
    return BatchResult(output=output, results=ordered, resumed=resumed, key=key, cancelled=cancelled)


def _until_stopped(rows: list[RowDoc], stop: Stop | None) -> Iterator[RowDoc]:
    for row in rows:
        if stop is not None and stop():
            return
        yield row


def _cancelled(row: RowDoc) -> RowResult:
    return RowResult(index=row.index, row=row.row, stt=row.stt, status="cancelled")


def _errors(errors: list[FieldError]) -> list[dict]:
    return [e.as_dict() for e in errors]


def _failed(row: RowDoc, errors: list[FieldError]) -> RowResult:
    return RowResult(index=row.index, row=row.row, stt=row.stt, status="error", errors=_errors(errors))


@dataclass
class _Runner:
    options: BatchOptions
    key: str
    names: dict[int, str]

    def produce(self, row: RowDoc) -> tuple[RowResult, dict[str, bytes], Document | None]:
        """Render (or issue) one row: its result, its .docx by file name, and the document as rendered. The row
        is parsed once (service.parse; its references are named as errors, not expanded) and produced by
        service.produce, or issued through the register, which parses it itself."""
        if not row.ok:
            return _failed(row, row.errors), {}, None
        if self.options.issue is not None and self.options.issue.sign:
            return self._produce_signed(row)
        try:
            if self.options.issue:
                document, docx = self._issue(row)
            else:
                document, docx = _render(row.doc)
        except InvalidDocument as exc:
            return _failed(row, exc.errors), {}, None
        except Exception as exc:  # the register refuses, or this row trips a fault: the row fails, not the batch
            return _failed(row, [_row_fault(exc)]), {}, None
        name = f"{self.names[row.index]}.docx"
        result = RowResult(index=row.index, row=row.row, stt=row.stt, status="ok",
                           files=[name] if "docx" in self.options.formats else [],
                           number_symbol=document.number_symbol or "")
        return result, {name: docx}, document

    def _issue(self, row: RowDoc) -> tuple[Document, bytes]:
        """The row issued through the register: the document as issued (read back from the entry, validated
        when it was issued) and the exact bytes stored."""
        from service import store
        from service.register.issue import issue

        target = self.options.issue
        issued = issue(target.engine, target.store_root, row.doc, actor=target.actor,
                       idempotency_key=f"batch:{self.key[:40]}:{row.index}", issue_date=target.issue_date,
                       agencies=target.agencies)
        return Document.from_valid(issued.entry.document), store.read(target.store_root, issued.entry.sha256)

    def _produce_signed(self, row: RowDoc) -> tuple[RowResult, dict[str, bytes], Document | None]:
        """Issue one row electronically: the signed PDF (the issued file), and its .docx when asked."""
        from service import store
        from service.sign.electronic import issue_signed

        target = self.options.issue
        assert target is not None
        try:
            issued = issue_signed(target.engine, target.store_root, row.doc, actor=target.actor,
                                  idempotency_key=f"batch:{self.key[:40]}:{row.index}",
                                  issue_date=target.issue_date, signer_key=target.signer_key,
                                  agency_key=target.agency_key, agencies=target.agencies)
        except InvalidDocument as exc:
            return _failed(row, exc.errors), {}, None
        except Exception as exc:  # a missing key, the converter, the register: the row fails, not the batch
            return _failed(row, [_sign_fault(exc)]), {}, None
        document = Document.from_valid(issued.entry.document)  # validated when it was issued
        stem = self.names[row.index]
        files = {f"{stem}.pdf": store.read(target.store_root, issued.entry.sha256)}
        if "docx" in self.options.formats:
            files[f"{stem}.docx"] = produce(document, "docx").data
        result = RowResult(index=row.index, row=row.row, stt=row.stt, status="ok", files=sorted(files),
                           number_symbol=document.number_symbol or "")
        return result, files, document

    def run_with_pdf(self, pending: Iterable[RowDoc], finish: Callable[[RowResult, dict[str, bytes]], None]) -> None:
        """Render/issue in order here; convert on worker threads; stop everything if the converter is gone."""
        with _converter(self.options) as (convert, threads):
            inflight: set[Future] = set()
            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="batch-pdf") as pool:
                try:
                    for row in pending:
                        result, files, _ = self.produce(row)
                        if result.status != "ok":
                            finish(result, {})
                            continue
                        inflight.add(pool.submit(self._to_pdf, convert, row, result, files))
                        while len(inflight) >= 2 * threads:
                            inflight = self._collect(inflight, finish, FIRST_COMPLETED)
                    while inflight:
                        inflight = self._collect(inflight, finish, FIRST_COMPLETED)
                except BaseException:
                    for fut in inflight:
                        fut.cancel()
                    raise

    @staticmethod
    def _collect(inflight: set[Future], finish, how) -> set[Future]:
        done, rest = wait(inflight, return_when=how)
        for fut in done:
            finish(*fut.result())
        return rest

    def _to_pdf(self, convert, row: RowDoc, result: RowResult,
                files: dict[str, bytes]) -> tuple[RowResult, dict[str, bytes]]:
        from service.convert import ConversionError, ConversionTimeout, ConverterUnavailable

        stem = self.names[row.index]
        docx = Produced(files[f"{stem}.docx"], DOCX_MEDIA_TYPE, f"{stem}.docx")
        try:
            pdf = pdf_of(docx, pdfa=self.options.pdfa, converter=convert).data
        except (ConversionError, ConversionTimeout) as exc:
            return replace(result, status="error", errors=_errors([FieldError("pdf", exc.vi, exc.en)])), {}
        except ConverterUnavailable as exc:
            raise BatchAborted(f"Dừng lô: {exc.vi}; chạy lại để tiếp tục từ chỗ dừng",
                               f"batch stopped: {exc.en}; run it again to resume") from None
        if "docx" not in self.options.formats:
            files = {}
        files[f"{stem}.pdf"] = pdf
        return replace(result, files=sorted(files)), files


def _render(doc: dict) -> tuple[Document, bytes]:
    """A row's Document and .docx: parsed once (its references are named as errors, not expanded), produced by
    service.produce."""
    document = parse(doc, expand_profiles=False)
    return document, produce(document, "docx").data


def _sign_fault(exc: Exception) -> FieldError:
    """A signing refusal (SignError: key missing or unusable) keeps its words; else as _row_fault."""
    from service.sign.errors import SignError

    if isinstance(exc, SignError):
        return FieldError.of(exc.field or "sign", exc.message)
    return _row_fault(exc)


def _row_fault(exc: Exception) -> FieldError:
    """A refusal of the register keeps its own words; anything else is named as a system fault, with a reference
    to the server log (the exception text is for the log, never for the report)."""
    if isinstance(exc, BilingualError):
        return FieldError.of(getattr(exc, "field", None) or "issue", exc.message)
    ref = fault_reference(exc, "batch row")
    return FieldError("", f"Lỗi hệ thống khi tạo văn bản của dòng này (mã lỗi {ref}, xem nhật ký máy chủ)",
                      f"internal error while making this row's document (error reference {ref}, see the server log)")


def fault_reference(exc: BaseException, what: str) -> str:
    """Log an unexpected exception with a short reference and return the reference a user may quote."""
    ref = uuid.uuid4().hex[:12]
    log.error("%s fault %s", what, ref, exc_info=(type(exc), exc, exc.__traceback__))
    return ref


@contextmanager
def _converter(options: BatchOptions) -> Iterator[tuple[Callable[..., bytes], int]]:
    """The PDF conversion function and how many conversions may run at once."""
    from service import convert

    if options.converter is not None:
        yield options.converter.to_pdf, options.converter.settings.workers
        return
    workers = options.pdf_workers
    if workers is None:
        yield convert.to_pdf, convert.load_settings().workers
        return
    own = convert.Converter(replace(convert.load_settings(), workers=workers))
    try:
        yield own.to_pdf, workers
    finally:
        own.shutdown()
