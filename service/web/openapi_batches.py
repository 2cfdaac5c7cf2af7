"""The OpenAPI description of the operations beyond single documents: batches (`/api/v1/batches`), next year's
draft (`/api/v1/roll-forward`) and the conformance check (`/api/v1/check`).

The schemas state what the service accepts, as far as JSON Schema can say it: a batch's rows may only name the
fields of the base document's type (one variant per type), the file-name pattern only its placeholders, the
callback URL only what the allow-list admits (nothing when callbacks are off), the row count the configured budget.
What no schema can state — that a row's merged document is valid — is a per-row result, never a refusal.
"""
from __future__ import annotations

import json
import re

from service.batch.naming import DEFAULT_PATTERN
from service.model.schema import schema_for
from service.rules.types import TYPES
from service.web.openapi_rules import BEFORE_2999, CALENDAR_DATE_PATTERN, calendar_date_pattern

ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BEARER = [{"bearer": []}]
META_COLUMNS = {"stt": "Số thứ tự trong tên tệp (mặc định: vị trí của dòng)",
                "don_vi": "Tên đơn vị trong tên tệp (mặc định: unit, hoặc tên cơ quan ban hành)"}
# A name pattern: literal text (no path separators, braces, white space at the ends or control characters) and
# placeholders; the numbers take a zero-padded width of one digit. No surrogate escapes: validators built on other
# regex engines (Rust's) refuse them, so lone surrogates are refused in code (service.web.batch_api).
_LITERAL = r"[^{}/\\\s\x00-\x1f\x7f\ufffe\uffff.]"
_PLACEHOLDER = r"\{(?:(?:stt|row)(?::0?[1-9])?|symbol|unit|type)\}"
NAME_PATTERN = rf"^(?:{_PLACEHOLDER}|{_LITERAL})(?:{_PLACEHOLDER}|{_LITERAL}|[ .])*$"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _resp(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _callback_url_schema(allow: tuple[str, ...]) -> dict:
    """callback_url as the allow-list admits it; no value at all when callbacks are off."""
    if not allow:
        return {"not": {}, "description": "Máy chủ này không bật gọi lại (VANBAN_CALLBACK_ALLOW trống) / callbacks "
                                          "are disabled on this server"}
    options = []
    for entry in allow:
        if "://" in entry:
            options.append(re.escape(entry if entry.count("/") > 2 else entry + "/"))
        else:
            host = re.escape(entry.lower().lstrip("."))
            sub = r"(?:[a-z0-9-]+\.)+" if entry.startswith(".") else ""
            options.append(rf"https?://{sub}{host}(?::[0-9]{{1,5}})?/")
    return {"type": "string", "maxLength": 2000, "pattern": "^(?:" + "|".join(options) + r")[!#-~]*$",
            "description": "URL nhận thông báo khi lô kết thúc; phải thuộc danh sách VANBAN_CALLBACK_ALLOW và trỏ tới "
                           "địa chỉ công khai (trừ khi được phép rõ) / notified when the job ends; must be on the "
                           "allow-list and resolve to a public address unless explicitly allowed",
            "examples": [allow[0] if "://" in allow[0] else f"https://{allow[0].lstrip('.')}/hooks/vanban"]}


def _continuations(node: dict) -> str:
    """The regex of what may follow a path that reached `node` (service.batch.paths.schema_at walks the same way:
    an index into an "array" with items, a name among an object's properties)."""
    alts = []
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        alts.append(r"\[[0-9]+\]" + _continuations(node["items"]))
    props = node.get("properties")
    if isinstance(props, dict):
        alts.append(r"\.(?:" + "|".join(re.escape(k) + _continuations(v) for k, v in props.items()) + ")")
    return f"(?:{'|'.join(alts)})?" if alts else ""


def _row_schema(type_id: str) -> dict:
    """One row of a batch of `type_id`: a value per field path of the type (any JSON value: a string reads like a
    table cell; whether the merged document is valid is the row's result, not a refusal)."""
    fields = schema_for(type_id).get("properties", {})
    props: dict[str, dict] = {name: {} for name in fields}
    props.update({name: {"type": ["string", "integer"], "description": text} for name, text in META_COLUMNS.items()})
    nested = "^(?:" + "|".join(re.escape(k) + _continuations(v)[:-1] for k, v in fields.items()
                               if _continuations(v)) + ")$"
    return {"type": "object", "additionalProperties": False, "properties": props, "patternProperties": {nested: {}},
            "description": "Cột = đường dẫn trường (issuer.name, body.sections[2].items[0].title) ghi đè lên văn bản "
                           "gốc; chuỗi đọc như ô bảng ((trống) xóa trường, danh sách cách nhau bằng ;), giá trị "
                           "JSON khác ghi nguyên, null xóa trường."}


def _batch_request(type_id: str, max_rows: int, allow: tuple[str, ...]) -> dict:
    return {
        "type": "object", "title": f"Batch_{type_id}", "additionalProperties": False, "required": ["base", "rows"],
        "properties": {
            "base": {"type": "object", "required": ["type"], "properties": {"type": {"const": type_id}},
                     "description": "Văn bản gốc; mỗi dòng được ghi đè lên bản sao của nó / the base document"},
            "rows": {"type": "array", "minItems": 1, "maxItems": max_rows, "items": _row_schema(type_id),
                     "description": f"Các dòng (tối đa {max_rows}, VANBAN_BATCH_MAX_ROWS)"},
            "format": {"type": "string", "enum": ["docx", "pdf"], "default": "docx"},
            "name_pattern": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NAME_PATTERN,
                             "default": DEFAULT_PATTERN, "description": "Tên tệp trong zip: {stt:02}, {row}, "
                             "{symbol}, {unit}, {type} và chữ (không có / \\ { })"},
            "issue": {"type": "boolean", "default": False,
                      "description": "Ban hành (cấp số) từng văn bản qua sổ; cần vai trò clerk (403 nếu không)"},
            "callback_url": _callback_url_schema(allow),
        },
    }


def components(max_rows: int, allow: tuple[str, ...]) -> dict:
    schemas = {f"Batch_{tid}": _batch_request(tid, max_rows, allow) for tid in TYPES}
    rows: dict[str, str] = {}  # types with the same fields share one row component
    for tid in TYPES:
        items = schemas[f"Batch_{tid}"]["properties"]["rows"]
        key = json.dumps(items["items"], sort_keys=True, ensure_ascii=False)
        if key not in rows:
            rows[key] = f"BatchRow{len(rows) + 1}"
            schemas[rows[key]] = items["items"]
        items["items"] = _ref(rows[key])
    schemas["BatchRequest"] = {"title": "BatchRequest", "oneOf": [_ref(f"Batch_{tid}") for tid in TYPES]}
    schemas["BatchMultipart"] = {
        "type": "object", "required": ["table"],
        "properties": {
            "table": {"type": "string", "contentMediaType": "application/octet-stream",
                      "description": "Bảng .xlsx/.csv (cột = đường dẫn trường), .json (mảng các dòng) hoặc .jsonl "
                                     "(mỗi dòng một văn bản đầy đủ; không cần base)"},
            "base": {"type": "string", "contentMediaType": "application/json", "description": "Văn bản gốc (JSON)"},
            "format": {"type": "string", "enum": ["docx", "pdf"]},
            "name_pattern": {"type": "string", "maxLength": 200, "pattern": NAME_PATTERN},
            "issue": {"type": "string", "enum": ["true", "false"]},
            "callback_url": _callback_url_schema(allow),
        },
    }
    links = {"type": "object", "required": ["self", "download"],
             "properties": {"self": {"type": "string"}, "download": {"type": "string"}}}
    state = {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled"]}
    schemas["BatchCreated"] = {"type": "object", "required": ["id", "state", "links"],
                               "properties": {"id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                                              "state": {"const": "queued"}, "links": links}}
    counts = {"type": "object", "required": ["total", "done", "ok", "failed", "cancelled"],
              "properties": {k: {"type": "integer", "minimum": 0} for k in ("total", "done", "ok", "failed",
                                                                          "cancelled")}}
    row = {"type": "object", "required": ["row", "stt", "status", "files", "number_symbol", "errors"], "properties": {
        "row": {"type": "integer", "description": "chỉ số trong rows (từ 0); dòng bảng tính; dòng JSON Lines"},
        "stt": {"type": "integer"}, "status": {"type": "string", "enum": ["ok", "error", "cancelled"]},
        "files": {"type": "array", "items": {"type": "string"}},
        "number_symbol": {"type": ["string", "null"], "description": "Số, ký hiệu khi lô ban hành (01/KH-LĐTBXH)"},
        "errors": {"type": "array", "items": _ref("FieldError")}}}
    summary = {"id": {"type": "string"}, "state": state, "format": {"type": "string", "enum": ["docx", "pdf"]},
               "name_pattern": {"type": "string"}, "issue": {"type": "boolean"}, "counts": counts,
               "progress": {"type": "number", "minimum": 0, "maximum": 1},
               "created": {"type": ["number", "null"]}, "started": {"type": ["number", "null"]},
               "finished": {"type": ["number", "null"]}, "links": links}
    schemas["BatchSummary"] = {"type": "object", "required": ["id", "state", "counts", "progress", "links"],
                               "properties": summary}
    schemas["Batch"] = {"type": "object", "required": ["id", "state", "counts", "progress", "links", "rows",
                                                       "errors"],
                        "properties": {**summary, "rows": {"type": "array", "items": row},
                                       "errors": {"type": "array", "items": _ref("FieldError")},
                                       "callback": {"type": ["object", "null"], "properties": {
                                           "state": {"type": "string", "enum": ["pending", "delivered", "failed"]},
                                           "attempts": {"type": "integer"},
                                           "last_status": {"type": ["integer", "null"]},
                                           "last_error": {"type": ["string", "null"]}}}}}
    return schemas


def _job_param() -> dict:
    return {"name": "job_id", "in": "path", "required": True, "description": "Mã lô (32 ký tự hex)",
            "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"}, "example": "3f2b8c0d9e6a4b1c8d7e6f5a4b3c2d1e"}


def _example_batch() -> dict:
    return {"base": {"type": "ke_hoach", "issuer": {"parent": "UBND TỈNH BẮC GIANG", "name": "SỞ LAO ĐỘNG - THƯƠNG "
                                                    "BINH VÀ XÃ HỘI", "abbr": "LĐTBXH"},
                     "place": "Bắc Giang", "date": "2025-02",
                     "summary": "Triển khai thực hiện Phong trào năm 2025",
                     "body": {"sections": [{"title": "Tổ chức thực hiện", "items": [{"paragraphs": ["…"]}]}]},
                     "noi_nhan": ["Lãnh đạo Sở"], "luu": ["VT", "VP"],
                     "signer": {"authority": "KT.", "head_title": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                                "name": "Trương Đức Huấn"}},
            "rows": [{"stt": 1, "don_vi": "Văn phòng Sở", "kinh_gui": "Văn phòng Sở"},
                     {"stt": 2, "don_vi": "Thanh tra Sở", "kinh_gui": ["Thanh tra Sở"]}],
            "format": "docx", "name_pattern": DEFAULT_PATTERN, "issue": False}


def paths() -> dict:
    problems = {"401": _resp("Unauthorised"), "404": _resp("NotFound")}
    batch_example = {"id": "3f2b8c0d9e6a4b1c8d7e6f5a4b3c2d1e", "state": "done", "format": "docx",
                     "name_pattern": DEFAULT_PATTERN, "issue": False,
                     "counts": {"total": 2, "done": 2, "ok": 1, "failed": 1, "cancelled": 0}, "progress": 1.0,
                     "rows": [{"row": 0, "stt": 1, "status": "ok", "files": ["01-KH-LDTBXH-Van-phong-So.docx"],
                               "number_symbol": None, "errors": []},
                              {"row": 1, "stt": 2, "status": "error", "files": [], "number_symbol": None,
                               "errors": [{"path": "date", "message_vi": "Ngày 30 tháng 2 năm 2025 không tồn tại",
                                           "message_en": "2025-02-30 is not a calendar date"}]}],
                     "errors": [], "callback": None,
                     "links": {"self": "/api/v1/batches/3f2b8c0d9e6a4b1c8d7e6f5a4b3c2d1e",
                               "download": "/api/v1/batches/3f2b8c0d9e6a4b1c8d7e6f5a4b3c2d1e/download"}}
    return {
        "/api/v1/batches": {
            "post": {
                "operationId": "createBatch", "tags": ["batches"], "security": BEARER,
                "summary": "Tạo lô văn bản: văn bản gốc + các dòng → zip / start a batch",
                "description": "Mỗi dòng ghi đè lên văn bản gốc như các cột của bảng; dòng lỗi được báo trong kết quả, "
                               "không làm hỏng cả lô. `issue: true` cấp số từng văn bản (vai trò clerk). Giới hạn: "
                               "số dòng mỗi lô (413), số lô chưa xong mỗi mã truy cập (429).",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("BatchRequest"),
                                         "examples": {"ke_hoach": {"summary": "Kế hoạch gửi 2 đơn vị",
                                                                   "value": _example_batch()}}},
                    "multipart/form-data": {"schema": _ref("BatchMultipart"),
                                            "encoding": {"table": {"contentType": "application/octet-stream"},
                                                         "base": {"contentType": "application/json"}}}}},
                "responses": {
                    "202": {"description": "Đã nhận, đang chờ chạy / accepted",
                            "headers": {"Location": {"schema": {"type": "string"}, "description": "URL của lô"}},
                            "content": {"application/json": {"schema": _ref("BatchCreated"), "example": {
                                "id": batch_example["id"], "state": "queued", "links": batch_example["links"]}}}},
                    "401": _resp("Unauthorised"), "403": _resp("Forbidden"), "413": _resp("TooLarge"),
                    "415": _resp("UnsupportedMediaType"), "422": _resp("Invalid"), "429": _resp("TooManyJobs"),
                    "503": _resp("QueueUnavailable")}},
            "get": {
                "operationId": "listBatches", "tags": ["batches"], "security": BEARER,
                "summary": "Các lô của mã truy cập này, mới nhất trước / the caller's jobs",
                "responses": {"200": {"description": "Danh sách lô", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["batches"],
                               "properties": {"batches": {"type": "array", "items": _ref("BatchSummary")}}}}}},
                    "401": _resp("Unauthorised")}}},
        "/api/v1/batches/{job_id}": {
            "parameters": [_job_param()],
            "get": {
                "operationId": "getBatch", "tags": ["batches"], "security": BEARER,
                "summary": "Trạng thái, số đếm, tiến độ và kết quả từng dòng / state and per-row results",
                "responses": {"200": {"description": "Lô", "content": {"application/json": {
                    "schema": _ref("Batch"), "example": batch_example}}}, **problems}},
            "delete": {
                "operationId": "cancelBatch", "tags": ["batches"], "security": BEARER,
                "summary": "Hủy: không bắt đầu thêm dòng nào; phần đã xong vẫn tải được / cancel",
                "responses": {"202": {"description": "Đang dừng (hoặc đã dừng)", "content": {"application/json": {
                    "schema": _ref("Batch")}}}, **problems, "409": _resp("Ended")}}},
        "/api/v1/batches/{job_id}/download": {
            "parameters": [_job_param()],
            "get": {
                "operationId": "downloadBatch", "tags": ["batches"], "security": BEARER,
                "summary": "Tệp zip: các văn bản và bao-cao.csv (báo cáo từng dòng) / the zip with its report",
                "responses": {"200": {"description": "zip", "content": {ZIP: {"schema": {
                    "type": "string", "contentMediaType": ZIP}}}},
                    **problems, "409": _resp("NotReady")}}},
        "/api/v1/roll-forward": {"post": {
            "operationId": "rollForward", "tags": ["documents"], "security": [{}, *BEARER],
            "summary": "Bản dự thảo năm sau: bỏ số, dời ngày và “năm …” (trừ trích dẫn) / next year's draft",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref("RollForwardRequest"),
                "example": {"document": {"type": "ke_hoach", "date": "2024-02-05", "number": 15,
                                         "summary": "Triển khai Phong trào năm 2024"}, "year": 2025}}}},
            "responses": {"200": {"description": "Văn bản mới, các thay đổi và chỗ giữ nguyên", "content": {
                "application/json": {"schema": _ref("RolledForward")}}},
                "401": _resp("Unauthorised"), "403": _resp("Forbidden"), "413": _resp("TooLarge"),
                "415": _resp("UnsupportedMediaType"), "422": _resp("Invalid")}}},
        "/api/v1/check": {"post": {
            "operationId": "checkDocx", "tags": ["documents"], "security": [{}, *BEARER],
            "summary": "Kiểm tra thể thức một tệp .docx bất kỳ / conformance report of any .docx",
            "description": "Tệp gửi trong trường `file` của multipart, hoặc là toàn bộ nội dung yêu cầu.",
            "requestBody": {"required": True, "content": {
                "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                    "file": {"type": "string", "contentMediaType": DOCX}}}},
                DOCX: {"schema": {"type": "string", "contentMediaType": DOCX}}}},
            "responses": {"200": {"description": "Báo cáo", "content": {"application/json": {
                "schema": _ref("CheckReport")}}},
                "400": _resp("NoFile"), "401": _resp("Unauthorised"), "403": _resp("Forbidden"),
                "413": _resp("TooLarge"), "422": _resp("NotADocx")}}},
    }


def extra_components(calendar_date: str = CALENDAR_DATE_PATTERN) -> dict:
    """Schemas of roll-forward and the check report."""
    date = {"type": "string", "pattern": calendar_date}
    year = {"type": ["integer", "null"], "minimum": 1900, "maximum": 2999}  # null: not given
    given = {"required": ["from_year"], "properties": {"from_year": {"type": "integer"}}}
    return {
        "RollForwardRequest": {
            "type": "object", "required": ["document"],
            "properties": {"document": {"type": "object", "properties": {"date": {
                "type": ["string", "null"], "anyOf": [{"maxLength": 0}, {"pattern": calendar_date}]}}},
                           "year": {**year, "description": "Năm mới (mặc định: năm sau năm của văn bản); khác năm cũ"},
                           "from_year": {**year, "description": "Năm của văn bản khi nó chưa có ngày"}},
            "allOf": [
                # the document's own year comes from from_year, or else from its date …
                {"anyOf": [given,
                           {"properties": {"document": {"required": ["date"], "properties": {"date": date}}}}]},
                # … and without `year` the next year is taken, which 2999 does not have
                {"anyOf": [{"required": ["year"], "properties": {"year": {"type": "integer"}}},
                           {**given, "properties": {"from_year": {"type": "integer", "maximum": 2998}}},
                           {"not": given, "properties": {"document": {"properties": {
                               "date": {"pattern": calendar_date_pattern(BEFORE_2999)}}}}}]}],
        },
        "RolledForward": {"type": "object", "required": ["document", "from_year", "year", "changes", "kept"],
                          "properties": {"document": {"type": "object"}, "from_year": {"type": "integer"},
                                         "year": {"type": "integer"},
                                         "changes": {"type": "array", "items": {"type": "object"}},
                                         "kept": {"type": "array", "items": {"type": "object"}}}},
        "CheckReport": {"type": "object", "required": ["ok", "errors", "warnings", "findings"],
                        "properties": {"ok": {"type": "boolean"}, "errors": {"type": "integer"},
                                       "warnings": {"type": "integer"},
                                       "findings": {"type": "array", "items": {"type": "object"}},
                                       "elements": {"type": "object"}}},
    }
