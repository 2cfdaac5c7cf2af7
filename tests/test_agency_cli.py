"""`vanban agency …`, `user create --agency`, `token create --agency` and `render --agency-file`."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from docx_helpers import full_text
from service.cli import cli
from service.register import auth
from service.register.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "fixtures" / "agency" / "sldtbxh-bg.json"
SHORT = ROOT / "fixtures" / "agency" / "ke-hoach-ngan.json"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_add_list_show_export_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    db = ["--database-url", url]
    assert run("agency", "add", "--from", str(PROFILE), *db).exit_code == 0
    again = run("agency", "add", "--from", str(PROFILE), *db)
    assert again.exit_code == 2 and "sldtbxh-bg" in again.output
    listed = run("agency", "list", *db).output
    assert "sldtbxh-bg\tLĐTBXH\tUBND TỈNH BẮC GIANG - SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in listed
    shown = json.loads(run("agency", "show", "sldtbxh-bg", *db).output)
    assert shown["signers"][0]["id"] == "huan" and shown["footer"]["phone"] == "0204.3854.336"
    assert run("agency", "show", "khong-co", *db).exit_code == 2
    out = tmp_path / "agencies.json"
    assert run("agency", "export", "-o", str(out), *db).exit_code == 0
    other = ["--database-url", f"sqlite:///{tmp_path / 'b.db'}"]
    assert run("agency", "import", str(out), *other).exit_code == 0
    assert json.loads(run("agency", "show", "sldtbxh-bg", *other).output) == shown
    assert run("agency", "import", str(out), *other).exit_code == 2  # exists: refused without --replace
    assert "updated sldtbxh-bg" in run("agency", "import", str(out), "--replace", *other).output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"code": "x", "name": "", "abbr": "A"}), encoding="utf-8")
    refused = run("agency", "add", "--from", str(bad), *db)
    assert refused.exit_code == 2 and "name" in refused.output


def test_a_profile_without_parent_name_text_or_place_exports_and_imports_again(tmp_path):
    """`show`/`export` print the absent optional texts as null; importing that file reads null as not given."""
    source = tmp_path / "snv.json"
    source.write_text(json.dumps({"code": "snv", "name": "SỞ NỘI VỤ", "abbr": "SNV"}), encoding="utf-8")
    db = ["--database-url", f"sqlite:///{tmp_path / 'a.db'}"]
    assert run("agency", "add", "--from", str(source), *db).exit_code == 0
    out = tmp_path / "agencies.json"
    assert run("agency", "export", "-o", str(out), *db).exit_code == 0
    shown = json.loads(run("agency", "show", "snv", *db).output)
    assert shown["parent"] is None and json.loads(out.read_text(encoding="utf-8"))["agencies"] == [shown]
    other = ["--database-url", f"sqlite:///{tmp_path / 'b.db'}"]
    imported = run("agency", "import", str(out), *other)
    assert imported.exit_code == 0, imported.output
    assert json.loads(run("agency", "show", "snv", *other).output) == shown


def test_accounts_and_tokens_belong_to_an_agency(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    db = ["--database-url", url]
    run("agency", "add", "--from", str(PROFILE), *db)
    needs = run("user", "create", "mai", "--role", "clerk", "--password-stdin", *db, input="mật khẩu dài đủ\n")
    assert needs.exit_code == 2 and "--agency" in needs.output
    made = run("user", "create", "mai", "--role", "clerk", "--agency", "sldtbxh-bg", "--password-stdin", *db,
               input="mật khẩu dài đủ\n")
    assert made.exit_code == 0, made.output
    unknown = run("token", "create", "--role", "clerk", "--agency", "khong-co", *db)
    assert unknown.exit_code == 2 and "khong-co" in unknown.output
    # the token alone on stdout (stderr carries its callback key)
    token = run("token", "create", "--role", "drafter", "--agency", "sldtbxh-bg", *db).stdout.strip()
    # an account made before the agency profiles gets its agency afterwards
    engine = make_engine(url)
    auth.create_user(engine, "cu", "mật khẩu dài đủ", "clerk")
    engine.dispose()
    assert auth_agencies(url, "cu") is None
    assert run("user", "agencies", "cu", "--agency", "sldtbxh-bg", *db).exit_code == 0
    assert auth_agencies(url, "cu") is not None
    engine = make_engine(url)
    try:
        (agency_id,) = auth.authenticate(engine, "mai", "mật khẩu dài đủ").agencies
        assert auth.principal_for_token(engine, token).agencies == (agency_id,)
    finally:
        engine.dispose()


def test_render_with_an_agency_file_or_the_database(tmp_path):
    out = tmp_path / "kh.docx"
    assert run("render", str(SHORT), "-o", str(out), "--agency-file", str(PROFILE)).exit_code == 0
    text = full_text(out.read_bytes())
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text and "Trương Đức Huấn" in text
    url = f"sqlite:///{tmp_path / 'a.db'}"
    missing = CliRunner().invoke(cli, ["render", str(SHORT), "-o", str(tmp_path / "x.docx")],
                                 env={"DATABASE_URL": url})
    assert missing.exit_code == 2 and "agency" in missing.output and not (tmp_path / "x.docx").exists()
    run("agency", "add", "--from", str(PROFILE), "--database-url", url)
    from_db = CliRunner().invoke(cli, ["render", str(SHORT), "-o", str(tmp_path / "y.docx")], env={"DATABASE_URL": url})
    assert from_db.exit_code == 0 and "Trương Đức Huấn" in full_text((tmp_path / "y.docx").read_bytes())
    assert run("validate", str(SHORT), "--agency-file", str(PROFILE)).exit_code == 0


def auth_agencies(url: str, username: str):
    engine = make_engine(url)
    try:
        return auth.authenticate(engine, username, "mật khẩu dài đủ").agencies
    finally:
        engine.dispose()
