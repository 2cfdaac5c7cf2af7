"""Background batch jobs: the inputs, options, progress and zip of each job live in its own folder
(`<data dir>/batches/<id>/`), so whichever worker runs it — a thread of this process (default) or an RQ worker on
Redis (when REDIS_URL is set; `worker:` in the Procfile) — the web pages read the same state.

States: preview (uploaded, not started) → queued → running → done | failed | cancelled; a job whose worker
vanished (process restarted) shows as interrupted and can be started again: it resumes from its journal.
`cancel` leaves a `cancel` mark in the folder: the worker starts no further row, packs what is finished and ends
`cancelled`. Every finished row's result is appended to `rows.jsonl` as it comes (the API's per-row results).
A job started with a callback (`callback.json`, 0600 like every file here) notifies its caller once it has ended
(service.batch.callback): on the job's own worker, after its final state is written, so it never holds the job.

Every job belongs to the principal who created it (job.json `owner`; service.batch.ownership decides who reads it).

A job may also issue its documents (number them through the register): `request_issue` records, before the start,
who asks and a reference to the register (job.json never holds a database URL, which may carry a password): the
worker that runs it builds its connection from its own settings — the web app's register for a thread of the web
process, DATABASE_URL / VANBAN_DATA_DIR / VANBAN_STORE_DIR for an RQ worker — as `vanban batch --issue` does.

All of it is private to the service's account: folders 0700, files 0600 (service.store.private).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import threading
import time
import uuid
import zipfile
from pathlib import Path
from dataclasses import dataclass
from typing import Any

from service.batch import callback, quota
from service.batch.errors import TooManyRows, input_error
from service.batch.journal import RowResult
from service.batch.archive import REPORT_HEADER
from service.batch.naming import DEFAULT_PATTERN, REPORT_NAME, assign_names, check_pattern
from service.batch.owner import index_job
from service.batch.rows import expand, plan_columns
from service.batch.run import BatchAborted, BatchOptions, IssueTarget, fault_reference, run_batch
from service.batch.table import TABLE_EXTENSIONS, Table, read_table
from service.document.naming import ascii_slug
from service.config import batch_queue
from service.input.load import parse_json
from service.store.private import private_dir, restrict_process, write_private
from service.validate import InvalidDocument

JOB_TIMEOUT_S = 6 * 3600
_ID = re.compile(r"^[0-9a-f]{32}$")
CANCEL_MARK = "cancel"
ROWS_FILE = "rows.jsonl"
_threads: dict[str, threading.Thread] = {}
_threads_lock = threading.Lock()
REGISTER_REF = "configured"  # the register of the worker's own settings; the only register there is today


@dataclass(frozen=True)
class RegisterLocation:
    """Where the register lives for the process that runs a job: its database and its file store."""

    database_url: str
    store_root: Path


def configured_register() -> RegisterLocation:
    """The register of this process's settings (DATABASE_URL, VANBAN_DATA_DIR, VANBAN_STORE_DIR): what an RQ
    worker, which has no web app, issues into."""
    from service.config import from_env

    settings = from_env()
    return RegisterLocation(settings["DATABASE_URL"], Path(settings["STORE_DIR"]))


def jobs_root(data_dir: str | Path) -> Path:
    return Path(data_dir) / "batches"


def job_dir(data_dir: str | Path, job_id: str) -> Path:
    """The folder of a job; KeyError for anything that is not a job id (no path tricks)."""
    if not _ID.match(job_id or ""):
        raise KeyError(job_id)
    path = jobs_root(data_dir) / job_id
    if not (path / "job.json").is_file():
        raise KeyError(job_id)
    return path


def _write_json(path: Path, data: Any) -> None:
    # A lone surrogate from the client's own text (reported as the row's error) stays a JSON escape (\ud800).
    write_private(path, json.dumps(data, ensure_ascii=False, default=str).encode("utf-8", "backslashreplace"))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def create_job(data_dir: str | Path, *, table: bytes, table_name: str, base: bytes | None = None,
               base_name: str = "base.json", pattern: str = DEFAULT_PATTERN, formats: tuple[str, ...] = ("docx",),
               pdfa: bool = False, owner: dict[str, Any], anonymous_quota: int | None = None,
               max_rows: int | None = None) -> str:
    """Store an upload as a job in `preview` state, belonging to `owner` (ownership.owner_record, listed in the
    owner's index: service.batch.owner); BatchInputError when the inputs are unusable as a whole, TooManyRows past
    `max_rows`, QuotaExceeded (nothing stored) past the anonymous uploads' quota."""
    if not table_name.lower().endswith(TABLE_EXTENSIONS):
        raise input_error("table", "Bảng dữ liệu phải là .xlsx, .csv, .json hoặc .jsonl",
                          "the table must be .xlsx, .csv, .json or .jsonl")
    parsed_table = read_table(table, table_name)
    if max_rows is not None and len(parsed_table.rows) > max_rows:
        raise TooManyRows(max_rows, len(parsed_table.rows))
    if parsed_table.kind == "table" and base is None:
        raise input_error("base", "Cần tệp văn bản gốc (.json) đi kèm bảng dữ liệu",
                          "a base document (.json) is required with a table")
    if base is not None and parsed_table.kind == "table":
        plan_columns(parse_json(base, base_name), parsed_table)  # unknown columns are reported now, not per row
    check_pattern(pattern)
    quota.check(data_dir, owner, len(table) + len(base or b""), anonymous_quota)
    job_id = uuid.uuid4().hex
    path = private_dir(jobs_root(data_dir) / job_id)
    ext = Path(table_name).suffix.lower()
    write_private(path / f"table{ext}", table)
    if base is not None and parsed_table.kind == "table":
        write_private(path / "base.json", base)
    stem = Path(base_name if parsed_table.kind == "table" else table_name).stem
    _write_json(path / "job.json", {"id": job_id, "table": f"table{ext}", "table_name": table_name,
                                    "base_name": base_name if parsed_table.kind == "table" else None,
                                    "pattern": pattern, "formats": list(formats), "pdfa": pdfa,
                                    "zip_name": f"{ascii_slug(stem)}.zip", "created": time.time(),
                                    "owner": owner})
    _write_json(path / "state.json", {"state": "preview", "done": 0, "total": len(parsed_table.rows)})
    row_check(path)
    index_job(data_dir, owner["principal"], job_id)
    return job_id


PREVIEW_ROWS = 500  # rows kept for the check page (problems first); the counts always cover the whole table


def row_check(path: Path) -> dict:
    """Each row's check (cell errors and the validator's), done once when the job is created and stored in
    check.json: the job page reads it and never validates the rows again."""
    stored = path / "check.json"
    if stored.exists():
        return _read_json(stored)
    base, table = load_inputs(path)
    rows = expand(base, table)
    info = job_info(path)
    stems = assign_names(rows, info["pattern"])
    listed = sorted(rows, key=lambda r: (r.ok, r.index))[:PREVIEW_ROWS]  # problems first
    check = {
        "total": len(rows), "bad": sum(1 for r in rows if not r.ok), "more": len(rows) - len(listed),
        "rows": [{"index": r.index, "row": r.row, "stt": r.stt, "unit": r.unit, "ok": r.ok,
                  "name": ", ".join(f"{stems[r.index]}.{ext}" for ext in info["formats"]) if r.index in stems
                  else "", "errors": [{"path": e.path, "vi": e.vi, "en": e.en} for e in r.errors]}
                 for r in listed],
    }
    _write_json(stored, check)
    return check


def job_info(path: Path) -> dict:
    return _read_json(path / "job.json")


def load_inputs(path: Path) -> tuple[dict | None, Table]:
    """The job's base document and table, as uploaded."""
    info = job_info(path)
    table = read_table((path / info["table"]).read_bytes(), info["table_name"])
    base = parse_json((path / "base.json").read_bytes(), info["base_name"]) if (path / "base.json").exists() else None
    return base, table


def output_path(path: Path) -> Path:
    return path / job_info(path)["zip_name"]


def request_issue(path: Path, *, actor: str, agencies: list[int] | None = None, sign: bool = False,
                  signer_key: str | None = None, agency_key: str | None = None) -> None:
    """Mark a job not yet started as issuing each row through the register, on behalf of `actor`
    (e.g. "user:van.thu") working for `agencies` (ids; None = every agency: another agency's row is refused),
    signed electronically with `sign` (Ký số và ban hành; keys chosen or from each document); ValueError once
    it has started (its resume key and numbers are fixed by then).
    From now on only clerks of those agencies read the job (service.batch.ownership)."""
    if _read_json(path / "state.json")["state"] != "preview":
        raise ValueError("the job has already started; issuing can only be chosen before the start")
    info = job_info(path)
    info["issue"] = {"actor": actor, "register": REGISTER_REF,
                     "agencies": sorted(agencies) if agencies is not None else None}
    if sign:
        info["issue"].update(sign=True, signer_key=signer_key, agency_key=agency_key)
    _write_json(path / "job.json", info)


def request_callback(path: Path, *, url: str, key: str, links: dict[str, str], allow: tuple[str, ...],
                     allow_private: bool, attempts: int, backoff_s: float, timeout_s: float) -> None:
    """Notify `url` when the job ends (the URL already checked against `allow`); the settings are kept with the
    job so any worker delivers it the same way. Private like every file of the job: it holds the signing key."""
    data = {"url": url, "key": key, "links": links, "allow": list(allow), "allow_private": allow_private,
            "attempts": attempts, "backoff_s": backoff_s, "timeout_s": timeout_s}
    _write_json(path / "callback.json", data)


def callback_outcome(path: Path) -> dict | None:
    """What became of the job's callback: None without one, {"state": "pending"} until it was tried."""
    if not (path / "callback.json").exists():
        return None
    if not (path / "callback-result.json").exists():
        return {"state": "pending"}
    return _read_json(path / "callback-result.json")


def cancel(path: Path, register: RegisterLocation | None = None) -> dict:
    """Ask the job to stop: no further row is started; what is finished stays in its zip. Returns its status."""
    state = status(path)
    if state["state"] in ("preview", "queued", "running", "interrupted"):
        write_private(path / CANCEL_MARK, b"")
        if state["state"] in ("preview", "interrupted"):  # no worker will pick it up: it ends here, packing
            _run(path, register)                            # the rows an interrupted run had finished
    return status(path)


def cancelling(path: Path) -> bool:
    return (path / CANCEL_MARK).exists()


def row_results(path: Path) -> list[dict]:
    """The per-row results known so far, in table order (row, stt, status, files, number_symbol, errors)."""
    file = path / ROWS_FILE
    if not file.exists():
        return []
    rows: dict[int, dict] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue  # the line being appended right now
        rows[item.pop("index")] = item
    return [rows[i] for i in sorted(rows)]


def issues(path: Path) -> bool:
    """Whether the job numbers its documents through the register."""
    return bool(job_info(path).get("issue"))


def report(path: Path) -> list[dict[str, str]]:
    """The rows of the finished job's bao-cao.csv (row, stt, status, file, number_symbol, errors)."""
    with zipfile.ZipFile(output_path(path)) as zf:
        text = zf.read(REPORT_NAME).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), fieldnames=REPORT_HEADER))[1:]


def run_job(path: str | Path, register: RegisterLocation | None = None) -> dict:
    """Run one job to its end (called on a worker thread or by an RQ worker); returns its final state.
    An issuing job numbers into `register`, by default the one of this process's settings. Then, when the job
    has a callback, the caller is notified (after the final state is written)."""
    restrict_process()  # an RQ worker has no app to set it: its journal and zip are private too
    path = Path(path)
    state = _run(path, register)
    if (path / "callback.json").exists():
        notify(path, state)
    return state


def _run(path: Path, register: RegisterLocation | None = None) -> dict:
    info = job_info(path)
    before = _read_json(path / "state.json")
    if before["state"] == "cancelled":
        return before
    state = {k: before[k] for k in ("backend", "rq_id", "redis_url", "pid") if k in before}
    state.update({"state": "running", "done": 0, "total": 0, "ok": 0, "failed": 0, "started": time.time()})
    _write_json(path / "state.json", state)
    last_write = [0.0]
    rows_out = os.fdopen(os.open(path / ROWS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
                         encoding="utf-8")

    def progress(done: int, total: int, result: RowResult) -> None:
        state.update(done=done, total=total)
        state["ok" if result.status == "ok" else "failed"] += 1
        rows_out.write(json.dumps(_row_dict(result), ensure_ascii=False) + "\n")
        rows_out.flush()
        now = time.monotonic()
        if now - last_write[0] > 0.25 or done == total:
            last_write[0] = now
            _write_json(path / "state.json", state)

    issue = info.get("issue")
    engine = None
    try:
        target = None
        if issue:
            from service.register.db import make_engine

            register = register or configured_register()
            engine = make_engine(register.database_url)
            target = IssueTarget(engine=engine, store_root=register.store_root, actor=issue["actor"],
                                 sign=bool(issue.get("sign")), signer_key=issue.get("signer_key"),
                                 agency_key=issue.get("agency_key"), agencies=issue.get("agencies"))
        options = BatchOptions(pattern=info["pattern"], formats=tuple(info["formats"]), pdfa=info["pdfa"],
                               issue=target)
        base, table = load_inputs(path)
        result = run_batch(base, table, output_path(path), options, progress=progress,
                           stop=lambda: cancelling(path))
    except InvalidDocument as exc:
        state.update(state="failed", errors=[e.as_dict() for e in exc.errors])
    except BatchAborted as exc:
        state.update(state="failed", errors=[{"path": "", "message_vi": exc.vi, "message_en": exc.en}])
    except Exception as exc:  # a failure of the machine, not of the inputs: say so, keep the journal to resume
        ref = fault_reference(exc, f"batch job {path.name}")  # the exception text goes to the log only
        state.update(state="failed", errors=[{"path": "", "message_vi": f"Lỗi hệ thống (mã lỗi {ref}, xem nhật ký "
                                              "máy chủ)", "message_en": f"internal error (error reference {ref}, "
                                              "see the server log)"}])
    else:
        failed = [r for r in result.results if r.status == "error"]
        state.update(state="cancelled" if result.cancelled else "done", done=state["done"], total=result.total,
                     ok=result.succeeded, failed=len(failed), resumed=result.resumed, finished=time.time(),
                     failed_rows=[{"row": r.row, "errors": r.errors} for r in failed])
        if not result.cancelled:
            state["done"] = result.total
        _write_rows(path, result.results)
    finally:
        rows_out.close()
        if engine is not None:
            engine.dispose()
    _write_json(path / "state.json", state)
    return state


def _row_dict(result: RowResult) -> dict:
    return {"index": result.index, "row": result.row, "stt": result.stt, "status": result.status,
            "files": result.files, "number_symbol": result.number_symbol or None, "errors": result.errors}


def _write_rows(path: Path, results: list[RowResult]) -> None:
    """Every row's final result, the rows never started (cancelled) included, replacing the running log."""
    write_private(path / ROWS_FILE, "".join(json.dumps(_row_dict(r), ensure_ascii=False) + "\n"
                                            for r in results).encode("utf-8"))


def summary(path: Path, state: dict) -> dict:
    """What a caller is told when the job ends: its id, state, counts (the callback's body, without links)."""
    return {"id": path.name, "state": state["state"], "total": state.get("total", 0), "done": state.get("done", 0),
            "ok": state.get("ok", 0), "failed": state.get("failed", 0), "errors": state.get("errors", [])}


def notify(path: Path, state: dict) -> dict:
    """POST the signed summary to the job's callback URL (retried, bounded); record and return the outcome."""
    settings = _read_json(path / "callback.json")
    delivery = uuid.uuid4().hex
    body = {"event": "batch.finished", **summary(path, state), "links": settings["links"], "delivery": delivery,
            "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    outcome = callback.deliver(settings["url"], data, settings["key"], allow=settings["allow"],
                               allow_private=settings["allow_private"], attempts=settings["attempts"],
                               backoff_s=settings["backoff_s"], timeout_s=settings["timeout_s"],
                               delivery_id=delivery)
    result = {"state": "delivered" if outcome.delivered else "failed", "attempts": outcome.attempts,
              "last_status": outcome.last_status, "last_error": outcome.last_error}
    _write_json(path / "callback-result.json", result)
    return result


class QueueFull(Exception):
    """This process already runs `limit` batch jobs on its own threads: the next one waits for a free place."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} batch jobs at once in one process")
        self.limit = limit


def unfinished(data_dir: str | Path, job_id: str) -> bool:
    """Whether a job still holds its owner's place (uploaded and not started, queued or running, not cancelling);
    a job removed by retention does not."""
    try:
        path = job_dir(data_dir, job_id)
    except KeyError:
        return False
    return status(path)["state"] in ("preview", "queued", "running") and not cancelling(path)


def _threads_running() -> int:
    with _threads_lock:
        for name in [n for n, t in _threads.items() if not t.is_alive()]:
            del _threads[name]
        return len(_threads)


def start(path: Path, *, redis_url: str | None = None, queue: str | None = None,
          register: RegisterLocation | None = None, max_threads: int | None = None) -> str:
    """Queue a job: on RQ when `redis_url` is given (the worker issues into its own configured register), else on
    a thread of this process (issuing into `register`, default the configured one). Returns the backend name.
    `max_threads` bounds the jobs this process runs at once on its threads (QueueFull past it, nothing started);
    RQ's queue is bounded by its workers instead."""
    state = _read_json(path / "state.json")
    if state["state"] == "done" or (state["state"] in ("queued", "running") and _alive(path, state)):
        return state.get("backend", "thread")
    if not redis_url and max_threads is not None and _threads_running() >= max_threads:
        raise QueueFull(max_threads)
    if redis_url:
        from redis import Redis
        from rq import Queue

        q = Queue(queue or batch_queue(), connection=Redis.from_url(redis_url))
        job = q.enqueue(run_job, str(path), job_timeout=JOB_TIMEOUT_S, result_ttl=86400, failure_ttl=86400)
        _write_json(path / "state.json", {**state, "state": "queued", "backend": "rq", "rq_id": job.id,
                                          "redis_url": redis_url})
        return "rq"
    _write_json(path / "state.json", {**state, "state": "queued", "backend": "thread", "pid": os.getpid()})
    thread = threading.Thread(target=run_job, args=(str(path), register), name=f"batch-{path.name[:8]}", daemon=True)
    with _threads_lock:
        _threads[path.name] = thread
    thread.start()
    return "thread"


def _alive(path: Path, state: dict) -> bool:
    """Whether the job's worker still exists (a thread of this process, or an RQ job not yet failed)."""
    if state.get("backend") == "rq":
        try:
            from redis import Redis
            from rq.job import Job

            job = Job.fetch(state["rq_id"], connection=Redis.from_url(state["redis_url"]))
            return job.get_status(refresh=True) not in ("failed", "stopped", "canceled")
        except Exception:  # the job expired from Redis or Redis is gone: treat as vanished
            return False
    pid = state.get("pid")
    if pid is not None and pid != os.getpid():  # another process (gunicorn worker) runs it: is it still there?
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    with _threads_lock:
        thread = _threads.get(path.name)
    return thread is not None and thread.is_alive()


def status(path: Path) -> dict:
    """The job's progress for the page: state, done/total, ok/failed, errors; `interrupted` when its worker is gone
    (`cancelled` when it was asked to stop and its worker is gone)."""
    state = _read_json(path / "state.json")
    if state["state"] in ("queued", "running") and not _alive(path, state):
        # re-read: the worker may have finished between the two reads
        state = _read_json(path / "state.json")
        if state["state"] in ("queued", "running"):
            state["state"] = "cancelled" if cancelling(path) else "interrupted"
    elif state["state"] == "queued" and cancelling(path):
        state["state"] = "cancelled"  # no row will start; a worker that picks it up only packs the report
    state["id"] = path.name
    state["zip_name"] = job_info(path)["zip_name"]
    return state
