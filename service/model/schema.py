"""The document model published as JSON Schema 2020-12, one schema per type.

Every field carries a Vietnamese title and description: the web form is generated from this, and the
validator names fields by these titles in its messages.
"""
from __future__ import annotations

import copy
from functools import lru_cache

from service.model.codes import CODE_MAX, CODE_PATTERN
from service.rules import nd30
from service.rules.types import DECISION_SCHEME, TYPES, Detail, DocType, get_type, has_part

SCHEMA_ID_BASE = "https://vanban.local/schemas/"
CALENDAR_DATE = "x-calendar-date"  # our keyword: the string is a date the calendar has

# Length limits keep one field from swallowing the request and the page (a 10 MB "summary" is an error).
SHORT = 300
LINE = 1000
PARAGRAPH = 20000


# Text a document can hold: no lone UTF-16 surrogate and no Unicode non-character of the BMP (U+FDD0–U+FDEF,
# U+FFFE, U+FFFF). The same regular expression in ECMA 262 and Python; the validator also refuses the astral
# non-characters (U+1FFFE …), which this portable form cannot name.
TEXT_PATTERN = r"^[^\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]*$"


def _s(title: str, description: str, max_length: int = LINE, **kw) -> dict:
    kw.setdefault("pattern", TEXT_PATTERN)
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


def _cell() -> dict:
    return {"type": ["string", "number", "null"], "title": "Ô", "description": "Nội dung một ô; số được viết theo "
            "kiểu Việt Nam (1.250; 3,5).", "maxLength": LINE, "pattern": TEXT_PATTERN}


def _tables() -> dict:
    """Tables in the body (report statistics): the header row repeats on every page (w:tblHeader)."""
    table = {
        "type": "object",
        "title": "Bảng",
        "description": "Bảng số liệu; hàng tiêu đề được lặp lại ở đầu mỗi trang.",
        "additionalProperties": False,
        "required": ["columns", "rows"],
        "properties": {
            "title": _s("Tên bảng", "In đậm, căn giữa phía trên bảng, ví dụ “Kết quả giải quyết việc làm năm 2023”.",
                        LINE),
            "unit": _s("Đơn vị tính", "Ví dụ “người”, “triệu đồng”; in nghiêng dưới tên bảng.", 120),
            "columns": {"type": "array", "title": "Các cột", "description": "Tiêu đề các cột, theo thứ tự.",
                        "items": _s("Tiêu đề cột", "Tên cột.", SHORT, minLength=1), "minItems": 1, "maxItems": 20},
            "rows": {"type": "array", "title": "Các hàng",
                     "description": "Mỗi hàng là danh sách các ô, theo thứ tự cột.",
                     "items": {"type": "array", "title": "Hàng", "description": "Các ô của một hàng.",
                               "items": _cell(), "maxItems": 20},
                     "maxItems": 2000},
            "widths": {"type": "array", "title": "Độ rộng tương đối của cột",
                       "description": "Ví dụ [1, 5, 2, 2]; để trống để chia đều.",
                       "items": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "title": "Độ rộng",
                                 "description": "Độ rộng tương đối."}, "maxItems": 20},
            "total": {"type": "boolean", "title": "Có dòng tổng cộng",
                      "description": "Hàng cuối là dòng tổng cộng (in đậm)."},
        },
    }
    return {"type": "array", "title": "Các bảng", "description": "Bảng số liệu, in sau các đoạn văn của phần này.",
            "items": table, "maxItems": 50}


def _body_plan() -> dict:
    point = _node("Điểm", "Điểm a), b), c)… đánh theo thứ tự chữ cái tiếng Việt (không có f, j, w, z).",
                  {"bullets": _bullets()})
    item = _node("Khoản (mục nhỏ)", "Mục 1., 2., 3.… đánh lại từ 1 trong mỗi phần La Mã.",
                 {"points": {"type": "array", "title": "Các điểm", "description": "Các điểm a), b)…",
                             "items": point, "maxItems": 23 * 4},
                  "bullets": _bullets(), "tables": _tables()})
    section = _node("Phần (mục La Mã)", "Phần I., II., III.… tiêu đề in hoa, đậm.",
                    {"items": {"type": "array", "title": "Các mục", "description": "Các mục 1., 2.…",
                               "items": item, "maxItems": 200},
                     "tables": _tables()})
    return {
        "type": "object",
        "title": "Nội dung",
        "description": "Nội dung chính, dạng cây: phần → mục → điểm → gạch đầu dòng. Số thứ tự do hệ thống tự đánh.",
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "title": "Các mục (không chia phần)", "description": "Mục 1., 2.… khi văn bản "
                      "ngắn không chia phần La Mã (công văn, chỉ thị); in trước các phần.", "items": item,
                      "maxItems": 200},
            "tables": _tables(),
            "sections": {"type": "array", "title": "Các phần", "description": "Phần I, II, III…",
                         "items": section, "maxItems": 100},
        },
    }


def _articles() -> dict:
    point = _node("Điểm", "Điểm a), b), c)… đánh theo thứ tự chữ cái tiếng Việt (không có f, j, w, z).",
                  {"bullets": _bullets()})
    clause = _node("Khoản", "Khoản 1., 2.… đánh lại từ 1 trong mỗi điều.",
                   {"points": {"type": "array", "title": "Các điểm", "description": "Các điểm a), b)…",
                               "items": point, "maxItems": 23 * 4},
                    "bullets": _bullets()})
    article = _node("Điều", "Điều 1., Điều 2.… đánh liên tục trong cả văn bản; tiêu đề (nếu có) in đậm sau số điều.",
                    {"clauses": {"type": "array", "title": "Các khoản", "description": "Khoản 1., 2.…",
                                 "items": clause, "maxItems": 100},
                     "bullets": _bullets(), "tables": _tables()})
    return {"type": "array", "title": "Các điều", "description": "Điều 1., Điều 2.… (số điều do hệ thống tự đánh).",
            "items": article, "maxItems": 500}


def _body_decision() -> dict:
    """Chapters (Chương I + title) → articles (Điều 1.) → clauses (1.) → points (a)) (App.I §3)."""
    chapter = _node("Chương", "Chương I, II… tiêu đề in hoa, đậm, căn giữa.", {"articles": _articles()})
    return {
        "type": "object",
        "title": "Nội dung",
        "description": "Các điều, hoặc các chương chứa các điều: chương → điều → khoản → điểm. Số thứ tự do hệ thống "
                       "tự đánh; điều đánh số liên tục qua các chương.",
        "additionalProperties": False,
        "properties": {
            "chapters": {"type": "array", "title": "Các chương", "description": "Chương I, II… (khi văn bản chia "
                         "chương thì mọi điều nằm trong chương).", "items": chapter, "maxItems": 50},
            "articles": _articles(),
        },
    }


def body_schema(doc_type: DocType) -> dict:
    return _body_decision() if doc_type.scheme == DECISION_SCHEME else _body_plan()


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
                       minLength=1, pattern=ABBR_PATTERN),
            "name_text": _s("Tên cơ quan viết trong câu", "Tên cơ quan viết hoa chữ cái đầu như trong câu văn, ví dụ "
                            "Sở Lao động - Thương binh và Xã hội; dùng cho dòng “(Kèm theo … của …)” và câu "
                            "“… trân trọng kính mời”.", SHORT, minLength=1),
        },
    }


def _signer(title: str = "Người ký", description: str = "Quyền hạn, chức vụ và họ tên người ký (App.I §4 ô 7).") \
        -> dict:
    return {
        "type": "object",
        "title": title,
        "description": description,
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
            "on_behalf": _s("Thay mặt tập thể", f"Khi cấp phó ký thay (hoặc quyền) người đứng đầu một tập thể: tên "
                            f"tập thể in sau “{nd30.COLLECTIVE_AUTHORITY}” trên dòng đầu, ví dụ ỦY BAN NHÂN DÂN "
                            "trong ba dòng “TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”; khi đó quyền hạn "
                            f"ký là {' hoặc '.join(nd30.ON_BEHALF_AUTHORITIES)}. Để trống trong các trường hợp "
                            "khác.", SHORT),
        },
        "allOf": [on_behalf_rule()],
    }


def on_behalf_rule() -> dict:
    """TM. over the signer's own KT./Q. line: with `on_behalf` the signer's authority is one of those (App.I §4 ô 7a).
    One rule for a document's signer and an agency profile's (service.agency.profile)."""
    return {"if": {"required": ["on_behalf"]},
            "then": {"required": ["authority"],
                     "properties": {"authority": {"title": f"Quyền hạn ký (dưới dòng {nd30.COLLECTIVE_AUTHORITY})",
                                                  "enum": list(nd30.ON_BEHALF_AUTHORITIES)}}}}


def _recipients() -> dict:
    return {"type": "array", "title": "Nơi nhận", "description": "Mỗi nơi nhận một dòng, không gõ “-” và “;” (hệ "
            "thống tự thêm).", "items": _s("Nơi nhận", "Tên cơ quan, đơn vị nhận.", SHORT, minLength=1),
            "maxItems": 200}


def _archive() -> dict:
    return {"type": "array", "title": "Lưu", "description": "Đơn vị lưu văn bản: VT (văn thư) và đơn vị soạn thảo, "
            "ví dụ VT, VP.", "items": _s("Đơn vị lưu", "Chữ viết tắt, ví dụ VP.", 40, minLength=1), "maxItems": 10}


def _date(title: str) -> dict:
    return {"type": ["string", "null"], "title": title,
            "description": "YYYY-MM-DD; YYYY-MM khi dự thảo để trống ngày; để trống cả ngày tháng khi chưa biết.",
            "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", "maxLength": 10,
            # A real calendar date (no 31 February), checked by service.validate (App.I §2 ô 4).
            CALENDAR_DATE: True}


# Letters and digits in hyphen-joined groups; '&' and '.' inside a group are forms agencies issue ("GD&ĐT",
# "TT.HĐND") that validation reports as warnings (service/rules/symbols.py).
ABBR_PATTERN = r"^[0-9A-ZĐÀ-Ỹa-zđ]+([-&.][0-9A-ZĐÀ-Ỹa-zđ]+)*$"


def _number(title: str) -> dict:
    return {"type": ["integer", "null"], "minimum": 1, "maximum": 99999, "title": title,
            "description": "Số thứ tự trong sổ đăng ký của năm; để trống khi là dự thảo (văn thư cấp số)."}


def _authority(doc_type: DocType) -> dict:
    """The issuing authority line under the summary (samples 1.1, 1.2, 1.3, 1.6)."""
    suffix = f" (hệ thống thêm “{doc_type.authority_suffix.strip()}”)" if doc_type.authority_suffix else ""
    return {
        "type": "object",
        "title": "Thẩm quyền ban hành",
        "description": "Dòng in hoa, đậm, căn giữa dưới trích yếu, ví dụ GIÁM ĐỐC SỞ TÀI CHÍNH hoặc HỘI ĐỒNG NHÂN "
                       f"DÂN TỈNH BẮC GIANG{suffix}.",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": _s("Thẩm quyền", "Ví dụ ỦY BAN NHÂN DÂN TỈNH BẮC GIANG.", SHORT, minLength=1),
            "session": _s("Dòng thứ hai", "Ví dụ KHÓA XIX, KỲ HỌP THỨ 15 (nghị quyết của Hội đồng nhân dân).", SHORT),
            "text": _s("Thẩm quyền viết trong câu", "Ví dụ Giám đốc Sở Tài chính; dùng cho dòng “(Kèm theo Quyết định "
                       "số … của …)”.", SHORT),
        },
    }


def _basis() -> dict:
    return {"type": "array", "title": "Căn cứ ban hành",
            "description": "Mỗi căn cứ một dòng, ví dụ “Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm "
                           "2015”; hệ thống in nghiêng và tự thêm “;” cuối mỗi dòng, “.” cuối dòng cuối (App.I §3).",
            "items": _s("Căn cứ", "Một căn cứ pháp lý.", LINE, minLength=1), "maxItems": 50}


def _detail(d: Detail) -> dict:
    desc = d.description or d.title
    if d.many:
        return {"type": "array", "title": d.title, "description": desc,
                "items": _s(d.title, "Một dòng.", LINE, minLength=1), "minItems": 1 if d.required else 0,
                "maxItems": 200}
    if d.enum:
        return {"title": d.title, "description": desc, "enum": list(d.enum)}
    return _s(d.title, desc, LINE, minLength=1)


def _details(doc_type: DocType) -> dict:
    fields = [d for d in doc_type.details if d.key]
    return {
        "type": "object",
        "title": f"Các mục của {doc_type.name.lower()}",
        "description": f"Các dòng riêng theo mẫu {doc_type.sample} (Phụ lục III).",
        "additionalProperties": False,
        "required": [d.key for d in fields if d.required],
        "properties": {d.key: _detail(d) for d in fields},
    }


def _parties() -> dict:
    party = {
        "type": "object",
        "title": "Bên ký kết",
        "description": "Thông tin một bên; bên thứ nhất là Bên A, bên thứ hai là Bên B.",
        "additionalProperties": False,
        "required": ["name", "representative", "position"],
        "properties": {
            "role": _s("Vai trò", "Ví dụ Bên giao khoán, Bên cung cấp dịch vụ (để trống nếu không cần).", SHORT),
            "name": _s("Tên cơ quan, tổ chức", "Ví dụ SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH BẮC GIANG.", SHORT,
                       minLength=1),
            "honorific": {"title": "Danh xưng", "description": "Ông hoặc Bà (in trước tên người đại diện).",
                          "enum": ["Ông", "Bà", None]},
            "representative": _s("Người đại diện", "Họ và tên, không ghi học hàm, học vị.", 120, minLength=1),
            "position": _s("Chức vụ người đại diện", "Ví dụ Giám đốc.", SHORT, minLength=1),
            "address": _s("Địa chỉ", "Địa chỉ trụ sở.", SHORT),
            "phone": _s("Điện thoại", "Số điện thoại.", 60),
            "tax_code": _s("Mã số thuế", "Mã số thuế.", 40),
            "account": _s("Tài khoản", "Số tài khoản và nơi mở.", SHORT),
        },
    }
    return {"type": "array", "title": "Các bên", "description": "Đúng hai bên: Bên A rồi Bên B; mỗi bên ký ở một "
            "cột cuối văn bản.", "items": party, "minItems": 2, "maxItems": 2}


def _attached() -> dict:
    """The document a decision issues (sample 1.3): its own header, name, summary and chapters/articles."""
    return {
        "type": "object",
        "title": "Văn bản ban hành kèm theo",
        "description": "Quy chế, quy định … ban hành kèm theo quyết định (mẫu 1.3): in sang trang mới với dòng "
                       "“(Kèm theo Quyết định số … ngày … của …)”.",
        "additionalProperties": False,
        "required": ["name", "summary", "body"],
        "properties": {
            "name": _s("Tên loại", "Ví dụ Quy chế, Quy định.", 60, minLength=1),
            "summary": _s("Trích yếu", "Ví dụ “Làm việc của Sở Tài chính tỉnh Bắc Giang”.", LINE, minLength=1),
            "body": _body_decision(),
        },
    }


def _appendices() -> dict:
    appendix = {
        "type": "object",
        "title": "Phụ lục",
        "description": "Một phụ lục: trang mới, đánh số trang riêng; “Phụ lục I, II…” khi có nhiều phụ lục.",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": _s("Tên phụ lục", "In hoa, đậm dưới dòng “Phụ lục”, ví dụ Kết quả thực hiện năm 2023.", LINE,
                        minLength=1),
            "landscape": {"type": "boolean", "title": "Khổ ngang",
                          "description": "In phụ lục khổ ngang (cho bảng rộng) (App.I §1)."},
            "paragraphs": _paragraphs("Các đoạn văn", "Các đoạn văn của phụ lục."),
            "tables": _tables(),
            "body": _body_plan(),
        },
    }
    return {"type": "array", "title": "Phụ lục", "description": "Các phụ lục kèm theo văn bản (mẫu 2.1, 2.2).",
            "items": appendix, "maxItems": 30}


def _copy() -> dict:
    kinds = [k for k in nd30.COPY_ABBREVIATIONS]
    return {
        "type": "object",
        "title": "Bản sao",
        "description": "Thể thức bản sao (mẫu 3.1, 3.2): in sau văn bản, dưới một đường kẻ hết chiều ngang.",
        "additionalProperties": False,
        "required": ["kind", "issuer", "place", "signer"],
        "properties": {
            "kind": {"title": "Hình thức sao",
                     "description": "sao_y (SAO Y), sao_luc (SAO LỤC), trich_sao (TRÍCH SAO).",
                     "enum": kinds},
            "issuer": _issuer(),
            "number": _number("Số bản sao"),
            "symbol": _s("Ký hiệu bản sao", "Để trống để tự tạo, ví dụ SY-VP.", 60),
            "place": _s("Địa danh", "Nơi sao, ví dụ Bắc Giang.", 120, minLength=1),
            "date": _date("Ngày sao"),
            "signer": _signer(),
            "noi_nhan": _recipients(),
            "luu": _archive(),
        },
    }


def document_schema(doc_type: DocType) -> dict:
    """The JSON Schema of one document type."""
    props = {
        "type": {"const": doc_type.id, "title": "Loại văn bản", "description": f"{doc_type.name} "
                 f"(mẫu {doc_type.sample}, Phụ lục III)."},
        "agency": _s("Mã cơ quan", "Mã hồ sơ cơ quan, ví dụ sldtbxh-bg: tiêu đề, địa danh, địa chỉ, người ký và nơi "
                     "nhận lấy từ hồ sơ khi không ghi; văn bản vào sổ của cơ quan này.", CODE_MAX,
                     pattern=CODE_PATTERN),
        "issuer": _issuer(),
        "number": _number("Số văn bản"),
        "symbol": _s("Ký hiệu", "Để trống để tự tạo từ loại văn bản và chữ viết tắt của cơ quan, ví dụ "
                     "KH-LĐTBXH.", 60),
        "place": _s("Địa danh", "Tên đơn vị hành chính nơi cơ quan đóng trụ sở, viết hoa chữ cái đầu mỗi âm "
                    "tiết, ví dụ Bắc Giang.", 120, minLength=1),
        "date": _date("Ngày ban hành"),
        "summary": _s("Trích yếu", "Trích yếu nội dung văn bản, ví dụ “Triển khai thực hiện … năm 2024”.",
                      LINE, minLength=1),
        "kinh_gui": {"type": "array", "title": "Kính gửi", "description": "Cơ quan, cá nhân nhận văn bản; mỗi "
                     "nơi một dòng.", "items": _s("Nơi gửi", "Tên cơ quan, cá nhân.", SHORT, minLength=1),
                     "maxItems": 100},
        "opening": _paragraphs("Mở đầu", "Các đoạn mở đầu (căn cứ ban hành, mục đích) trước phần nội dung."),
        "body": body_schema(doc_type),
        "closing": _paragraphs("Kết thúc",
                               f"Các đoạn kết; hệ thống thêm “{nd30.CLOSING_MARK}” sau câu cuối nếu chưa có."),
        "noi_nhan": _recipients(),
        "luu": _archive(),
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
    props["appendices"] = _appendices()
    props["copy"] = _copy()
    required = ["type", "issuer", "place", "summary", "signer"]
    _type_parts(doc_type, props, required)
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


def _type_parts(doc_type: DocType, props: dict, required: list[str]) -> None:
    """Add, drop or require the fields that the type's parts (service/rules/types.py) call for."""
    if doc_type.summary != "required":
        required.remove("summary")
    if doc_type.kinh_gui == "required":
        required.append("kinh_gui")
    if doc_type.kinh_gui == "none":
        del props["kinh_gui"]
    if doc_type.addressing == "dien":
        props["kinh_gui"].update(title="Nơi nhận công điện", description="Các cơ quan, cá nhân nhận công điện, in "
                                 "sau dòng “… điện:”; mỗi nơi một dòng.")
    if has_part(doc_type, "unit"):
        props["unit"] = _s("Đơn vị soạn thảo", "Chữ viết tắt của đơn vị soạn thảo hoặc lĩnh vực trong ký hiệu, "
                           "ví dụ VX trong UBND-VX (App.I §2 ô 3).", 40, minLength=1,
                           pattern=ABBR_PATTERN)
        required.append("unit")
    if has_part(doc_type, "authority"):
        props["authority"] = _authority(doc_type)
        required.append("authority")
    if has_part(doc_type, "basis"):
        props["can_cu"] = _basis()
        if doc_type.action_line:
            props["can_cu"]["minItems"] = 1
            required.append("can_cu")
    if has_part(doc_type, "proposal"):
        props["de_nghi"] = _s("Theo đề nghị của", "Cơ quan, người đề nghị, ví dụ Chánh Văn phòng Sở; in “Theo đề "
                              "nghị của …” sau các căn cứ.", LINE)
    if has_part(doc_type, "attached"):
        props["attached"] = _attached()
    if has_part(doc_type, "details"):
        props["details"] = _details(doc_type)
        required.append("details")
    if has_part(doc_type, "parties"):
        props["parties"] = _parties()
        props["agreement"] = _paragraphs("Câu dẫn sau phần các bên", "Ví dụ “Hai bên thống nhất ký kết hợp đồng với "
                                         "các điều khoản sau:”.")
        required.append("parties")
        required.remove("signer")
        del props["signer"]
    if has_part(doc_type, "signer_left"):
        left, right = doc_type.signature_titles or ("", "")
        props["signer_left"] = _signer("Người ký bên trái", f"Ký ở cột trái, ví dụ chức vụ “{left}”; cột phải là "
                                       f"người ký chính (“{right}”) (mẫu {doc_type.sample}).")
        props["signer"] = _signer("Người ký bên phải", f"Ký ở cột phải, ví dụ chức vụ “{right}”.")
        required.append("signer_left")


@lru_cache(maxsize=None)
def _cached(type_id: str) -> dict:
    return document_schema(get_type(type_id))


SIGNER_FIELDS = ("signer", "signer_left")
PROFILE_FIELDS = ("issuer", "place", *SIGNER_FIELDS)  # what an agency profile can fill in


def input_schema(doc_type: DocType) -> dict:
    """The schema of a document as a client may send it: the complete form (document_schema), or the short form
    that names its agency profile — `agency`, a signer by id (`"signer": "huan"`) and `noi_nhan_groups` — and
    leaves the letterhead, place, signer block and recipient lines to the profile (service.agency.expand)."""
    schema = document_schema(doc_type)
    props = schema["properties"]
    for field in SIGNER_FIELDS:
        if field in props:
            block = props[field]
            props[field] = {"title": block["title"], "description": block["description"] + " Hoặc mã người ký trong "
                            "hồ sơ cơ quan (cần agency), ví dụ \"huan\".",
                            "anyOf": [_s("Mã người ký", "Mã người ký trong hồ sơ cơ quan.", CODE_MAX,
                                         pattern=CODE_PATTERN), block]}
    props["noi_nhan_groups"] = {"type": "array", "title": "Nhóm nơi nhận", "description": "Mã các nhóm nơi nhận "
                                "trong hồ sơ cơ quan (cần agency); các dòng của nhóm đứng trước các dòng noi_nhan.",
                                "items": _s("Mã nhóm", "Ví dụ phong-thuoc-so.", CODE_MAX, pattern=CODE_PATTERN),
                                "maxItems": 50}
    full = [f for f in schema["required"] if f in PROFILE_FIELDS]
    schema["required"] = [f for f in schema["required"] if f not in PROFILE_FIELDS]
    schema["anyOf"] = [{"required": ["agency"]}, {"required": full}]
    schema["dependentRequired"] = {"noi_nhan_groups": ["agency"]}
    schema["allOf"] = [{"if": {"required": [f], "properties": {f: {"type": "string"}}},
                        "then": {"required": ["agency"]}} for f in SIGNER_FIELDS if f in props]
    return schema


@lru_cache(maxsize=None)
def _cached_input(type_id: str) -> dict:
    return input_schema(get_type(type_id))


def input_schema_for(type_id: str) -> dict:
    """A fresh copy of the schema of what a client may send (both forms; see input_schema)."""
    return copy.deepcopy(_cached_input(type_id))


def schema_for(type_id: str) -> dict:
    """A fresh copy of the type's complete schema (callers may annotate it): what a document is after the
    profile expansion, what the validator checks and the form is built from."""
    return copy.deepcopy(_cached(type_id))


def all_type_ids() -> list[str]:
    return list(TYPES)
