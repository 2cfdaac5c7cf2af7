"""Document types as data (App.III): name, abbreviation, sample, and which parts each layout has.

The renderer, the schema, the web form and the checker all read this table; a type is a row, not a template
copy. Samples: 1.1 nghị quyết, 1.2/1.3 quyết định, 1.4 every other named type, 1.5 công văn, 1.6 công điện,
1.7 giấy mời, 1.8 giấy giới thiệu, 1.9 biên bản, 1.10 giấy nghỉ phép; 2.1/2.2 appendices and 3.1/3.2 copies
attach to any type (ATTACHABLE).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.rules import nd30

# A body scheme names, largest first, how each level of the body tree is numbered (App.I §3).
PLAN_SCHEME = ("roman", "arabic", "letter", "dash")  # sections → items → points → bullets
# Decisions, resolutions, regulations, contracts: Chương I → Điều 1. → 1. → a) → - (App.I §3 phần/chương/điều).
DECISION_SCHEME = ("chapter", "article", "arabic", "letter", "dash")

# Parts a type may carry (DocType.parts); each names a block of the model, the schema and the template.
PART_TITLES: dict[str, str] = {
    "authority": "Thẩm quyền ban hành (dòng in hoa dưới trích yếu)",  # samples 1.1, 1.2, 1.3, 1.6
    "basis": "Căn cứ ban hành (in nghiêng, mỗi căn cứ một dòng)",  # App.I §3 căn cứ
    "proposal": "Theo đề nghị của …",  # sample 1.2
    "attached": "Văn bản ban hành kèm theo (quy chế, quy định …)",  # sample 1.3
    "details": "Các mục riêng của mẫu",  # samples 1.7–1.10
    "parties": "Hai bên ký kết",  # hợp đồng, bản ghi nhớ, bản thỏa thuận
    "signer_left": "Chữ ký thứ hai (bên trái)",  # sample 1.9
    "unit": "Đơn vị soạn thảo trong ký hiệu",  # sample 1.5
}

# Parts every type may carry, with the App.III samples they follow.
ATTACHABLE: dict[str, tuple[str, str]] = {
    "appendices": ("2.1, 2.2", "Phụ lục (Phụ lục I, II… khi có nhiều phụ lục; đánh số trang riêng)"),
    "copy": ("3.1, 3.2", "Bản sao: SAO Y, SAO LỤC, TRÍCH SAO"),
}

PARTY_LABELS = ("Bên A", "Bên B")  # the two parties of a contract or agreement, in order


@dataclass(frozen=True)
class Detail:
    """One line of a sample's fixed wording (giấy mời: "Thời gian: …").

    `line` is how it prints: `{value}` is this field, `{<key>}` another field of the same type, `{co_quan}` the
    issuer's name as written in a sentence. A field with `many` prints `line` alone, then one `- item;` per entry
    (the last ending with "."). A detail with no key is a fixed sentence of the sample.
    """

    key: str | None
    title: str
    line: str
    description: str = ""
    required: bool = True
    many: bool = False
    after: bool = False  # printed after the body and the closing (the end time of a meeting)
    enum: tuple[str, ...] = ()
    default: str | None = None  # used when the field is left out


@dataclass(frozen=True)
class DocType:
    id: str
    name: str  # as printed, e.g. "Kế hoạch"; the type line prints it upper case
    abbr_type: str | None  # App.III abbreviation; None for công văn (its symbol is issuer-unit)
    sample: str  # App.III sample number
    symbol_kind: str = "type"  # "type": KH-UBND; "unit": UBND-VX (công văn)
    type_line: bool = True  # công văn has no type name (App.I §2 ô 5b)
    kinh_gui: str = "optional"  # "none" | "optional" | "required" (App.I §5)
    scheme: tuple[str, ...] = PLAN_SCHEME
    closing_mark: bool = True  # "./." after the last sentence (App.I §3)
    fixture: str | None = None
    parts: tuple[str, ...] = field(default_factory=tuple)  # extra parts this type carries (PART_TITLES)
    summary: str = "required"  # "required" | "optional": giấy giới thiệu, giấy nghỉ phép have none (1.8, 1.10)
    addressing: str = "kinh_gui"  # "kinh_gui": `Kính gửi:` line; "dien": công điện lists them after "… điện:"
    authority_suffix: str = ""  # công điện: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:" (sample 1.6)
    action_line: str | None = None  # "QUYẾT NGHỊ:" (1.1), "QUYẾT ĐỊNH:" (1.2, 1.3)
    details: tuple[Detail, ...] = ()
    body_intro: str | None = None  # biên bản: the "Nội dung:" line before the minutes (1.9)
    signature_titles: tuple[str, str] | None = None  # two-signature types: (left, right) as the sample prints them


def _named(type_id: str, sample: str = "1.4", **kw) -> DocType:
    name, abbr = nd30.TYPE_ABBREVIATIONS[type_id]
    kw.setdefault("fixture", f"{type_id.replace('_', '-')}.json")
    return DocType(id=type_id, name=name, abbr_type=abbr, sample=sample, **kw)


# Sample 1.7: the invitation's fixed lines.
_GIAY_MOI = (
    Detail("kinh_moi", "Trân trọng kính mời", "{co_quan} trân trọng kính mời: {value}",
           "Người, cơ quan được mời, ví dụ Lãnh đạo Phòng Lao động - Thương binh và Xã hội các huyện."),
    Detail("toi_du", "Tới dự", "Tới dự: {value}", "Tên cuộc họp, hội nghị, hội thảo."),
    Detail("chu_tri", "Chủ trì", "Chủ trì: {value}", "Người chủ trì, ví dụ Đồng chí Giám đốc Sở.", required=False),
    Detail("thoi_gian", "Thời gian", "Thời gian: {value}", "Ví dụ 08 giờ 00 phút, thứ Sáu, ngày 15/3/2024."),
    Detail("dia_diem", "Địa điểm", "Địa điểm: {value}", "Ví dụ Hội trường tầng 3, Sở Lao động - Thương binh và "
           "Xã hội."),
)
# Sample 1.8.
_GIAY_GIOI_THIEU = (
    Detail(None, "Câu giới thiệu", "{co_quan} trân trọng giới thiệu:"),
    Detail("ho_ten", "Ông (bà)", "Ông (bà): {value}", "Họ và tên người được giới thiệu."),
    Detail("chuc_vu", "Chức vụ", "Chức vụ: {value}", "Chức vụ, đơn vị công tác."),
    Detail("duoc_cu_den", "Được cử đến", "Được cử đến: {value}", "Cơ quan, đơn vị nơi đến làm việc."),
    Detail("ve_viec", "Về việc", "Về việc: {value}", "Nội dung công việc."),
    Detail(None, "Câu đề nghị", "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
           after=True),
    Detail("hieu_luc", "Có giá trị đến hết ngày", "Giấy này có giá trị đến hết ngày {value}",
           "Ví dụ 30/4/2024.", after=True),
)
# Sample 1.10.
_GIAY_NGHI_PHEP = (
    Detail("ngay_don", "Ngày của đơn", "Xét Đơn đề nghị nghỉ phép ngày {value} của {ong_ba} {ho_ten},",
           "Ngày ghi trên đơn xin nghỉ phép, ví dụ 08/7/2024."),
    Detail("ong_ba", "Danh xưng", "", "ông hoặc bà (dùng trong câu “Xét Đơn …”).", enum=("ông", "bà")),
    Detail("cap_phep", "Người cấp giấy", "{value} cấp cho:", "Thẩm quyền cấp, ví dụ Giám đốc Sở Lao động - "
           "Thương binh và Xã hội."),
    Detail("ho_ten", "Ông (bà)", "Ông (bà): {value}", "Họ và tên người nghỉ phép."),
    Detail("chuc_vu", "Chức vụ", "Chức vụ: {value}", "Chức vụ, đơn vị công tác."),
    Detail("nam_phep", "Năm phép", "", "Năm của kỳ nghỉ phép, ví dụ 2024."),
    Detail("thoi_gian", "Thời gian nghỉ", "Nghỉ phép năm {nam_phep} trong thời gian: {value}",
           "Ví dụ 10 ngày, kể từ ngày 15/7/2024 đến hết ngày 26/7/2024."),
    Detail("noi_nghi", "Nơi nghỉ phép", "Tại: {value}", "Địa chỉ nơi nghỉ phép."),
)
# Sample 1.9.
_BIEN_BAN = (
    Detail("bat_dau", "Thời gian bắt đầu", "Thời gian bắt đầu: {value}", "Ví dụ 08 giờ 00 phút, ngày 12/3/2024."),
    Detail("dia_diem", "Địa điểm", "Địa điểm: {value}", "Nơi họp."),
    Detail("thanh_phan", "Thành phần tham dự", "Thành phần tham dự:", "Mỗi người (nhóm) tham dự một dòng.",
           many=True),
    Detail("chu_tri", "Chủ trì (chủ tọa)", "Chủ trì (chủ tọa): {value}", "Họ tên, chức vụ người chủ trì."),
    Detail("thu_ky", "Thư ký (người ghi biên bản)", "Thư ký (người ghi biên bản): {value}",
           "Họ tên, chức vụ người ghi biên bản."),
    Detail("ket_thuc", "Thời gian kết thúc", "{su_kien} kết thúc vào {value}",
           "Ví dụ 11 giờ 30 phút cùng ngày.", after=True),
    Detail("su_kien", "Loại cuộc họp", "", "Cuộc họp, Hội nghị hoặc Hội thảo (dùng trong câu kết thúc).",
           required=False, enum=("Cuộc họp", "Hội nghị", "Hội thảo"), default="Cuộc họp"),
)
# Giấy ủy quyền (named type on sample 1.4): who authorises whom, for what, until when.
_GIAY_UY_QUYEN = (
    Detail("ben_uy_quyen", "Người ủy quyền", "Người ủy quyền: {value}", "Họ tên, chức vụ người ủy quyền."),
    Detail("ben_duoc_uy_quyen", "Người được ủy quyền", "Người được ủy quyền: {value}",
           "Họ tên, chức vụ người được ủy quyền."),
    Detail("noi_dung", "Nội dung ủy quyền", "Nội dung ủy quyền: {value}", "Phạm vi công việc được ủy quyền."),
    Detail("thoi_han", "Thời hạn ủy quyền", "Thời hạn ủy quyền: {value}", "Ví dụ từ ngày 01/4/2024 đến hết ngày "
           "30/4/2024.", after=True),
)

_DECISION = dict(scheme=DECISION_SCHEME, kinh_gui="none")
_PARTIES = dict(scheme=DECISION_SCHEME, kinh_gui="none", parts=("basis", "parties"),
                signature_titles=("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"))

TYPES: dict[str, DocType] = {
    t.id: t
    for t in (
        _named("ke_hoach", fixture="ke-hoach-2024.json"),
        _named("bao_cao"),
        _named("chi_thi", kinh_gui="none"),
        _named("quy_che", **_DECISION),
        _named("quy_dinh", **_DECISION),
        _named("thong_cao", kinh_gui="none"),
        _named("thong_bao"),
        _named("huong_dan"),
        _named("chuong_trinh"),
        _named("phuong_an"),
        _named("de_an"),
        _named("du_an"),
        _named("to_trinh", kinh_gui="required"),
        _named("giay_uy_quyen", kinh_gui="none", parts=("basis", "details"), details=_GIAY_UY_QUYEN),
        _named("phieu_gui"),
        _named("phieu_chuyen"),
        _named("phieu_bao"),
        _named("nghi_quyet", "1.1", **_DECISION, parts=("authority", "basis"), action_line="QUYẾT NGHỊ:"),
        _named("quyet_dinh", "1.2, 1.3", **_DECISION, parts=("authority", "basis", "proposal", "attached"),
               action_line="QUYẾT ĐỊNH:"),
        DocType(id="cong_van", name="Công văn", abbr_type=None, sample="1.5", symbol_kind="unit", type_line=False,
                kinh_gui="required", fixture="cong-van.json", parts=("unit",)),
        _named("cong_dien", "1.6", kinh_gui="required", addressing="dien", authority_suffix=" điện:",
               parts=("authority",)),
        _named("giay_moi", "1.7", kinh_gui="none", parts=("details",), details=_GIAY_MOI),
        _named("giay_gioi_thieu", "1.8", kinh_gui="none", parts=("details",), details=_GIAY_GIOI_THIEU,
               summary="optional"),
        _named("bien_ban", "1.9", kinh_gui="none", parts=("details", "signer_left"), details=_BIEN_BAN,
               body_intro="Nội dung:", signature_titles=("THƯ KÝ", "CHỦ TỌA")),
        _named("giay_nghi_phep", "1.10", kinh_gui="none", parts=("details",), details=_GIAY_NGHI_PHEP,
               summary="optional"),
        _named("hop_dong", **_PARTIES),
        _named("ban_ghi_nho", **_PARTIES),
        _named("ban_thoa_thuan", **_PARTIES),
    )
}


def get_type(type_id: str) -> DocType:
    try:
        return TYPES[type_id]
    except KeyError:
        raise KeyError(type_id) from None


def has_part(doc_type: DocType, part: str) -> bool:
    return part in doc_type.parts


def uses_issuer_text(doc_type: DocType) -> bool:
    """Whether a fixed line names the issuer in a sentence ("Sở … trân trọng kính mời"), needing issuer.name_text."""
    return any("{co_quan}" in d.line for d in doc_type.details)
