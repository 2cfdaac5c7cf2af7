"""Recipients (App.I §5 ô 9), addressees (Kính gửi) and the signature block (App.I §4 ô 7)."""
from __future__ import annotations

import re

from service.check.emphasis import check_element
from service.check.report import Report
from service.reading.locate import DRAFTER_RE, Elements
from service.reading.text import has_letters, is_upper, loose_words, norm, printed
from service.rules import nd30
from service.rules.agencies import split_position

NOI_NHAN_RULE = "ND30-I.5.noi_nhan"
RECIPIENTS_RULE = "ND30-I.5.recipients"
ARCHIVE_RULE = "ND30-I.5.archive"
KINH_GUI_RULE = "ND30-I.5.kinh_gui"
SIGNER_RULE = "ND30-I.4.signer"
AUTHORITY_RULE = "ND30-I.4.authority"
ARCHIVE_RE = re.compile(rf"^{re.escape(nd30.BULLET)}?\s*{loose_words(nd30.ARCHIVE_PREFIX)}\s*:?", re.IGNORECASE)
ARCHIVE_FORM_RE = re.compile(rf"^{re.escape(nd30.BULLET)} {re.escape(nd30.ARCHIVE_PREFIX)} (?P<units>[^;]+)\.$")


def check_recipients(el: Elements, report: Report) -> None:
    if el.noi_nhan is None:
        report.add(NOI_NHAN_RULE, "noi_nhan", "không có / missing", nd30.NOI_NHAN_HEADING,
                   "Không tìm thấy mục “Nơi nhận:” (App.I §5 ô 9)", "no “Nơi nhận:” (recipients) found (App.I §5 ô 9)")
        return
    heading = printed(el.noi_nhan)
    if heading != nd30.NOI_NHAN_HEADING:
        report.add(NOI_NHAN_RULE, "noi_nhan", heading, nd30.NOI_NHAN_HEADING,
                   f"Viết đúng “{nd30.NOI_NHAN_HEADING}” (chữ thường, có dấu hai chấm), đang “{heading}”",
                   f"write exactly “{nd30.NOI_NHAN_HEADING}” (lower case, with a colon), found “{heading}”")
    check_element(report, NOI_NHAN_RULE, "noi_nhan", "Chữ “Nơi nhận:”", "“Nơi nhận:” heading", [el.noi_nhan],
                  "noi_nhan_heading", align="left")
    lines = [ln for ln in el.recipients if norm(ln.text)]
    archive_idx = next((i for i, ln in enumerate(lines) if ARCHIVE_RE.match(norm(printed(ln)))), None)
    recipients = lines if archive_idx is None else lines[:archive_idx]
    after = [] if archive_idx is None else lines[archive_idx + 1:]
    check_element(report, RECIPIENTS_RULE, "recipients", "Các nơi nhận", "recipient lines",
                  [*recipients, *([lines[archive_idx]] if archive_idx is not None else [])], "noi_nhan")
    for i, line in enumerate(recipients):
        text = printed(line)
        nxt = printed(recipients[i + 1]) if i + 1 < len(recipients) else ""
        if not re.match(r"^[-+] \S", text):
            report.add(RECIPIENTS_RULE, f"recipients[{i}]", text, f"- {text.lstrip('-+ ')}",
                       f"Mỗi nơi nhận bắt đầu bằng “- ”: “{text}” (App.I §5)",
                       f"each recipient line starts with “- ”: “{text}” (App.I §5)")
        if not (text.endswith(";") or (text.endswith(":") and nxt.startswith("+"))):
            report.add(RECIPIENTS_RULE, f"recipients[{i}]", text, text.rstrip(".,") + ";",
                       f"Mỗi nơi nhận kết thúc bằng dấu “;”: “{text}” (App.I §5)",
                       f"each recipient line ends with “;”: “{text}” (App.I §5)")
    if el.kinh_gui and recipients:
        first = printed(recipients[0]).lstrip("-+ ").rstrip(";").strip()
        if first != nd30.NHU_TREN:
            report.warn(RECIPIENTS_RULE, "recipients[0]", first, f"- {nd30.NHU_TREN};",
                        f"Văn bản có “Kính gửi” thì nơi nhận đầu tiên là “- {nd30.NHU_TREN};” (App.I §5)",
                        f"with addressees, the first recipient is “- {nd30.NHU_TREN};” (App.I §5)")
    if archive_idx is None:
        report.add(ARCHIVE_RULE, "archive", "không có / missing", f"- {nd30.ARCHIVE_PREFIX} VT, ….",
                   f"Thiếu dòng lưu “- {nd30.ARCHIVE_PREFIX} {nd30.ARCHIVE_REGISTRY}, ….” cuối nơi nhận (App.I §5)",
                   f"the archive line “- {nd30.ARCHIVE_PREFIX} {nd30.ARCHIVE_REGISTRY}, ….” is missing (App.I §5)")
        return
    archive = printed(lines[archive_idx])
    m = ARCHIVE_FORM_RE.match(archive)
    units = [u.strip() for u in m.group("units").split(",")] if m else []
    if not m or not units or units[0] != nd30.ARCHIVE_REGISTRY:
        report.add(ARCHIVE_RULE, "archive", archive, f"- {nd30.ARCHIVE_PREFIX} {nd30.ARCHIVE_REGISTRY}, <đơn vị>.",
                   f"Dòng lưu phải dạng “- {nd30.ARCHIVE_PREFIX} {nd30.ARCHIVE_REGISTRY}, <đơn vị soạn thảo>.”, "
                   f"kết thúc bằng dấu chấm: “{archive}” (App.I §5)",
                   f"the archive line must read “- {nd30.ARCHIVE_PREFIX} {nd30.ARCHIVE_REGISTRY}, <unit>.” ending "
                   f"with a full stop: “{archive}” (App.I §5)")
    for line in after:
        text = printed(line)
        if not DRAFTER_RE.match(text):
            report.add(ARCHIVE_RULE, "archive", text, f"- {nd30.ARCHIVE_PREFIX} … (last line)",
                       f"Dòng lưu phải là dòng cuối của nơi nhận; sau nó chỉ có ký hiệu người soạn thảo: “{text}”",
                       f"the archive line must be the last recipient line (only the drafter mark may follow): "
                       f"“{text}”")
        else:
            check_element(report, ARCHIVE_RULE, "drafter", "Ký hiệu người soạn thảo", "drafter mark", [line],
                          "drafter", emphasis=False)


def check_kinh_gui(el: Elements, report: Report) -> None:
    if not el.kinh_gui:
        return
    check_element(report, KINH_GUI_RULE, "kinh_gui", "Kính gửi", "addressees", el.kinh_gui, "kinh_gui",
                  emphasis=False, case=False)
    listed = el.kinh_gui[1:]
    for i, line in enumerate(listed):
        text = printed(line)
        end = "." if i == len(listed) - 1 else ";"
        if not text.startswith("- ") or not text.endswith(end):
            report.add(KINH_GUI_RULE, f"kinh_gui[{i + 1}]", text, f"- …{end}",
                       f"Mỗi nơi gửi một dòng, bắt đầu “- ”, kết thúc “;”, dòng cuối “.”: “{text}” (App.I §5)",
                       f"one addressee per line, “- ” first, “;” after each and “.” after the last: “{text}” "
                       "(App.I §5)")


def check_signer(el: Elements, report: Report) -> None:
    lines = [ln for ln in el.signer if has_letters(ln.text)]
    if not lines:
        report.add(SIGNER_RULE, "signer", "không có / missing", "authority, position, name",
                   "Không tìm thấy khối chữ ký (quyền hạn, chức vụ, họ tên người ký) (App.I §4)",
                   "no signature block (authority, position, signer's name) found (App.I §4)")
        return
    titles = [ln for ln in lines if is_upper(printed(ln))]
    names = [ln for ln in lines if not is_upper(printed(ln))]
    name = names[-1] if names else lines[-1]
    titles = [ln for ln in titles if ln is not name]
    if titles:
        report.elements.setdefault("authority", printed(titles[0]))
        _check_authority(printed(titles[0]), report)
        _check_position_after_authority(titles, report)
        _check_on_behalf(titles, report)
        check_element(report, SIGNER_RULE, "authority", "Quyền hạn, chức vụ người ký", "authority and position",
                      titles, "authority")
    else:
        report.add(SIGNER_RULE, "authority", "không có / missing", "e.g. KT. GIÁM ĐỐC",
                   "Thiếu dòng quyền hạn, chức vụ người ký viết in hoa (App.I §4 ô 7)",
                   "the upper-case authority/position line is missing (App.I §4 ô 7)")
    shown = printed(name)
    report.elements.setdefault("signer_name", shown)
    if is_upper(shown):
        report.add(SIGNER_RULE, "signer_name", shown, shown.title(),
                   "Họ tên người ký viết chữ thường, hoa chữ cái đầu, không in hoa toàn bộ (App.I §4 ô 7c)",
                   "the signer's name is in normal case, not all capitals (App.I §4 ô 7c)")
    check_element(report, SIGNER_RULE, "signer_name", "Họ tên người ký", "signer's name", [name], "signer_name",
                  case=False)
    title = next((t for t in sorted(nd30.ACADEMIC_TITLES, key=len, reverse=True)
                  if shown.lower().startswith(t.lower())), None)
    if title:
        report.add(SIGNER_RULE, "signer_name", shown, shown[len(title):].strip(),
                   f"Không ghi học hàm, học vị “{title}” trước họ tên người ký (App.I §4 ô 7c)",
                   f"no academic title “{title}” before the signer's name (App.I §4 ô 7c)")


NEEDS_POSITION = tuple(a.rstrip(".") for a in nd30.POSITION_AFTER_AUTHORITY)


def _check_position_after_authority(titles: list, report: Report) -> None:
    first = printed(titles[0])
    token = re.sub(r"[^A-Za-z]", "", first.split(" ", 1)[0]).upper()
    if token in NEEDS_POSITION and len(titles) == 1 and not split_position(first.split(" ", 1)[-1]):
        report.add(SIGNER_RULE, "position", first, f"{first} / <chức vụ>",
                   f"Sau dòng quyền hạn “{first}” phải có dòng chức vụ của người ký (App.I §4 ô 7b)",
                   f"the authority line “{first}” must be followed by the signer's position (App.I §4 ô 7b)")


def _token(text: str) -> str:
    return re.sub(r"[^A-Za-z]", "", text.split(" ", 1)[0]).upper()


def _check_on_behalf(titles: list, report: Report) -> None:
    """`TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`: under a collective's TM. line the signer's own
    line is KT. (then the position follows) or Q. (App.I §4 ô 7a)."""
    if len(titles) < 2 or _token(printed(titles[0])) != nd30.COLLECTIVE_AUTHORITY.rstrip("."):
        return
    second = printed(titles[1])
    token = _token(second)
    known = {p.rstrip(".") for p in nd30.AUTHORITIES}
    if token not in known or len(second.split()) < 2:
        return  # `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`: the head signs, one authority line
    _check_authority(second, report)
    allowed = " hoặc ".join(nd30.ON_BEHALF_AUTHORITIES)
    if f"{token}." not in nd30.ON_BEHALF_AUTHORITIES:
        report.add(AUTHORITY_RULE, "authority", second, f"{nd30.ON_BEHALF_AUTHORITIES[0]} …",
                   f"Dưới dòng “{printed(titles[0])}” người ký ghi {allowed}, không ghi “{second}” (App.I §4 ô 7a)",
                   f"under “{printed(titles[0])}” the signer's line is {' or '.join(nd30.ON_BEHALF_AUTHORITIES)}, "
                   f"not “{second}” (App.I §4 ô 7a)")
    elif token in NEEDS_POSITION and len(titles) == 2 and not split_position(second.split(" ", 1)[-1]):
        report.add(SIGNER_RULE, "position", second, f"{second} / <chức vụ>",
                   f"Sau dòng quyền hạn “{second}” phải có dòng chức vụ của người ký (App.I §4 ô 7b)",
                   f"the authority line “{second}” must be followed by the signer's position (App.I §4 ô 7b)")


def _check_authority(text: str, report: Report) -> None:
    token = text.split(" ", 1)[0]
    if token in nd30.AUTHORITIES:
        return
    letters = re.sub(r"[^A-Za-z]", "", token).upper()
    known = {p.rstrip("."): p for p in nd30.AUTHORITIES}
    if letters in known and (token != letters or len(text.split()) > 1):
        want = known[letters]
        report.add(AUTHORITY_RULE, "authority", token, want,
                   f"Quyền hạn ký viết “{want}”, không viết “{token}” (TM., KT., Q., TL., TUQ.) (App.I §4)",
                   f"the signing authority is written “{want}”, not “{token}” (TM., KT., Q., TL., TUQ.) (App.I §4)")
