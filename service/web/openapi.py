"""OpenAPI 3.1 description of `/api/v1`, generated from the same per-type JSON Schemas the validator uses.

One component schema per document type (its `type` is a const, so `Document` is a plain `oneOf`), an example
per type from service.web.catalog, and `application/problem+json` answers for every error status.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache

from service.document.naming import ascii_slug
from service.agency.profile import profile_schema
from service.model.schema import input_schema_for
from service.rules.types import TYPES
from service.web import catalog, openapi_batches, openapi_register
from service.web.openapi_rules import CALENDAR_DATE_PATTERN, stated

API_VERSION = "1.0.0"
PROBLEM = "application/problem+json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _resp(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def type_component(type_id: str) -> dict:
    """The type's schema as an OpenAPI 3.1 component (JSON Schema 2020-12 without its own $id/$schema)."""
    schema = stated(type_id, input_schema_for(type_id))  # both forms: complete, or short with an agency profile
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


def _component_name(type_id: str) -> str:
    return "Doc_" + type_id


def _problem_schema() -> dict:
    return {
        "type": "object",
        "title": "Problem",
        "description": "RFC 9457 problem details; `title_vi` in Vietnamese, `errors` per field for 422.",
        "required": ["status", "title"],
        "properties": {
            "type": {"type": "string"},
            "status": {"type": "integer"},
            "title": {"type": "string", "description": "English"},
            "title_vi": {"type": "string", "description": "Tiếng Việt"},
            "detail": {"type": "string"},
            "request_id": {"type": "string"},
            "errors": {"type": "array", "items": _ref("FieldError")},
        },
    }


def _field_error_schema() -> dict:
    return {
        "type": "object",
        "title": "FieldError",
        "required": ["path", "message_vi", "message_en"],
        "properties": {
            "path": {"type": "string", "description": "JSON path of the field, e.g. body.sections[0].items[2].title",
                     "examples": ["signer.name"]},
            "message_vi": {"type": "string"},
            "message_en": {"type": "string"},
        },
    }


def _type_summary_schema() -> dict:
    return {
        "type": "object",
        "required": ["id", "name", "sample", "kinh_gui"],
        "properties": {
            "id": {"type": "string", "enum": list(TYPES)},
            "name": {"type": "string"},
            "abbreviation": {"type": ["string", "null"]},
            "sample": {"type": "string"},
            "kinh_gui": {"type": "string", "enum": ["none", "optional", "required"]},
            "has_fixture": {"type": "boolean"},
        },
    }


def _problem_response(description: str, status: int, title: str) -> dict:
    return {"description": description,
            "content": {PROBLEM: {"schema": _ref("Problem"),
                                  "example": {"type": "about:blank", "status": status, "title": title}}}}


def _responses() -> dict:
    return {
        "NotFound": _problem_response("Không tìm thấy (loại văn bản không có) / not found", 404, "Not Found"),
        "MethodNotAllowed": _problem_response("Phương thức không được hỗ trợ / method not allowed", 405,
                                              "Method Not Allowed"),
        "NotAcceptable": _problem_response("Định dạng phải là docx hoặc pdf / format must be docx or pdf", 406,
                                           "format must be docx or pdf"),
        "TooLarge": _problem_response("Dữ liệu quá lớn (mặc định tối đa 2 MB) / body too large", 413,
                                      "Request body too large"),
        "UnsupportedMediaType": _problem_response("Nội dung phải là JSON / body must be application/json", 415,
                                                  "Request body must be JSON (Content-Type: application/json)"),
        "Invalid": {
            "description": "Văn bản chưa hợp lệ: mọi lỗi theo từng trường / invalid document, every field error",
            "content": {PROBLEM: {"schema": _ref("Problem"), "example": {
                "type": "about:blank", "status": 422, "title": "Invalid document: 1 error(s)",
                "title_vi": "Dữ liệu chưa hợp lệ: 1 lỗi",
                "errors": [{"path": "signer.name", "message_vi": "Thiếu trường bắt buộc “Họ và tên người ký”",
                            "message_en": "'name' is required"}]}}},
        },
        "Unavailable": _problem_response("Bộ chuyển PDF chưa sẵn sàng; thử lại sau (Retry-After) / PDF converter "
                                         "unavailable", 503, "PDF converter unavailable; .docx still works"),
        "Timeout": _problem_response("Chuyển sang PDF quá thời gian; thử lại sau (Retry-After) / PDF conversion "
                                     "timed out", 504, "PDF conversion timed out"),
        "Unauthorised": _problem_response("Thiếu hoặc sai mã truy cập (Authorization: Bearer …) / authentication "
                                          "required", 401, "Authentication required"),
        "Forbidden": _problem_response("Vai trò không đủ (ví dụ ban hành cần clerk) / role too low", 403,
                                       "Role drafter may not do this; role clerk is required"),
        "TooManyJobs": _problem_response("Quá số lô chưa xong cho mỗi mã truy cập (VANBAN_BATCH_MAX_JOBS; "
                                         "Retry-After) / too many unfinished jobs", 429,
                                         "3 batch jobs are already queued or running"),
        "Ended": _problem_response("Lô đã kết thúc / the job has already ended", 409,
                                   "the batch has already ended; nothing to cancel"),
        "NotReady": _problem_response("Lô chưa có tệp zip (chưa xong) / no zip yet", 409,
                                      "the batch has no zip to download (state: running)"),
        "QueueUnavailable": _problem_response("Hàng đợi lô (Redis) chưa sẵn sàng; thử lại sau (Retry-After) / "
                                              "batch queue unavailable", 503,
                                              "the batch queue (Redis) is unavailable; try again later"),
        "UnknownParameter": _problem_response("Tham số truy vấn không có trong API (hoặc yêu cầu sai dạng) / "
                                              "unknown query parameter or malformed request", 400,
                                              "unknown query parameter(s): 'fromat'"),
        "Conflict": _problem_response("Xung đột: số đã hủy, hoặc Idempotency-Key đã dùng cho nội dung khác / "
                                      "conflict", 409, "This Idempotency-Key was used for another request"),
        "NoFile": _problem_response("Chưa gửi tệp / no file sent", 400, "No .docx sent"),
        "NotADocx": _problem_response("Tệp không phải .docx đọc được / not a readable .docx", 422,
                                      "not a .docx file"),
    }


def _examples() -> dict:
    """One example document per type (the fixture, or a minimal valid one), shared by every request body."""
    return {tid: {"summary": TYPES[tid].name + (" (ví dụ tối thiểu)" if catalog.example_is_minimal(tid) else ""),
                  "value": catalog.example(tid)} for tid in TYPES}


def _document_body() -> dict:
    examples = {tid: {"$ref": f"#/components/examples/{tid}"} for tid in TYPES}
    return {"required": True, "content": {"application/json": {"schema": _ref("Document"), "examples": examples}}}


def _type_param() -> dict:
    return {"name": "type_id", "in": "path", "required": True, "description": "Mã loại văn bản, ví dụ ke_hoach",
            "schema": {"type": "string", "maxLength": 40, "examples": ["ke_hoach"]}, "example": "ke_hoach"}


def _agency_schema() -> dict:
    schema = profile_schema()
    schema.pop("$schema", None)
    return schema


def _agency_paths() -> dict:
    """/api/v1/agencies (service.web.agencies_api): bearer token; admins write, members of an agency read it."""
    security = [{"bearer": []}]
    profile = {"application/json": {"schema": _ref("AgencyProfile")}}
    code = {"name": "code", "in": "path", "required": True, "description": "Mã cơ quan, ví dụ sldtbxh-bg",
            "schema": {"type": "string", "maxLength": 60}}
    denied = {"401": {"description": "Thiếu mã truy cập / no token"},
              "403": {"description": "Vai trò không đủ / role too low"}}
    return {
        "/api/v1/agencies": {
            "get": {"operationId": "listAgencies", "summary": "Các cơ quan của người gọi", "tags": ["agencies"],
                    "security": security, "responses": {"200": {"description": "{agencies: [hồ sơ]}"}, **denied}},
            "post": {"operationId": "addAgency", "summary": "Thêm hồ sơ cơ quan (quản trị toàn hệ thống)",
                     "tags": ["agencies"], "security": security, "requestBody": {"required": True, "content": profile},
                     "responses": {"201": {"description": "Đã thêm", "content": profile}, **denied,
                                   "409": {"description": "Mã hoặc tên đã có / code or name taken"},
                                   "422": _resp("Invalid")}}},
        "/api/v1/agencies/{code}": {
            "get": {"operationId": "getAgency", "parameters": [code],
                    "summary": "Một hồ sơ cơ quan (thành viên của cơ quan, quản trị)",
                    "tags": ["agencies"], "security": security,
                    "responses": {"200": {"description": "Hồ sơ", "content": profile}, **denied,
                                  "404": _resp("NotFound")}},
            "put": {"operationId": "putAgency", "parameters": [code],
                    "summary": "Thay hồ sơ cơ quan (quản trị của cơ quan; mã không đổi)",
                    "tags": ["agencies"], "security": security, "requestBody": {"required": True, "content": profile},
                    "responses": {"200": {"description": "Đã lưu", "content": profile}, **denied,
                                  "404": _resp("NotFound"), "422": _resp("Invalid")}}},
    }


def _paths() -> dict:
    # 401/403: when VANBAN_OPEN_DRAFTING is off, drafting needs a drafter token
    errors_in = {"401": _resp("Unauthorised"), "403": _resp("Forbidden"), "413": _resp("TooLarge"),
                 "415": _resp("UnsupportedMediaType"), "422": _resp("Invalid")}
    cache_headers = {"ETag": {"schema": {"type": "string"}},
                     "Cache-Control": {"schema": {"type": "string"}}}
    return {
        "/api/v1/types": {"get": {
            "operationId": "listTypes", "summary": "Các loại văn bản / document types", "tags": ["types"],
            "responses": {"200": {"description": "Danh sách loại văn bản", "content": {"application/json": {
                "schema": {"type": "object", "required": ["types"],
                           "properties": {"types": {"type": "array", "items": _ref("TypeSummary")}}}}}}}}},
        "/api/v1/types/{type_id}": {"get": {
            "operationId": "getType", "summary": "Lược đồ JSON và ví dụ của một loại / schema and example",
            "tags": ["types"], "parameters": [_type_param()],
            "responses": {"200": {"description": "Loại văn bản, lược đồ và ví dụ", "headers": cache_headers,
                                  "content": {"application/json": {"schema": {
                                      "allOf": [_ref("TypeSummary")], "type": "object",
                                      "required": ["schema", "example"],
                                      "properties": {"schema": {"type": "object"}, "example": _ref("Document"),
                                                     "example_minimal": {"type": "boolean"}}}}}},
                          "304": {"description": "Không đổi (If-None-Match)"},
                          "404": _resp("NotFound")}}},
        "/api/v1/types/{type_id}/schema": {"get": {
            "operationId": "getTypeSchema", "summary": "Chỉ lược đồ JSON Schema 2020-12 / the JSON Schema only",
            "tags": ["types"], "parameters": [_type_param()],
            "responses": {"200": {"description": "JSON Schema", "headers": cache_headers,
                                  "content": {"application/schema+json": {"schema": {"type": "object"}}}},
                          "304": {"description": "Không đổi (If-None-Match)"},
                          "404": _resp("NotFound")}}},
        "/api/v1/types/{type_id}/example": {"get": {
            "operationId": "getTypeExample", "summary": "Văn bản ví dụ, gửi thẳng vào POST /documents",
            "tags": ["types"], "parameters": [_type_param()],
            "responses": {"200": {"description": "Văn bản ví dụ",
                                  "content": {"application/json": {"schema": _ref("Document")}}},
                          "404": _resp("NotFound")}}},
        "/api/v1/documents": {"post": {
            "operationId": "createDocument", "summary": "Tạo tệp .docx hoặc .pdf / render a document",
            "description": "Định dạng theo `?format=` (ưu tiên) hoặc tiêu đề `Accept`; mặc định .docx. "
                           "Tên tệp trong Content-Disposition gồm loại, số-ký hiệu và ngày.",
            "tags": ["documents"],
            "parameters": [
                {"name": "format", "in": "query", "required": False, "description": "docx (mặc định) hoặc pdf",
                 "schema": {"type": "string", "enum": ["docx", "pdf"]}},
                {"name": "pdfa", "in": "query", "required": False, "description": "1 = PDF/A-2b để lưu trữ",
                 "schema": {"type": "string", "enum": ["0", "1"]}},
            ],
            "requestBody": _document_body(),
            "responses": {"200": {"description": "Tệp văn bản", "headers": {
                "Content-Disposition": {"schema": {"type": "string"},
                                        "description": "attachment; filename=ke-hoach_du-thao-KH-LDTBXH_2024-02.docx"}},
                "content": {DOCX: {"schema": {"type": "string", "contentMediaType": DOCX}},
                            PDF: {"schema": {"type": "string", "contentMediaType": PDF}}}},
                "406": _resp("NotAcceptable"), **errors_in, "503": _resp("Unavailable"),
                "504": _resp("Timeout")}}},
        "/api/v1/validate": {"post": {
            "operationId": "validateDocument", "summary": "Kiểm tra, trả về mọi lỗi, không tạo tệp",
            "tags": ["documents"], "requestBody": _document_body(),
            "responses": {"200": {"description": "Hợp lệ", "content": {"application/json": {"schema": {
                "type": "object", "required": ["valid", "errors"],
                "properties": {"valid": {"const": True}, "errors": {"type": "array", "maxItems": 0}}}}}},
                **errors_in}}},
        "/api/v1/import": {"post": {
            "operationId": "importDocument",
            "summary": "Nhập văn bản có sẵn (.docx, .doc, .odt, .rtf, .pdf, ảnh chụp, .txt) thành dữ liệu / import",
            "description": "Trả về văn bản theo mô hình, các lỗi, các chỗ cần bổ sung (`warnings`), dòng gốc của "
                           "mỗi trường (`found`), độ tin cậy nhận dạng chữ với ảnh chụp (`confidence`) và các dòng "
                           "chưa xếp được (`unplaced`). Không tự điền gì mà tệp gốc không có.",
            "tags": ["documents"],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream",
                                        "description": "Tệp cần nhập; loại theo phần mở rộng hoặc nội dung"}}}}}},
            "responses": {"200": {"description": "Kết quả nhập", "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["document", "errors", "warnings", "unplaced", "found", "notes", "confidence"],
                "properties": {
                    "document": {"type": "object", "description": "Văn bản theo mô hình (có thể còn thiếu)"},
                    "errors": {"type": "array", "items": _ref("FieldError")},
                    "warnings": {"type": "array", "items": _ref("FieldError")},
                    "unplaced": {"type": "array", "items": {"type": "string"}},
                    "found": {"type": "object", "additionalProperties": {"type": "string"}},
                    "notes": {"type": "array", "items": {"type": "object"}},
                    "confidence": {"type": "object", "additionalProperties": {"type": "number"}}}}}}},
                "413": _resp("TooLarge"),
                "422": _resp("Invalid"), "503": _resp("Unavailable")}}},
        "/api/v1/preview": {"post": {
            "operationId": "previewDocument",
            "summary": "Bản xem trước HTML (khổ A4), cùng cách đánh số với tệp .docx",
            "tags": ["documents"], "requestBody": _document_body(),
            "responses": {"200": {"description": "Trang HTML độc lập (CSS nội tuyến, không script)",
                                  "content": {"text/html": {"schema": {"type": "string"}}}}, **errors_in}}},
        "/api/v1/openapi.json": {"get": {
            "operationId": "getOpenApi", "summary": "Tài liệu OpenAPI 3.1 này", "tags": ["meta"],
            "responses": {"200": {"description": "OpenAPI 3.1",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    }


# A sub-schema repeated across types (issuer, signer, body tree, tables …) is published once under
# components/schemas and referenced, which keeps the document a fraction of its inline size.
_SCHEMA_LISTS = ("oneOf", "anyOf", "allOf", "prefixItems")
_MIN_SHARED_CHARS = 400


def _canon(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, sort_keys=True)


def _subschemas(schema: dict):
    """The schema positions directly inside `schema` (not the `properties` map itself, not enum values)."""
    for sub in (schema.get("properties") or {}).values():
        yield sub
    if isinstance(schema.get("items"), dict):
        yield schema["items"]
    if isinstance(schema.get("additionalProperties"), dict):
        yield schema["additionalProperties"]
    for key in _SCHEMA_LISTS:
        yield from (s for s in schema.get(key) or () if isinstance(s, dict))


def _count(schema: dict, counts: dict[str, int]) -> None:
    for sub in _subschemas(schema):
        key = _canon(sub)
        counts[key] = counts.get(key, 0) + 1
        _count(sub, counts)


def _lift(schema: dict, shared: set[str], names: dict[str, str], out: dict[str, dict]) -> dict:
    """`schema` with every shared sub-schema replaced by a $ref (components are added to `out`)."""
    schema = dict(schema)
    if "properties" in schema:
        schema["properties"] = {k: _replace(v, shared, names, out) for k, v in schema["properties"].items()}
    if isinstance(schema.get("items"), dict):
        schema["items"] = _replace(schema["items"], shared, names, out)
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = _replace(schema["additionalProperties"], shared, names, out)
    for key in _SCHEMA_LISTS:
        if key in schema:
            schema[key] = [_replace(s, shared, names, out) if isinstance(s, dict) else s for s in schema[key]]
    return schema


def _replace(sub: dict, shared: set[str], names: dict[str, str], out: dict[str, dict]) -> dict:
    key = _canon(sub)
    if key not in shared:
        return _lift(sub, shared, names, out)
    if key not in names:
        base = "".join(w.capitalize() for w in ascii_slug(sub.get("title") or "Part").split("-")) or "Part"
        name, n = base, 2
        while name in out or name in names.values():
            name, n = f"{base}{n}", n + 1
        names[key] = name
        out[name] = _lift(sub, shared, names, out)
    return _ref(names[key])


def shared_components(schemas: dict[str, dict]) -> dict[str, dict]:
    """The type components with repeated large sub-schemas moved to their own named components."""
    counts: dict[str, int] = {}
    for schema in schemas.values():
        _count(schema, counts)
    shared = {k for k, n in counts.items() if n >= 2 and len(k) >= _MIN_SHARED_CHARS}
    names: dict[str, str] = {}
    lifted: dict[str, dict] = {}
    out = {name: _lift(schema, shared, names, lifted) for name, schema in schemas.items()}
    out.update(lifted)
    return out


@lru_cache(maxsize=4)
def _document(max_rows: int, callback_allow: tuple[str, ...]) -> dict:
    schemas = shared_components({_component_name(tid): type_component(tid) for tid in TYPES})
    schemas["Document"] = {"title": "Document", "description": "Một văn bản; trường `type` chọn lược đồ.",
                           "oneOf": [_ref(_component_name(tid)) for tid in TYPES]}
    schemas.update({"Problem": _problem_schema(), "FieldError": _field_error_schema(),
                    "TypeSummary": _type_summary_schema(), "AgencyProfile": _agency_schema()})
    schemas.update(openapi_batches.components(max_rows, callback_allow))
    schemas.update(openapi_batches.extra_components(CALENDAR_DATE_PATTERN))
    schemas.update(openapi_register.components())
    paths = _paths()
    drafting = [{}, {"bearer": []}]  # open unless VANBAN_OPEN_DRAFTING is off
    for op in paths.values():
        for method in ("get", "post"):
            if method in op and op[method]["tags"] == ["documents"]:
                op[method]["security"] = drafting
    paths.update(_agency_paths())
    paths.update(openapi_batches.paths())
    paths.update(openapi_register.paths())
    for item in paths.values():  # service.web.query_params: any operation refuses a query parameter it lacks
        for method, op in item.items():
            if method != "parameters":
                op["responses"].setdefault("400", _resp("UnknownParameter"))
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "vanban — văn bản hành chính theo Nghị định 30/2020/NĐ-CP",
            "version": API_VERSION,
            "description": "Tạo văn bản hành chính (.docx/.pdf) đúng thể thức Nghị định 30/2020/NĐ-CP từ JSON. "
                           "Lỗi trả về dạng application/problem+json, song ngữ Việt–Anh, kèm danh sách lỗi theo "
                           "trường. Mỗi phản hồi có tiêu đề X-Request-Id (gửi kèm khi báo lỗi).",
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": "types", "description": "Loại văn bản, lược đồ và ví dụ"},
                 {"name": "documents", "description": "Tạo, kiểm tra và xem trước văn bản"},
                 {"name": "agencies", "description": "Hồ sơ cơ quan (tiêu đề, người ký, nơi nhận, đơn vị)"},
                 {"name": "batches", "description": "Lô văn bản: một văn bản gốc và nhiều dòng → zip"},
                 {"name": "register", "description": "Sổ đăng ký văn bản đi: cấp số, tìm, hủy, ngày chuyển, xuất"},
                 {"name": "meta", "description": "Tài liệu"}],
        "paths": paths,
        "components": {"schemas": schemas, "responses": _responses(), "examples": _examples(),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description":
                                                      "Mã truy cập từ `vanban token create` (vb_…)"}}},
    }


def openapi_document(max_rows: int = 2000, callback_allow: tuple[str, ...] = ()) -> dict:
    """The OpenAPI document (a fresh copy) for this configuration: the batch row budget and callback allow-list
    are part of what a request may contain."""
    return copy.deepcopy(_document(max_rows, tuple(callback_allow)))


def openapi_for(config) -> dict:
    """The OpenAPI document for a Flask app's configuration."""
    return openapi_document(int(config.get("BATCH_MAX_ROWS", 2000)), tuple(config.get("CALLBACK_ALLOW") or ()))
