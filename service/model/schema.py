"""The document model published as JSON Schema 2020-12, one schema per type.

Every field carries a Vietnamese title and description: the web form is generated from this, and the
validator names fields by these titles in its messages.
"""
from __future__ import annotations

import copy
from functools import lru_cache

from service.rules import nd30
from service.rules.types import TYPES, DocType, get_type

SCHEMA_ID_BASE = "https://vanban.local/schemas/"

# Length limits keep one field from swallowing the request and the page (a 10 MB "summary" is an error).
SHORT = 300
LINE = 1000
PARAGRAPH = 20000


def _s(title: str, description: str, max_length: int = LINE, **kw) -> dict:
    return {"type": "string", "title": title, "description": description, "maxLength": max_length, **kw}


def _paragraphs(title: str, description: str) -> dict:
    return {
        "type": "array",
        "title": title,
        "description": description,
        "items": _s("Đoạn văn", "Một đoạn văn bản (không gõ số thứ tự: hệ thống tự đánh số).", PARAGRAPH,
                    minLength=1),
        "maxItems": 500,
    }


def _bullets() -> dict:
    return {
        "type": "array",
        "title": "Các gạch đầu dòng",
        "description": "Mỗi ý một dòng, hệ thống tự thêm dấu “-” ở đầu (App.I §3).",
        "items": _s("Gạch đầu dòng", "Nội dung một ý gạch đầu dòng.", PARAGRAPH, minLength=1),
        "maxItems": 500,
    }


def _node(title: str, description: str, children: dict | None) -> dict:
    props = {
        "title": _s("Tiêu đề", "Tiêu đề riêng của phần này (có thể để trống).", LINE),
        "paragraphs": _paragraphs("Các đoạn văn", "Các đoạn văn của phần này, theo thứ tự."),
    }
    if children:
        props.update(children)
    return {"type": "object", "title": title, "description": description, "additionalProperties": False,
            "properties": props}


def _body_plan() -> dict:
    point = _node("Điểm", "Điểm a), b), c)… đánh theo thứ tự chữ cái tiếng Việt (không có f, j, w, z).",
                  {"bullets": _bullets()})
    item = _node("Khoản (mục nhỏ)", "Mục 1., 2., 3.… đánh lại từ 1 trong mỗi phần La Mã.",
                 {"points": {"type": "array", "title": "Các điểm", "description": "Các điểm a), b)…",
                             "items": point, "maxItems": 23 * 4},
                  "bullets": _bullets()})
    section = _node("Phần (mục La Mã)", "Phần I., II., III.… tiêu đề in hoa, đậm.",
                    {"items": {"type": "array", "title": "Các mục", "description": "Các mục 1., 2.…",
                               "items": item, "maxItems": 200}})
    return {
        "type": "object",
        "title": "Nội dung",
        "description": "Nội dung chính, dạng cây: phần → mục → điểm → gạch đầu dòng. Số thứ tự do hệ thống tự đánh.",
        "additionalProperties": False,
        "properties": {
            "sections": {"type": "array", "title": "Các phần", "description": "Phần I, II, III…",
                         "items": section, "maxItems": 100},
        },
    }


def _issuer() -> dict:
    return {
        "type": "object",
        "title": "Cơ quan ban hành",
        "description": "Tên cơ quan, tổ chức ban hành văn bản và cơ quan chủ quản (App.I §2 ô 2).",
        "additionalProperties": False,
        "required": ["name", "abbr"],
        "properties": {
            "parent": _s("Cơ quan chủ quản", "Tên cơ quan, tổ chức chủ quản trực tiếp, ví dụ UBND TỈNH BẮC GIANG "
                         "(có thể để trống).", SHORT),
            "name": _s("Tên cơ quan ban hành", "Ví dụ SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI.", SHORT, minLength=1),
            "abbr": _s("Chữ viết tắt của cơ quan", "Dùng trong ký hiệu văn bản, ví dụ LĐTBXH, UBND.", 40,
                       minLength=1, pattern=r"^[0-9A-ZĐÀ-Ỹa-zđ]+(-[0-9A-ZĐÀ-Ỹa-zđ]+)*$"),
        },
    }


def _signer() -> dict:
    return {
        "type": "object",
        "title": "Người ký",
        "description": "Quyền hạn, chức vụ và họ tên người ký (App.I §4 ô 7).",
        "additionalProperties": False,
        "required": ["name", "position"],
        "properties": {
            "authority": {"title": "Quyền hạn ký", "description": "TM. (thay mặt), KT. (ký thay), Q. (quyền), "
                          "TL. (thừa lệnh), TUQ. (thừa ủy quyền); để trống khi người đứng đầu ký.",
                          "enum": [*nd30.AUTHORITIES, None]},
            "head_title": _s("Chức vụ người đứng đầu", "Đi sau quyền hạn, ví dụ GIÁM ĐỐC trong “KT. GIÁM ĐỐC”; "
                             "với TM. là tên tập thể, ví dụ ỦY BAN NHÂN DÂN.", SHORT),
            "position": _s("Chức vụ người ký", "Ví dụ PHÓ GIÁM ĐỐC.", SHORT, minLength=1),
            "name": _s("Họ và tên người ký", "Không ghi học hàm, học vị, ví dụ Trương Đức Huấn.", 120, minLength=1),
        },
    }


def document_schema(doc_type: DocType) -> dict:
    """The JSON Schema of one document type."""
    props = {
        "type": {"const": doc_type.id, "title": "Loại văn bản", "description": f"{doc_type.name} "
                 f"(mẫu {doc_type.sample}, Phụ lục III)."},
        "issuer": _issuer(),
        "number": {"type": ["integer", "null"], "minimum": 1, "maximum": 99999, "title": "Số văn bản",
                   "description": "Số thứ tự trong sổ đăng ký của năm; để trống khi là dự thảo (văn thư cấp số)."},
        "symbol": _s("Ký hiệu", "Để trống để tự tạo từ loại văn bản và chữ viết tắt của cơ quan, ví dụ "
                     "KH-LĐTBXH.", 60),
        "place": _s("Địa danh", "Tên đơn vị hành chính nơi cơ quan đóng trụ sở, viết hoa chữ cái đầu mỗi âm "
                    "tiết, ví dụ Bắc Giang.", 120, minLength=1),
        "date": {"type": ["string", "null"], "title": "Ngày ban hành",
                 "description": "YYYY-MM-DD; YYYY-MM khi dự thảo để trống ngày; để trống cả ngày tháng khi chưa "
                 "biết.", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", "maxLength": 10},
        "summary": _s("Trích yếu", "Trích yếu nội dung văn bản, ví dụ “Triển khai thực hiện … năm 2024”.",
                      LINE, minLength=1),
        "kinh_gui": {"type": "array", "title": "Kính gửi", "description": "Cơ quan, cá nhân nhận văn bản; mỗi "
                     "nơi một dòng.", "items": _s("Nơi gửi", "Tên cơ quan, cá nhân.", SHORT, minLength=1),
                     "maxItems": 100},
        "opening": _paragraphs("Mở đầu", "Các đoạn mở đầu (căn cứ ban hành, mục đích) trước phần nội dung."),
        "body": _body_plan(),
        "closing": _paragraphs("Kết thúc", "Các đoạn kết; hệ thống thêm “./.” sau câu cuối nếu chưa có."),
        "noi_nhan": {"type": "array", "title": "Nơi nhận", "description": "Mỗi nơi nhận một dòng, không gõ “-” "
                     "và “;” (hệ thống tự thêm).", "items": _s("Nơi nhận", "Tên cơ quan, đơn vị nhận.", SHORT,
                                                                minLength=1), "maxItems": 200},
        "luu": {"type": "array", "title": "Lưu", "description": "Đơn vị lưu văn bản: VT (văn thư) và đơn vị "
                "soạn thảo, ví dụ VT, VP.", "items": _s("Đơn vị lưu", "Chữ viết tắt, ví dụ VP.", 40, minLength=1),
                "maxItems": 10},
        "signer": _signer(),
        "urgency": {"title": "Mức độ khẩn", "description": "Dấu chỉ mức độ khẩn (App.I §6 ô 10b).",
                    "enum": [*nd30.URGENCY, None]},
        "secrecy": {"title": "Độ mật", "description": "Dấu chỉ độ mật (App.I §6 ô 10a).",
                    "enum": [*nd30.SECRECY, None]},
        "circulation": {"title": "Chỉ dẫn phạm vi lưu hành", "description": "Ví dụ LƯU HÀNH NỘI BỘ (App.I §6 ô 11).",
                        "enum": [*nd30.CIRCULATION, None]},
        "drafter": {"type": "object", "title": "Người soạn thảo, số lượng bản",
                    "description": "Ký hiệu người soạn thảo và số bản phát hành, in sau dòng Lưu (App.I §6 ô 12).",
                    "additionalProperties": False,
                    "properties": {"symbol": _s("Ký hiệu người soạn thảo", "Ví dụ PL.", 20),
                                   "copies": {"type": ["integer", "null"], "minimum": 1, "maximum": 100000,
                                              "title": "Số lượng bản", "description": "Ví dụ 300."}}},
        "address": {"type": "object", "title": "Địa chỉ cơ quan",
                    "description": "In ở cuối trang đầu, dưới một đường kẻ (App.I §6 ô 13).",
                    "additionalProperties": False,
                    "properties": {k: _s(t, d, SHORT) for k, t, d in (
                        ("street", "Địa chỉ", "Số nhà, đường, phường/xã, tỉnh/thành phố."),
                        ("phone", "Điện thoại", "Số điện thoại."),
                        ("fax", "Fax", "Số fax."),
                        ("email", "Thư điện tử", "Địa chỉ e-mail."),
                        ("website", "Trang thông tin điện tử", "Địa chỉ website."))}},
    }
    required = ["type", "issuer", "place", "summary", "signer"]
    if doc_type.kinh_gui == "required":
        required.append("kinh_gui")
    if doc_type.kinh_gui == "none":
        del props["kinh_gui"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID_BASE}{doc_type.id}.json",
        "title": doc_type.name,
        "description": f"{doc_type.name} theo Nghị định 30/2020/NĐ-CP (Phụ lục III, mẫu {doc_type.sample}).",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }


@lru_cache(maxsize=None)
def _cached(type_id: str) -> dict:
    return document_schema(get_type(type_id))


def schema_for(type_id: str) -> dict:
    """A fresh copy of the type's schema (callers may annotate it)."""
    return copy.deepcopy(_cached(type_id))


def all_type_ids() -> list[str]:
    return list(TYPES)
