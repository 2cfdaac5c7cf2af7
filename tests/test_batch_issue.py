"""`--issue`: every row numbered through the real register (SQLite file database, content-addressed store), in
table order; an interrupted batch, rerun, gets back the numbers already given — none skipped, none twice."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from test_batch_helpers import base_doc, csv_bytes, grown_rows, report_rows, zip_members
from docx_helpers import texts
from service import store
from service.batch import BatchOptions, IssueTarget, read_table, run_batch
from service.register.db import make_engine, upgrade
from service.register.models import Entry

ISSUE_DATE = dt.date(2025, 2, 10)


@pytest.fixture
def target(tmp_path) -> IssueTarget:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    upgrade(url)
    return IssueTarget(engine=make_engine(url), store_root=tmp_path / "store", actor="test:batch",
                       issue_date=ISSUE_DATE)


def entries(target: IssueTarget) -> list[Entry]:
    with Session(target.engine) as session:
        return list(session.scalars(select(Entry).order_by(Entry.number)))


def test_issue_numbers_rows_in_order_and_resume_reuses_numbers(tmp_path, target):
    # The Sở's own units: one issuer, so one register and one run of numbers (each district office, issuing
    # under its own name, has a register of its own).
    rows = [r for r in grown_rows(24) if not r["issuer.name"]][:12]
    for i, r in enumerate(rows, 1):
        r["stt"] = str(i)
    rows[4]["signer.name"] = "(trống)"
    table = read_table(csv_bytes(rows), "units.csv")
    out = tmp_path / "out.zip"
    options = BatchOptions(issue=target)

    def stop_at_7(done, total, result):
        if done == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(base_doc(), table, out, options, progress=stop_at_7)
    assert [e.number for e in entries(target)] == [1, 2, 3, 4, 5, 6]  # row 5 is invalid: no number spent

    result = run_batch(base_doc(), table, out, options)
    assert result.resumed == 6 and result.succeeded == 11
    issued = entries(target)
    assert [e.number for e in issued] == list(range(1, 12))  # no gap, no duplicate
    assert all(e.issue_date == ISSUE_DATE for e in issued)

    members = zip_members(out)
    report = report_rows(members)
    numbered = [r["number_symbol"] for r in report if r["status"] == "ok"]
    assert numbered == [f"{n:02d}/KH-LĐTBXH" for n in range(1, 12)]
    bad = next(r for r in report if r["status"] == "error")
    assert bad["row"] == "6" and "signer.name" in bad["errors_vi"]
    # The zip holds exactly the bytes the register stored for each number.
    first = members[report[0]["file"]]
    assert store.read(target.store_root, issued[0].sha256) == first
    lines = texts(first)
    assert any(t.startswith("Số: 01/KH-LĐTBXH") for t in lines)
    assert any("ngày 10 tháng 02 năm 2025" in t for t in lines)

    # The same batch run again from scratch (journal gone) replays the same numbers instead of new ones.
    again = run_batch(base_doc(), table, tmp_path / "again.zip", options)
    assert again.succeeded == 11 and len(entries(target)) == 11
    assert [r.number_symbol for r in again.results if r.status == "ok"] == numbered
