"""The OpenAPI description of the register's API (service.web.register_api): issuing, searching, reading an entry and
its exact file, voiding, recording delivery, exporting the year. Clerk operations answer 403 to a drafter."""
from __future__ import annotations

from service.register.entries import MAX_PAGE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEARER = [{"bearer": []}]
SMALL_INT = {"type": "integer", "minimum": -999999999, "maximum": 999999999}  # the API's 9-digit arguments
ISO_DAY = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
_EXAMPLE = {
    "id": 1, "year": 2024, "number": 15, "type": "ke_hoach", "symbol": "KH-LĐTBXH",
    "columns": {"number_symbol": "15/KH-LĐTBXH", "date": "2024-02-05",
                "type_summary": "Kế hoạch Triển khai thực hiện Phong trào năm 2024", "signer": "Trương Đức Huấn",
                "recipients": "Sở Văn hóa – TT&DL; Lãnh đạo Sở", "archive_unit": "VT, VP", "copies": None,
                "date_sent": None, "received_by": None, "notes": None},
    "file": {"sha256": "9f" * 32, "size": 41234, "media_type": DOCX, "filename": "ke-hoach_15-KH-LDTBXH_2024-02-05.docx"},
    "issued_by": "token:3", "issued_at": "2024-02-05T02:15:00+00:00",
    "links": {"self": "/api/v1/register/1", "file": "/api/v1/register/1/file"}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _resp(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def components() -> dict:
    text = {"type": ["string", "null"]}
    return {
        "Entry": {"type": "object", "required": ["id", "year", "number", "type", "columns", "file", "links"],
                  "properties": {
                      "id": {"type": "integer"}, "year": {"type": "integer"}, "number": {"type": "integer"},
                      "type": {"type": "string"}, "symbol": {"type": "string"},
                      "columns": {"type": "object", "description": "Phụ lục IV, 10 cột", "properties": {
                          "number_symbol": {"type": "string"}, "date": {"type": "string"},
                          "type_summary": {"type": "string"}, "signer": {"type": "string"},
                          "recipients": {"type": "string"}, "archive_unit": {"type": "string"},
                          "copies": {"type": ["integer", "null"]}, "date_sent": text, "received_by": text,
                          "notes": text}},
                      "file": {"type": "object"}, "issued_by": {"type": "string"},
                      "issued_at": {"type": ["string", "null"]}, "links": {"type": "object"}}},
        "IssueEnvelope": {"type": "object", "required": ["document"], "properties": {
            "document": _ref("Document"),
            "issue_date": {"type": ["string", "null"], "pattern": ISO_DAY},
            "signer_key": {"type": ["string", "null"], "maxLength": 200,
                           "description": "Với ?sign=true: khóa người ký (mặc định theo văn bản) / signer's key id"},
            "agency_key": {"type": ["string", "null"], "maxLength": 200,
                           "description": "Với ?sign=true: khóa cơ quan / agency's key code"}}},
    }


def _id_param() -> dict:
    return {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0,
                                                                          "maximum": 999999999}, "example": 1}


def paths() -> dict:
    clerk = {"401": _resp("Unauthorised"), "403": _resp("Forbidden")}
    entry = {"description": "Dòng sổ", "content": {"application/json": {"schema": _ref("Entry"), "example": _EXAMPLE}}}
    json_in = {"413": _resp("TooLarge"), "422": _resp("Invalid")}
    return {
        "/api/v1/documents/issue": {"post": {
            "operationId": "issueDocument", "tags": ["register"], "security": BEARER,
            "summary": "Văn thư: cấp số, đóng dấu số và ngày, lưu tệp, ghi sổ / issue a draft (clerk)",
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                            "description": "Gửi lại cùng khóa và nội dung: cùng số, cùng tệp (200)"},
                           {"name": "sign", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": ["true", "false"]},
                            "description": "Ký số và ban hành: tệp ban hành là PDF đã ký của người ký và cơ quan / "
                                           "electronic issue: the stored file is the PDF signed by signer and agency"}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"oneOf": [_ref("Document"), _ref("IssueEnvelope")]}}}},
            "responses": {"201": entry, "200": {**entry, "description": "Gửi lại (Idempotent-Replayed: true)"},
                          **clerk, "409": _resp("Conflict"), **json_in, "503": _resp("Unavailable")}}},
        "/api/v1/register": {"get": {
            "operationId": "searchRegister", "tags": ["register"], "security": BEARER,
            "summary": "Tìm trong sổ: số/ký hiệu, trích yếu, người ký, nơi nhận (không phân biệt dấu)",
            "parameters": [
                {"name": "year", "in": "query", "schema": SMALL_INT},
                {"name": "type", "in": "query", "schema": {"type": "string"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}, "example": "truong duc huan"},
                {"name": "register", "in": "query", "schema": {"type": "string"}, "example": "VBDI"},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 999999999}}],
            "responses": {"200": {"description": "Kết quả", "content": {"application/json": {"schema": {
                "type": "object", "required": ["total", "items"],
                "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": _ref("Entry")}}},
                "example": {"total": 1, "items": [_EXAMPLE]}}}},
                "401": _resp("Unauthorised"), "422": _resp("Invalid")}}},
        "/api/v1/register/export": {"get": {
            "operationId": "exportRegister", "tags": ["register"], "security": BEARER,
            "summary": "Văn thư: sổ của một năm (.xlsx / .docx) / the year's register (clerk)",
            "parameters": [{"name": "year", "in": "query", "required": True, "schema": SMALL_INT, "example": 2024},
                           {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["xlsx", "docx"]}},
                           {"name": "register", "in": "query", "schema": {"type": "string"}},
                           {"name": "agency", "in": "query", "schema": {"type": "string"}, "example": "sldtbxh-bg",
                            "description": "Mã cơ quan khi người dùng thuộc nhiều cơ quan / agency code"}],
            "responses": {"200": {"description": "Tệp sổ", "content": {
                XLSX: {"schema": {"type": "string", "contentMediaType": XLSX}},
                DOCX: {"schema": {"type": "string", "contentMediaType": DOCX}}}},
                **clerk, "422": _resp("Invalid")}}},
        "/api/v1/register/{entry_id}": {"parameters": [_id_param()], "get": {
            "operationId": "getEntry", "tags": ["register"], "security": BEARER,
            "summary": "Một dòng sổ (10 cột Phụ lục IV) / one entry",
            "responses": {"200": entry, "401": _resp("Unauthorised"), "404": _resp("NotFound")}}},
        "/api/v1/register/{entry_id}/file": {"parameters": [_id_param()], "get": {
            "operationId": "getEntryFile", "tags": ["register"], "security": BEARER,
            "summary": "Đúng các byte đã ban hành (ETag = sha256) / the exact bytes issued",
            "responses": {"200": {"description": "Tệp đã ban hành", "headers": {"ETag": {"schema": {"type": "string"}}},
                                  "content": {DOCX: {"schema": {"type": "string", "contentMediaType": DOCX}}}},
                          "304": {"description": "Không đổi (If-None-Match)"},
                          "401": _resp("Unauthorised"), "404": _resp("NotFound")}}},
        "/api/v1/register/{entry_id}/void": {"parameters": [_id_param()], "post": {
            "operationId": "voidEntry", "tags": ["register"], "security": BEARER,
            "summary": "Văn thư: hủy số, có lý do; số không bao giờ dùng lại / void (clerk)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["reason"], "properties": {"reason": {"type": "string",
                                                                                   "minLength": 1}}},
                "example": {"reason": "Sai nơi nhận"}}}},
            "responses": {"200": entry, **clerk, "404": _resp("NotFound"), "409": _resp("Conflict"), **json_in}}},
        "/api/v1/register/{entry_id}/delivery": {"parameters": [_id_param()], "post": {
            "operationId": "recordDelivery", "tags": ["register"], "security": BEARER,
            "summary": "Văn thư: ngày chuyển và người ký nhận (cột 8–9) / delivery (clerk)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["date_sent", "received_by"], "properties": {
                    "date_sent": {"type": "string", "pattern": ISO_DAY},
                    "received_by": {"type": "string", "minLength": 1, "maxLength": 200}}},
                "example": {"date_sent": "2024-02-06", "received_by": "Nguyễn Thị Lan"}}}},
            "responses": {"200": entry, **clerk, "404": _resp("NotFound"), **json_in}}},
    }
