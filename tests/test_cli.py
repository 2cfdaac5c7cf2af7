"""The `vanban` command as a clerk runs it: real process, real files, exit codes 0 / 2 / 1."""
import json
import subprocess
import sys
from pathlib import Path

import docx

from docx_helpers import texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "ke-hoach-2024.json"


def vanban(*args, input=None):
    return subprocess.run([sys.executable, "-m", "service", *args], input=input, capture_output=True, cwd=ROOT)


def test_render_writes_a_docx(tmp_path):
    out = tmp_path / "kh.docx"
    r = vanban("render", str(FIXTURE), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert "KẾ HOẠCH" in [p.text for p in docx.Document(out).paragraphs]


def test_render_stdin_to_stdout():
    r = vanban("render", "-", "-o", "-", input=FIXTURE.read_bytes())
    assert r.returncode == 0 and r.stdout[:2] == b"PK"
    assert "KT. GIÁM ĐỐC" in texts(r.stdout)


def test_invalid_input_exits_2_with_every_error_and_writes_nothing(tmp_path, plan):
    plan["date"] = "2024-02-31"
    del plan["signer"]["name"]
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(plan), encoding="utf-8")
    out = tmp_path / "bad.docx"
    r = vanban("render", str(src), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 2 and "date:" in err and "signer.name:" in err
    assert not out.exists() and not list(tmp_path.glob(".*tmp"))


def test_broken_json_names_line_and_column(tmp_path):
    src = tmp_path / "broken.json"
    src.write_text('{"type": "ke_hoach",\n "summary": }', encoding="utf-8")
    r = vanban("validate", str(src))
    assert r.returncode == 2 and "dòng 2" in r.stderr.decode() and "line 2" in r.stderr.decode()


def test_validate_and_schema():
    assert vanban("validate", str(FIXTURE)).returncode == 0
    schema = json.loads(vanban("schema", "ke_hoach").stdout)
    assert schema["$schema"].endswith("2020-12/schema") and schema["properties"]["signer"]["title"] == "Người ký"
    assert vanban("schema", "khong_co").returncode == 2


def test_words():
    assert vanban("words", "2024").stdout.decode().strip() == "hai nghìn không trăm hai mươi tư"
    assert vanban("words", "--money", "1250000").stdout.decode().strip() == \
        "Một triệu hai trăm năm mươi nghìn đồng"
    assert vanban("words", "--le", "--ngan", "105000").stdout.decode().strip() == "một trăm lẻ năm ngàn"
    assert vanban("words", "abc").returncode == 2
