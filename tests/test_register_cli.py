"""The register's CLI through the real `vanban` click group: db upgrade, issue, list, void, export,
token create, user create, and refusals with exit status 2 and a bilingual message."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from service.cli import cli
from service.batch.callback import callback_key
from service.register import auth
from service.register.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
PLAN = str(ROOT / "fixtures" / "ke-hoach-2024.json")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "VANBAN_DATA_DIR": str(tmp_path),
            "VANBAN_STORE_DIR": str(tmp_path / "store")}


def run(env: dict[str, str], *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def test_issue_list_void_export(env, tmp_path):
    assert run(env, "db", "upgrade").exit_code == 0
    out = tmp_path / "issued.docx"
    first = run(env, "issue", PLAN, "--date", "2024-02-05", "--idempotency-key", "cli-1", "-o", str(out))
    assert first.exit_code == 0, first.output
    assert "Số: 01/KH-LĐTBXH" in first.output and "2024-02-05" in first.output
    assert hashlib.sha256(out.read_bytes()).hexdigest() in first.output
    replay = run(env, "issue", PLAN, "--date", "2024-02-05", "--idempotency-key", "cli-1")
    assert "Số: 01/KH-LĐTBXH" in replay.output and "replayed" in replay.output
    second = run(env, "issue", PLAN, "--date", "2024-02-06")
    assert "Số: 02/KH-LĐTBXH" in second.output

    listed = run(env, "register", "list", "--year", "2024", "--json")
    items = json.loads(listed.output)["items"]
    assert [i["columns"]["number_symbol"] for i in items] == ["01/KH-LĐTBXH", "02/KH-LĐTBXH"]
    assert all(i["issued_by"].startswith("cli") for i in items)
    table = run(env, "register", "list", "-q", "truong duc huan")
    assert "02/KH-LĐTBXH" in table.output and "2 văn bản" in table.output

    voided = run(env, "register", "void", str(items[1]["id"]), "--reason", "Trùng nội dung")
    assert voided.exit_code == 0 and "02/KH-LĐTBXH" in voided.output

    xlsx = tmp_path / "so-di-2024.xlsx"
    exported = run(env, "register", "export", "--year", "2024", "-o", str(xlsx))
    assert exported.exit_code == 0 and "2 dòng" in exported.output
    ws = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert ws.max_column == 10 and ws.max_row == 5 + 2
    docx = tmp_path / "so-di-2024.docx"
    assert run(env, "register", "export", "--year", "2024", "-o", str(docx)).exit_code == 0
    assert docx.read_bytes()[:2] == b"PK"

    check = run(env, "register", "check")
    assert check.exit_code == 0 and "rows without file: 0" in check.output


def test_refusals_exit_2_with_bilingual_message(env, tmp_path):
    draft = json.loads(Path(PLAN).read_text(encoding="utf-8"))
    numbered = tmp_path / "numbered.json"
    numbered.write_text(json.dumps(dict(draft, number=4), ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(cli, ["issue", str(numbered)], env=env)
    assert res.exit_code == 2 and "number:" in res.output and "/" in res.output
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(dict(draft, signer={"name": "X"}), ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(cli, ["issue", str(invalid)], env=env)
    assert res.exit_code == 2 and "signer" in res.output
    res = CliRunner().invoke(cli, ["issue", str(tmp_path / "missing.json")], env=env)
    assert res.exit_code == 2 and "missing.json" in res.output
    res = CliRunner().invoke(cli, ["issue", PLAN, "--date", "5/2/2024"], env=env)
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    res = CliRunner().invoke(cli, ["register", "void", "42", "--reason", "x"], env=env)
    assert res.exit_code == 2 and "42" in res.output
    res = CliRunner().invoke(cli, ["register", "export", "--year", "2024", "-o", str(tmp_path / "x.pdf")], env=env)
    assert res.exit_code == 2 and "xlsx" in res.output
    assert "Traceback" not in res.output


def test_token_user_and_register_configuration(env):
    created = run(env, "token", "create", "--role", "clerk", "--label", "hệ thống một cửa")
    token = created.stdout.strip()
    assert callback_key(token) in created.stderr  # the key that signs its batches' callbacks
    engine = make_engine(env["DATABASE_URL"])
    try:
        assert auth.principal_for_token(engine, token).role == "clerk"
        created = run(env, "user", "create", "mai", "--role", "clerk", "--password-stdin",
                      input="mật khẩu đủ dài\n")
        assert created.exit_code == 0, created.output
        assert auth.authenticate(engine, "mai", "mật khẩu đủ dài").role == "clerk"
    finally:
        engine.dispose()
    added = run(env, "register", "add", "--issuer-name", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                "--issuer-parent", "UBND TỈNH BẮC GIANG", "--code", "BC", "--title", "Sổ báo cáo", "--type", "bao_cao")
    assert added.exit_code == 0, added.output
    clash = CliRunner().invoke(cli, ["register", "add", "--issuer-name", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                                     "--issuer-parent", "UBND TỈNH BẮC GIANG", "--code", "BC2", "--type", "bao_cao"],
                               env=env)
    assert clash.exit_code == 2 and "bao_cao" in clash.output
    assert "[BC] Sổ báo cáo: bao_cao" in run(env, "register", "registers").output


def test_deliver_records_columns_8_and_9(env):
    assert run(env, "db", "upgrade").exit_code == 0
    assert run(env, "issue", PLAN, "--date", "2024-02-05").exit_code == 0
    entry_id = json.loads(run(env, "register", "list", "--year", "2024", "--json").output)["items"][0]["id"]
    done = run(env, "register", "deliver", str(entry_id), "--date-sent", "2024-02-06", "--received-by", "Chị Lan")
    assert done.exit_code == 0 and "06/02/2024" in done.output
    cols = json.loads(run(env, "register", "list", "--year", "2024", "--json").output)["items"][0]["columns"]
    assert cols["date_sent"] == "2024-02-06" and cols["received_by"] == "Chị Lan"
    early = run(env, "register", "deliver", str(entry_id), "--date-sent", "2024-01-01", "--received-by", "x")
    assert early.exit_code == 2
