"""Migration 0004_agency on a register database created by the previous release (schema 0003_session_epoch), on
SQLite and PostgreSQL: agencies are created from the issuer names in use (a dash variant joins its agency), every
register is mapped, every number, counter and entry stays, numbering continues, and the mapping is reported."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from db_support import private_database
from service.cli import cli
from service.register.db import make_engine
from service.register.issue import issue

ROOT = Path(__file__).resolve().parents[1]
LDTBXH = ("UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
LDTBXH_DASH = ("UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI")
LUC_NAM = (None, "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_url(request, tmp_path):
    """A database migrated only as far as the previous release (0003_session_epoch)."""
    with private_database(request.param, tmp_path, "0003_session_epoch") as url:
        yield url


def old_key(parent, name):
    """How the previous release keyed a register: parent / name, spaces collapsed, upper case (dashes kept)."""
    return f"{parent} / {name}" if parent else name


def fill_previous_release(conn, plan: dict) -> list[tuple]:
    """Registers, counters and entries as the previous release wrote them; returns (register, year, number,
    number_symbol) of every entry."""
    regs = [(1, LDTBXH, "VBDI", "outgoing", "LĐTBXH"), (2, LDTBXH_DASH, "VBDI", "outgoing", "LĐTBXH"),
            (3, LDTBXH, "BS", "copies", "LĐTBXH"), (4, LUC_NAM, "VBDI", "outgoing", "UBND"),
            (5, LUC_NAM, "QD", "outgoing", "UBND")]
    entries = []
    for rid, (parent, name), code, kind, abbr in regs:
        conn.execute(text("INSERT INTO registers (id, agency_key, agency_name, code, name, types, created_at, kind) "
                          "VALUES (:id, :key, :display, :code, :title, :types, :at, :kind)"),
                     {"id": rid, "key": old_key(parent, name), "display": name, "code": code, "title": code,
                      "types": json.dumps(["quyet_dinh"]) if code == "QD" else None, "at": dt.datetime(2024, 1, 1),
                      "kind": kind})
        count = 3 if rid != 3 else 1
        for year in (2023, 2024):
            conn.execute(text("INSERT INTO register_counters (register_id, year, last_number) VALUES (:r, :y, :n)"),
                         {"r": rid, "y": year, "n": count})
            for n in range(1, count + 1):
                doc = dict(plan, number=n, date=f"{year}-03-0{n}", issuer={"parent": parent, "name": name,
                                                                          "abbr": abbr})
                if parent is None:
                    doc["issuer"].pop("parent")
                symbol = f"{n:02d}/{'SY' if kind == 'copies' else 'KH'}-{abbr}"
                entries.append((rid, year, n, symbol))
                conn.execute(text(
                    "INSERT INTO register_entries (register_id, year, number, doc_type, number_symbol, issue_date, "
                    "type_summary, signer, recipients, archive_unit, symbol, summary, search_text, sha256, size, "
                    "media_type, filename, document, request_sha256, issued_by, issued_at) VALUES (:r, :y, :n, "
                    "'ke_hoach', :sym, :d, 'Kế hoạch', 'Trương Đức Huấn', 'Lãnh đạo Sở', 'VT', :sym, 'Kế hoạch', "
                    "'ke hoach', :sha, 1, 'application/x', 'f.docx', :doc, 'x', 'cli:old', :at)"),
                    {"r": rid, "y": year, "n": n, "sym": symbol, "d": dt.date(year, 3, n), "sha": f"{rid}{year}{n}",
                     "doc": json.dumps(doc, ensure_ascii=False), "at": dt.datetime(year, 3, n)})
    if conn.dialect.name == "postgresql":  # rows were inserted with explicit ids
        conn.execute(text("SELECT setval('registers_id_seq', 5)"))
    return entries


def test_upgrade_maps_names_to_agencies_and_keeps_every_number(old_url, tmp_path):
    plan = json.loads((ROOT / "fixtures" / "ke-hoach-2024.json").read_text(encoding="utf-8"))
    engine = make_engine(old_url)
    try:
        with engine.begin() as conn:
            before = fill_previous_release(conn, plan)
        result = CliRunner().invoke(cli, ["db", "upgrade", "--database-url", old_url])
        assert result.exit_code == 0, result.output
        # the mapping is printed: two agencies, the dash variant under the hyphen spelling, its VBDI renamed
        assert result.output.count("agency ") == 2
        assert "register 2 [VBDI2] (was VBDI)" in result.output
        assert "SỞ LAO ĐỘNG – THƯƠNG BINH" in result.output  # the variant spelling is named in the report
        with engine.connect() as conn:
            after = conn.execute(text("SELECT e.register_id, e.year, e.number, e.number_symbol FROM register_entries e "
                                      "ORDER BY e.id")).all()
            counters = conn.execute(text("SELECT register_id, year, last_number FROM register_counters "
                                         "ORDER BY register_id, year")).all()
            agencies = conn.execute(text("SELECT a.code, a.abbr, a.place, r.id, r.code FROM registers r JOIN agencies a "
                                         "ON a.id = r.agency_id ORDER BY r.id")).all()
        assert [tuple(r) for r in after] == before
        assert len(counters) == 10 and all(n == (1 if r == 3 else 3) for r, _, n in counters)
        codes = {r[0] for r in agencies}
        assert len(codes) == 2
        by_register = {r[3]: (r[0], r[4]) for r in agencies}
        assert by_register[1][0] == by_register[2][0] == by_register[3][0]  # one agency for both spellings
        assert by_register[4][0] == by_register[5][0] != by_register[1][0]
        assert [by_register[i][1] for i in (1, 2, 3, 4, 5)] == ["VBDI", "VBDI2", "BS", "VBDI", "QD"]
        assert agencies[0][1:3] == ("LĐTBXH", "Bắc Giang")  # taken from the agency's issued documents
        # numbering goes on where it stopped, for either spelling of the name
        issue_at = dt.datetime(2024, 5, 6, 2, 0, tzinfo=dt.timezone.utc)
        draft = dict(plan, number=None, date=None)
        dash = json.loads(json.dumps(draft))
        dash["issuer"]["name"] = LDTBXH_DASH[1]
        numbers = [issue(engine, tmp_path / "store", d, actor="t", clock=lambda: issue_at).entry
                   for d in (draft, dash)]
        assert [(e.register_id, e.number) for e in numbers] == [(1, 4), (1, 5)]
        report = CliRunner().invoke(cli, ["agency", "migrate-report", "--database-url", old_url])
        assert report.exit_code == 0 and "register 2 [VBDI2] (was VBDI)" in report.output
    finally:
        engine.dispose()
