"""Copies (bản sao, samples 3.1/3.2) get their own yearly numbering: issuing a document that carries a copy
block numbers the copy from the copying agency's "Sổ bản sao", apart from its outgoing register — on SQLite
and on the real PostgreSQL."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from docx_helpers import xml_texts
from service import store
from service.register.db import make_engine, upgrade
from service.register.entries import entry_dict, search
from service.register.errors import BadInput
from service.register.issue import issue
from service.register.models import Register

ROOT = Path(__file__).resolve().parents[1]
VN = dt.timezone(dt.timedelta(hours=7))
LUC_NAM = {"name": "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "abbr": "UBND"}


def at(*args: int):
    moment = dt.datetime(*args, tzinfo=VN)
    return lambda: moment


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def copy_doc() -> dict:
    """The SAO Y example with its copy number and date left for the clerk."""
    doc = json.loads((ROOT / "fixtures" / "thong-bao-sao-y.json").read_text(encoding="utf-8"))
    doc["copy"]["number"] = None
    doc["copy"].pop("date")
    return doc


@pytest.fixture
def own_plan() -> dict:
    """An outgoing draft of the copying agency itself (Lục Nam)."""
    doc = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    doc["issuer"] = dict(LUC_NAM)
    doc["place"] = "Lục Nam"
    return doc


def test_copy_is_numbered_from_the_copies_register_and_stamped_into_the_docx(engine, root, copy_doc):
    entry = issue(engine, root, copy_doc, actor="clerk", clock=at(2024, 5, 22, 9, 0)).entry
    assert (entry.year, entry.number, entry.number_symbol) == (2024, 1, "01/SY-UBND")
    assert entry.document["copy"]["number"] == 1 and entry.document["copy"]["date"] == "2024-05-22"
    assert entry.document["number"] == 86 and entry.document["date"] == "2024-05-20"  # the original is untouched
    texts = xml_texts(store.read(root, entry.sha256))
    assert "Số: 86/TB-UBND" in texts  # the original's own number
    assert "Số: 01/SY-UBND" in texts  # the copy's number from the copies register
    assert "SAO Y" in texts
    assert "Lục Nam, ngày 22 tháng 5 năm 2024" in texts
    with Session(engine) as session:
        reg = session.get(Register, entry.register_id)
        assert (reg.kind, reg.code, reg.name, reg.agency_name) == ("copies", "BS", "Sổ bản sao",
                                                                   "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM")
    cols = entry_dict(entry)["columns"]
    assert cols["type_summary"].startswith("Bản sao y thông báo số 86/TB-UBND: Kết luận của Chủ tịch UBND tỉnh")
    assert cols["signer"] == "Lương Văn Quyết"
    assert cols["recipients"] == ("TT Huyện ủy, TT HĐND huyện; Các phòng, ban chuyên môn thuộc UBND huyện; "
                                  "UBND các xã Trường Sơn, Vô Tranh")
    assert cols["archive_unit"] == "VT"
    assert cols["notes"] == "Sao từ văn bản số 86/TB-UBND ngày 20/05/2024 của ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
    assert [e.id for e in search(engine, q="86/TB-UBND").entries] == [entry.id]


def test_copies_have_their_own_sequence_shared_by_every_kind(engine, root, copy_doc, own_plan):
    clock = at(2024, 6, 3, 10, 0)
    first_own = issue(engine, root, own_plan, actor="a", clock=clock).entry
    sao_y = issue(engine, root, copy_doc, actor="a", clock=clock).entry
    sao_luc_doc = copy.deepcopy(copy_doc)
    sao_luc_doc["copy"]["kind"] = "sao_luc"
    sao_luc = issue(engine, root, sao_luc_doc, actor="a", clock=clock).entry
    trich = copy.deepcopy(copy_doc)
    trich["copy"]["kind"] = "trich_sao"
    trich_sao = issue(engine, root, trich, actor="a", clock=clock).entry
    second_own = issue(engine, root, own_plan, actor="a", clock=clock).entry
    assert [e.number_symbol for e in (first_own, sao_y, sao_luc, trich_sao, second_own)] == [
        "01/KH-UBND", "01/SY-UBND", "02/SL-UBND", "03/TrS-UBND", "02/KH-UBND"]
    assert first_own.register_id == second_own.register_id != sao_y.register_id == trich_sao.register_id
    # another copying agency starts its own copies register at 01
    other = copy.deepcopy(copy_doc)
    other["copy"]["issuer"] = {"name": "ỦY BAN NHÂN DÂN HUYỆN YÊN THẾ", "abbr": "UBND"}
    other["copy"]["place"] = "Yên Thế"
    assert issue(engine, root, other, actor="a", clock=clock).entry.number_symbol == "01/SY-UBND"
    with Session(engine) as session:
        kinds = sorted((r.agency_name, r.kind, r.code) for r in session.query(Register))
    assert kinds == [("ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "copies", "BS"),
                     ("ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "outgoing", "VBDI"),
                     ("ỦY BAN NHÂN DÂN HUYỆN YÊN THẾ", "copies", "BS")]


def test_copy_numbering_starts_again_on_1_january_vietnam_time(engine, root, copy_doc):
    last = [issue(engine, root, copy_doc, actor="a", clock=at(2024, 12, 31, 23, 59, 59)).entry for _ in range(2)]
    assert [(e.year, e.number) for e in last] == [(2024, 1), (2024, 2)]
    new_year = issue(engine, root, copy_doc, actor="a", clock=at(2025, 1, 1, 0, 0, 0)).entry
    assert (new_year.year, new_year.number_symbol, new_year.issue_date) == (2025, "01/SY-UBND", dt.date(2025, 1, 1))
    assert "Lục Nam, ngày 01 tháng 01 năm 2025" in xml_texts(store.read(root, new_year.sha256))


def test_idempotent_copy_retry_and_refusals(engine, root, copy_doc):
    clock = at(2024, 7, 1, 8, 0)
    first = issue(engine, root, copy_doc, actor="a", idempotency_key="copy-1", clock=clock)
    again = issue(engine, root, copy.deepcopy(copy_doc), actor="a", idempotency_key="copy-1", clock=clock)
    assert again.replayed and again.entry.id == first.entry.id and again.entry.number == 1
    numbered = copy.deepcopy(copy_doc)
    numbered["copy"]["number"] = 15
    with pytest.raises(BadInput) as err:
        issue(engine, root, numbered, actor="a", clock=clock)
    assert err.value.field == "copy.number" and "sổ bản sao" in err.value.vi
    draft_original = dict(copy.deepcopy(copy_doc), number=None)
    with pytest.raises(BadInput) as err:
        issue(engine, root, draft_original, actor="a", clock=clock)
    assert err.value.field == "number" and "đã ban hành" in err.value.vi
    assert issue(engine, root, copy_doc, actor="a", clock=clock).entry.number == 2  # nothing was burned


def test_upgrade_keeps_existing_registers_as_outgoing(tmp_path, own_plan):
    """A database made before copies existed: its registers become outgoing registers."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001_register")
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO registers (agency_key, agency_name, code, name, types, created_at) "
                          "VALUES ('ỦY BAN NHÂN DÂN HUYỆN LỤC NAM', 'ỦY BAN NHÂN DÂN HUYỆN LỤC NAM', 'VBDI', "
                          "'Sổ văn bản đi', NULL, '2024-01-01 00:00:00')"))
    upgrade(url)
    with Session(eng) as session:
        assert [(r.code, r.kind) for r in session.query(Register)] == [("VBDI", "outgoing")]
    entry = issue(eng, tmp_path / "store", own_plan, actor="a", clock=at(2024, 2, 1, 9, 0)).entry
    assert entry.register_id == 1 and entry.number_symbol == "01/KH-UBND"
    eng.dispose()


def test_export_keeps_copies_in_their_own_book(engine, root, copy_doc, own_plan):
    from openpyxl import load_workbook

    from service.register.export import export_year

    clock = at(2024, 8, 1, 9, 0)
    issue(engine, root, own_plan, actor="a", clock=clock)
    issue(engine, root, copy_doc, actor="a", clock=clock)
    data, rows = export_year(engine, 2024, "xlsx", actor="clerk")
    ws = load_workbook(io.BytesIO(data)).active
    assert rows == 1 and ws["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and ws["A6"].value == "01/KH-UBND"
    data, rows = export_year(engine, 2024, "xlsx", actor="clerk", register_code="BS")
    ws = load_workbook(io.BytesIO(data)).active
    assert rows == 1 and ws["A2"].value == "SỔ ĐĂNG KÝ BẢN SAO VĂN BẢN" and ws["A6"].value == "01/SY-UBND"
