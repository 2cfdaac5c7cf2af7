"""Issuing: number + date stamped into the real rendered .docx, exact bytes stored, idempotent retries,
year rollover in Vietnam time, voiding, separate registers, search — on SQLite and PostgreSQL."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from docx_helpers import xml_texts
from service import store
from service.register import audit
from service.register.entries import entry_dict, get_entry, read_file, search, void
from service.register.errors import BadInput, Conflict
from service.register.issue import issue
from service.register.models import Counter
from service.register.registers import add_register, agency_for_document
from service.validate import InvalidDocument

ROOT = Path(__file__).resolve().parents[1]
VN = dt.timezone(dt.timedelta(hours=7))


def at(*args: int) -> dt.datetime:
    """A moment given in Vietnam time."""
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture
def plan() -> dict:
    return json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "store"


def test_issue_stamps_number_and_date_into_the_stored_docx(engine, root, plan):
    result = issue(engine, root, plan, actor="clerk-a", clock=lambda: at(2024, 2, 5, 9, 30))
    entry = result.entry
    assert not result.replayed
    assert (entry.year, entry.number, entry.number_symbol) == (2024, 1, "01/KH-LĐTBXH")
    assert entry.issue_date == dt.date(2024, 2, 5)
    data = store.read(root, entry.sha256)
    assert hashlib.sha256(data).hexdigest() == entry.sha256 and len(data) == entry.size
    texts = xml_texts(data)
    assert "Số: 01/KH-LĐTBXH" in texts
    assert "Bắc Giang, ngày 05 tháng 02 năm 2024" in texts
    assert entry.document["number"] == 1 and entry.document["date"] == "2024-02-05"
    assert plan["number"] is None  # the caller's draft is not modified
    cols = entry_dict(entry)["columns"]
    assert cols["type_summary"].startswith("Kế hoạch Triển khai thực hiện Phong trào")
    assert cols["signer"] == "Trương Đức Huấn"
    assert cols["recipients"] == "Sở Văn hóa – TT&DL; Lãnh đạo Sở; Các phòng, đơn vị trực thuộc Sở; BBT Website"
    assert cols["archive_unit"] == "VT, VP"
    assert cols["date"] == "2024-02-05"
    events = audit.events(engine, entry_id=entry.id)
    assert [(e.actor, e.action) for e in events] == [("clerk-a", "issue")]
    assert read_file(engine, root, entry.id)[1] == data
    stored = entry_dict(get_entry(engine, entry.id))  # re-read: the moment survives the database
    assert stored["issued_at"] == "2024-02-05T02:30:00+00:00"


def test_idempotent_retry_returns_same_number_and_bytes(engine, root, plan):
    clock = lambda: at(2024, 3, 1, 8, 0)  # noqa: E731
    first = issue(engine, root, plan, actor="a", idempotency_key="req-1", clock=clock)
    again = issue(engine, root, copy.deepcopy(plan), actor="a", idempotency_key="req-1", clock=clock)
    assert again.replayed and again.entry.id == first.entry.id and again.entry.number == 1
    assert again.entry.sha256 == first.entry.sha256
    other = issue(engine, root, plan, actor="a", idempotency_key="req-2", clock=clock)
    assert other.entry.number == 2 and not other.replayed
    changed = dict(plan, summary="Một nội dung khác")
    with pytest.raises(Conflict) as err:
        issue(engine, root, changed, actor="a", idempotency_key="req-1", clock=clock)
    assert err.value.field == "Idempotency-Key" and err.value.status == 409
    assert issue(engine, root, plan, actor="a", clock=clock).entry.number == 3  # nothing was burned


def test_invalid_document_is_refused_without_spending_a_number(engine, root, plan):
    clock = lambda: at(2024, 3, 1, 8, 0)  # noqa: E731
    bad = dict(plan, signer={"name": "Thiếu chức vụ"})
    with pytest.raises(InvalidDocument) as err:
        issue(engine, root, bad, actor="a", clock=clock)
    assert any(e.path.startswith("signer") for e in err.value.errors)
    with pytest.raises(BadInput) as numbered:
        issue(engine, root, dict(plan, number=7), actor="a", clock=clock)
    assert numbered.value.field == "number" and "number" in numbered.value.en
    with pytest.raises(BadInput) as future:
        issue(engine, root, plan, actor="a", issue_date=dt.date(2024, 3, 2), clock=clock)
    assert future.value.field == "date"
    assert issue(engine, root, plan, actor="a", clock=clock).entry.number == 1


def test_year_rollover_in_vietnam_time(engine, root, plan):
    last_second = at(2024, 12, 31, 23, 59, 59)
    assert last_second.astimezone(dt.timezone.utc).hour == 16  # still 31 Dec in UTC too, 16:59:59Z
    numbers_2024 = [issue(engine, root, plan, actor="a", clock=lambda: last_second).entry for _ in range(3)]
    assert [e.number for e in numbers_2024] == [1, 2, 3]
    assert {e.issue_date for e in numbers_2024} == {dt.date(2024, 12, 31)}
    midnight = at(2025, 1, 1, 0, 0, 0)  # = 2024-12-31T17:00:00Z: already the new year in Vietnam
    assert midnight.astimezone(dt.timezone.utc).date() == dt.date(2024, 12, 31)
    first_2025 = issue(engine, root, plan, actor="a", clock=lambda: midnight.astimezone(dt.timezone.utc)).entry
    assert (first_2025.year, first_2025.number, first_2025.number_symbol) == (2025, 1, "01/KH-LĐTBXH")
    assert first_2025.issue_date == dt.date(2025, 1, 1)
    assert "Bắc Giang, ngày 01 tháng 01 năm 2025" in xml_texts(store.read(root, first_2025.sha256))
    with Session(engine) as session:
        counters = {(c.year, c.last_number) for c in session.scalars(select(Counter))}
    assert counters == {(2024, 3), (2025, 1)}


def test_void_keeps_the_number_and_never_reuses_it(engine, root, plan):
    clock = lambda: at(2024, 4, 2, 14, 0)  # noqa: E731
    first = issue(engine, root, plan, actor="a", clock=clock).entry
    with pytest.raises(BadInput) as err:
        void(engine, first.id, reason="  ", actor="clerk-b", clock=clock)
    assert err.value.field == "reason"
    voided = void(engine, first.id, reason="Ký nhầm người ký", actor="clerk-b", clock=clock)
    assert voided.void_reason == "Ký nhầm người ký" and voided.voided_by == "clerk-b"
    assert entry_dict(voided)["columns"]["notes"] == "Đã hủy: Ký nhầm người ký"
    with pytest.raises(Conflict):
        void(engine, first.id, reason="lần nữa", actor="clerk-b", clock=clock)
    assert issue(engine, root, plan, actor="a", clock=clock).entry.number == 2
    assert [e.action for e in audit.events(engine, entry_id=first.id)] == ["void", "issue"]
    assert store.read(root, first.sha256)  # the voided document's file is kept


def test_separate_register_numbers_its_types_on_its_own(engine, root, plan):
    clock = lambda: at(2024, 5, 6, 10, 0)  # noqa: E731
    agency = agency_for_document(engine, plan, now=clock(), create=True)
    with Session(engine) as session, session.begin():
        add_register(session, agency.id, "BC", "Sổ báo cáo", ["bao_cao"], now=clock())
    report = dict(copy.deepcopy(plan), type="bao_cao", summary="Kết quả thực hiện 6 tháng đầu năm 2024")
    a = issue(engine, root, plan, actor="a", clock=clock).entry
    b = issue(engine, root, report, actor="a", clock=clock).entry
    c = issue(engine, root, plan, actor="a", clock=clock).entry
    d = issue(engine, root, report, actor="a", clock=clock).entry
    assert [(x.number_symbol) for x in (a, b, c, d)] == ["01/KH-LĐTBXH", "01/BC-LĐTBXH", "02/KH-LĐTBXH",
                                                          "02/BC-LĐTBXH"]
    with Session(engine) as session, session.begin(), pytest.raises(Conflict):
        add_register(session, agency.id, "BC2", "Trùng loại", ["bao_cao"], now=clock())


def test_search_by_year_type_and_text(engine, root, plan):
    issue(engine, root, plan, actor="a", clock=lambda: at(2024, 6, 3, 9, 0))
    other = dict(copy.deepcopy(plan), summary="Tổ chức Tháng hành động vì trẻ em",
                 signer=dict(plan["signer"], name="Lê Thị Mai"), noi_nhan=["UBND các huyện"])
    issue(engine, root, other, actor="a", clock=lambda: at(2024, 6, 4, 9, 0))
    assert search(engine, year=2024).total == 2
    assert search(engine, year=2023).total == 0
    assert search(engine, doc_type="bao_cao").total == 0
    assert [e.signer for e in search(engine, q="truong duc huan").entries] == ["Trương Đức Huấn"]
    assert [e.number for e in search(engine, q="TRẺ EM").entries] == [2]
    assert [e.number for e in search(engine, q="ubnd cac huyen").entries] == [2]
    assert search(engine, q="02/KH-LĐTBXH").total == 1
    assert search(engine, q="KH-LDTBXH").total == 2
    assert search(engine, q="100%").total == 0
