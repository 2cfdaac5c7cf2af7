"""Decree 30/2020/NĐ-CP as data: the one place the renderer, the schema, the web form and the checker read.

Every constant carries the rule it implements ("App.I §2 ô 4" = Appendix I, section 2, position 4 of the
official diagram; see shared/reference/nd30-layout.md). Sizes are in points, lengths in millimetres.
A range is (min, max); templates pick one value (`chosen`), the checker accepts the whole range.
"""
from __future__ import annotations

from dataclasses import dataclass

# --- App.I §1: page -------------------------------------------------------------------------------------------
PAGE_A4_MM = (210, 297)  # App.I §1 paper
MARGINS_MM = {  # App.I §1 margins: (min, max)
    "top": (20, 25),
    "bottom": (20, 25),
    "left": (30, 35),
    "right": (15, 20),
}
MARGINS_CHOSEN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FONT = "Times New Roman"  # App.I §1 font (TCVN 6909:2001 Unicode)
TEXT_COLORS = ("auto", "000000")  # App.I §1 "black": the colour values a checker accepts on text runs
PAGE_NUMBER_SIZE = (13, 14)  # App.I §1 page numbers, header, centred, hidden on page 1

# --- App.I §2: fixed texts --------------------------------------------------------------------------------------
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # ô 1
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # ô 1


@dataclass(frozen=True)
class TextStyle:
    """How one element is set: the allowed size range, the size we use, and its emphasis (App.I §2–§5)."""

    rule: str
    size: tuple[float, float]
    chosen: float
    bold: bool = False
    italic: bool = False
    upper: bool = False


ELEMENTS: dict[str, TextStyle] = {
    "national_name": TextStyle("App.I §2 ô 1", (12, 13), 12, bold=True, upper=True),
    "motto": TextStyle("App.I §2 ô 1", (13, 14), 13, bold=True),
    "parent": TextStyle("App.I §2 ô 2", (12, 13), 12, upper=True),
    "issuer": TextStyle("App.I §2 ô 2", (12, 13), 12, bold=True, upper=True),
    "number": TextStyle("App.I §2 ô 3", (13, 13), 13),
    "place_date": TextStyle("App.I §2 ô 4", (13, 14), 13, italic=True),
    "type_name": TextStyle("App.I §2 ô 5a", (13, 14), 14, bold=True, upper=True),
    "summary": TextStyle("App.I §2 ô 5a", (13, 14), 14, bold=True),
    "cv_summary": TextStyle("App.I §2 ô 5b", (12, 13), 12),
    "body": TextStyle("App.I §3 ô 6", (13, 14), 14),
    "basis": TextStyle("App.I §3 ô 6 căn cứ", (13, 14), 14, italic=True),
    "section": TextStyle("App.I §3 mục La Mã", (13, 14), 14, bold=True, upper=True),
    "part": TextStyle("App.I §3 phần/chương", (13, 14), 14, bold=True, upper=True),
    "article": TextStyle("App.I §3 điều", (13, 14), 14, bold=True),
    "authority": TextStyle("App.I §4 ô 7a", (13, 14), 14, bold=True, upper=True),
    "position": TextStyle("App.I §4 ô 7b", (13, 14), 14, bold=True, upper=True),
    "signer_name": TextStyle("App.I §4 ô 7c", (13, 14), 14, bold=True),
    "noi_nhan_heading": TextStyle("App.I §5 ô 9a", (12, 12), 12, bold=True, italic=True),
    "noi_nhan": TextStyle("App.I §5 ô 9b", (11, 11), 11),
    "kinh_gui": TextStyle("App.I §5 kính gửi", (13, 14), 14),
    "mark": TextStyle("App.I §6 ô 10", (13, 14), 13, bold=True, upper=True),
    "drafter": TextStyle("App.I §6 ô 12", (11, 11), 11),
    "address": TextStyle("App.I §6 ô 13", (11, 12), 11),
    "appendix_heading": TextStyle("App.I §6 phụ lục", (14, 14), 14, bold=True),
    "header_page": TextStyle("App.I §1 số trang", (13, 14), 13),
}

# App.I §3: body paragraph geometry.
FIRST_LINE_INDENT_CM = (1.0, 1.27)
FIRST_LINE_INDENT_CHOSEN_CM = 1.0
MIN_SPACE_AFTER_PT = 6
LINE_SPACING_RANGE = (1.0, 1.5)  # "single to 1.5 lines"
LINE_SPACING_CHOSEN = 1.0

# App.I §2 lines under the issuer and the summary: 1/3 to 1/2 of the text length; drawn at 0.4.
SHORT_LINE_CHOSEN = 0.4

# --- App.III: type names and abbreviations ----------------------------------------------------------------------
# id → (name as printed in the type line, abbreviation). App.III I (viết tắt tên loại văn bản).
TYPE_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "nghi_quyet": ("Nghị quyết", "NQ"),
    "quyet_dinh": ("Quyết định", "QĐ"),
    "chi_thi": ("Chỉ thị", "CT"),
    "quy_che": ("Quy chế", "QC"),
    "quy_dinh": ("Quy định", "QyĐ"),
    "thong_cao": ("Thông cáo", "TC"),
    "thong_bao": ("Thông báo", "TB"),
    "huong_dan": ("Hướng dẫn", "HD"),
    "chuong_trinh": ("Chương trình", "CTr"),
    "ke_hoach": ("Kế hoạch", "KH"),
    "phuong_an": ("Phương án", "PA"),
    "de_an": ("Đề án", "ĐA"),
    "du_an": ("Dự án", "DA"),
    "bao_cao": ("Báo cáo", "BC"),
    "bien_ban": ("Biên bản", "BB"),
    "to_trinh": ("Tờ trình", "TTr"),
    "hop_dong": ("Hợp đồng", "HĐ"),
    "cong_dien": ("Công điện", "CĐ"),
    "ban_ghi_nho": ("Bản ghi nhớ", "BGN"),
    "ban_thoa_thuan": ("Bản thỏa thuận", "BTT"),
    "giay_uy_quyen": ("Giấy ủy quyền", "GUQ"),
    "giay_moi": ("Giấy mời", "GM"),
    "giay_gioi_thieu": ("Giấy giới thiệu", "GGT"),
    "giay_nghi_phep": ("Giấy nghỉ phép", "GNP"),
    "phieu_gui": ("Phiếu gửi", "PG"),
    "phieu_chuyen": ("Phiếu chuyển", "PC"),
    "phieu_bao": ("Phiếu báo", "PB"),
}
COPY_ABBREVIATIONS = {"sao_y": ("Bản sao y", "SY"), "trich_sao": ("Bản trích sao", "TrS"), "sao_luc": ("Bản sao lục", "SL")}

# --- App.I §4: signing authority --------------------------------------------------------------------------------
AUTHORITIES: dict[str, str] = {  # App.I §4 ô 7a
    "TM.": "thay mặt tập thể",
    "Q.": "quyền",
    "KT.": "ký thay",
    "TL.": "thừa lệnh",
    "TUQ.": "thừa ủy quyền",
}
# App.I §4 ô 7b: after these the signer's own position follows on its own line ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC");
# "Q. GIÁM ĐỐC" is itself the position.
POSITION_AFTER_AUTHORITY = ("TM.", "KT.", "TL.", "TUQ.")
# App.I §4 ô 7a: a deputy signing for the head of a collective body prints three lines, the collective first:
# "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" (or "Q. CHỦ TỊCH" for an acting head).
COLLECTIVE_AUTHORITY = "TM."
ON_BEHALF_AUTHORITIES = ("KT.", "Q.")  # the signer's own authority under a collective's TM. line
# App.I §4 ô 7c: the signer's name is written without academic titles or degrees.
ACADEMIC_TITLES = ("GS.", "PGS.", "TS.", "TSKH.", "ThS.", "KS.", "BS.", "CN.", "GS.TS.", "PGS.TS.")

# --- App.I §2 ô 5b, §3 ô 6: opening words ---------------------------------------------------------------------------
# App.I §2 ô 5b: a công văn's summary under its number opens with "V/v", the abbreviation of "Về việc" (also typed
# out in full).
CV_SUMMARY_PREFIX = "V/v"
CV_SUMMARY_PREFIXES = (CV_SUMMARY_PREFIX, "Về việc")
BASIS_OPENING = "Căn cứ"  # App.I §3 ô 6 căn cứ: each legal basis of a decision opens with these words

# --- App.I §3: numbering ----------------------------------------------------------------------------------------
# Points use the Vietnamese alphabet: no f, j, w, z (App.I §3 điểm).
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
                 "o", "p", "q", "r", "s", "t", "u", "v", "x", "y")
BULLET = "-"  # App.I §3 gạch đầu dòng
CLOSING_MARK = "./."  # App.I §3: plans and decisions commonly end with ./.

# --- App.I §5: recipients ---------------------------------------------------------------------------------------
NOI_NHAN_HEADING = "Nơi nhận:"
KINH_GUI_HEADING = "Kính gửi:"
KINH_GUI_SPELLINGS = (KINH_GUI_HEADING, "Kính gởi:")  # as typed in practice (the southern spelling)
NHU_TREN = "Như trên"
ARCHIVE_PREFIX = "Lưu:"
ARCHIVE_REGISTRY = "VT"  # the clerks' office always keeps one copy

# --- App.I §6: marks ---------------------------------------------------------------------------------------------
URGENCY = ("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN")  # ô 10b
SECRECY = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")  # ô 10a
CIRCULATION = ("LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI", "DỰ THẢO", "KHÔNG PHỔ BIẾN")  # ô 11

# --- App. IV: the registers the clerk keeps ------------------------------------------------------------------------
# "Mẫu sổ đăng ký văn bản đi": the register's title and the headings of its 10 columns, in order.
OUTGOING_REGISTER_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
OUTGOING_REGISTER_HEADINGS: tuple[str, ...] = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
COPIES_REGISTER_TITLE = "SỔ ĐĂNG KÝ BẢN SAO VĂN BẢN"

# --- Article 15: number ------------------------------------------------------------------------------------------
NUMBER_MIN_DIGITS = 2  # numbers below 10 get a leading zero (Art.15, App.I §2 ô 3)
NUMBER_PREFIX = "Số:"

# --- App.I §2 ô 4: date line -------------------------------------------------------------------------------------
ZERO_PADDED_MONTHS = (1, 2)  # months 1 and 2 get a leading zero, 3–12 do not
DRAFT_BLANK = "\u00a0" * 6  # the gap the clerk fills by hand in a draft ("ngày      tháng 02")
