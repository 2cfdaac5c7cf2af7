"""One bilingual message type (issue [model], "Messages"): refusals carry `Message(vi, en)` from where they are raised
to problem+json, the form pages and the CLI, with each language whole (never cut at a " / " inside a sentence)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.batch.naming import check_pattern
from service.batch.errors import BatchInputError
from service.compose.dates import parse_issue_date
from service.compose.symbols import symbol_problem
from service.importer import UnreadableInput, import_document
from service.input.load import parse_json
from service.limits import LimitExceeded
from service.messages import BilingualError, InvalidValue, Message
from service.reading.package import NotADocx, open_package
from service.rollforward import roll_forward
from service.validate import InvalidDocument

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "ke-hoach-2024.json"


def test_message_is_a_pair_printed_vi_first():
    m = Message("Tệp rỗng", "the file is empty")
    assert (m.vi, m.en, str(m)) == ("Tệp rỗng", "the file is empty", "Tệp rỗng / the file is empty")
    assert "rỗng" in m and "empty" in m and "full" not in m
    assert m.wrap("Không đọc được tệp: {}", "cannot read the file: {}") == \
        Message("Không đọc được tệp: Tệp rỗng", "cannot read the file: the file is empty")
    assert Message.join([m, Message("a", "b")]) == Message("Tệp rỗng; a", "the file is empty; b")
    with pytest.raises(TypeError):
        BilingualError("chỉ tiếng Việt")


def test_errors_raised_deep_down_carry_both_languages():
    with pytest.raises(NotADocx) as not_docx:
        open_package(b"")
    assert (not_docx.value.vi, not_docx.value.en) == ("Tệp rỗng", "the file is empty")
    assert str(not_docx.value) == "Tệp rỗng / the file is empty"
    with pytest.raises(InvalidValue) as bad_date:
        parse_issue_date("2024-02-30")
    assert bad_date.value.message == Message("Ngày 30 tháng 2 năm 2024 không tồn tại",
                                             "2024-02-30 is not a calendar date")
    with pytest.raises(UnreadableInput) as unreadable:
        import_document(b"\xff\xfe\x00\xd8 not text", "txt")
    assert "UTF-8" in unreadable.value.vi and "UTF-8" in unreadable.value.en and " / " not in unreadable.value.en
    assert isinstance(LimitExceeded("paragraphs", 3), BilingualError)
    problem = symbol_problem("KH--UBND")
    assert isinstance(problem, Message) and "nhóm thứ 2" in problem.vi and "nhóm thứ 2" not in problem.en


def test_a_message_that_itself_holds_a_slash_stays_whole():
    """A sentence with " / " inside (a file-name pattern may not contain / or \\) used to be cut there."""
    with pytest.raises(BatchInputError) as err:
        check_pattern("{stt:q}")
    [field] = err.value.errors
    assert field.vi.startswith("Mẫu tên tệp: định dạng “q”") and field.en.startswith("file-name pattern: the format")
    with pytest.raises(InvalidDocument) as invalid:
        parse_json(b'{"a": NaN}', "body")
    [field] = invalid.value.errors
    assert field.vi == "body: NaN không phải giá trị JSON" and field.en == "body: NaN is not a JSON value"


def test_problem_json_titles_come_from_the_message(client):
    r = client.post("/api/v1/check", data=b"not a zip", content_type="application/octet-stream")
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    body = r.get_json()
    assert body["title_vi"] == "Không phải tệp Word .docx (không phải tệp ZIP)"
    assert body["title"] == body["detail"] == "not a .docx file (not a ZIP archive)"

    r = client.post("/api/v1/import", data={"file": (io.BytesIO(b"PK\x03\x04 broken"), "cu.docx")},
                    content_type="multipart/form-data")
    body = r.get_json()
    assert r.status_code == 422 and body["title_vi"].startswith("Không đọc được tệp: ")
    assert body["title"].startswith("cannot read the file: ") and " / " not in body["title"]
    assert body["errors"][0]["path"] == "file" and body["errors"][0]["message_vi"] in body["title_vi"]

    doc = json.loads(SEED.read_text(encoding="utf-8"))
    r = client.post("/api/v1/roll-forward", json={"document": doc, "year": 2024})
    body = r.get_json()
    assert r.status_code == 422
    assert body["title_vi"] == "Năm mới 2024 không hợp lệ (phải khác 2024)"
    assert body["title"] == "new year 2024 is invalid (must differ from 2024)"
    assert body["errors"] == [{"path": "year", "message_vi": body["title_vi"], "message_en": body["title"]}]


def test_roll_forward_keeps_both_languages_of_a_bad_date():
    with pytest.raises(InvalidValue) as err:
        roll_forward({"date": "2024-13"})
    assert err.value.message == Message("date: Tháng 13 không tồn tại", "date: there is no month 13")


def test_the_cli_prints_vi_then_en(tmp_path):
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "service", "check", str(path)], capture_output=True, cwd=ROOT)
    assert r.returncode != 0
    assert "Tệp rỗng / the file is empty" in r.stderr.decode() + r.stdout.decode()
