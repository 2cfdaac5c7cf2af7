"""The first-page header (App.I §2 ô 1–5): national name and motto, issuer, number, date, type name, summary,
and the marks of ô 10–11."""
from __future__ import annotations

import re

from service.check.dateline import check_date_line
from service.check.emphasis import check_element
from service.check.report import Report
from service.check.symbol import check_number_line
from service.reading.locate import HEADER_SCAN, Elements, summary_optional
from service.reading.reader import Document, Line
from service.reading.text import is_upper, key, norm, printed
from service.rules import nd30


def _missing(report: Report, rule: str, element: str, required: str, vi: str, en: str) -> None:
    report.add(rule, element, "không có / missing", required, f"Không tìm thấy {vi}", f"no {en} found")


def _has_rule_below(doc: Document, lines: list[Line]) -> bool:
    """A short solid line under the element: a border, a drawn line in it or in the next two paragraphs, or an
    underline of the whole text."""
    if not lines:
        return True
    last = lines[-1].para
    if all(r.fmt.underline not in (None, "none") for ln in lines for r in ln.text_runs()):
        return True
    following = [p for p in doc.paras if p.part == last.part and last.index <= p.index <= last.index + 2
                 and p.cell == last.cell]
    return any(p.has_line for p in following)


CV_PREFIX_RE = re.compile("^(" + "|".join(map(re.escape, nd30.CV_SUMMARY_PREFIXES)) + r")\s*:?\s*")


def _check_not_capitals(report: Report, element: str, lines) -> None:
    """The summary is written in sentence case (bold for named types): all capitals are a different form."""
    shown = " ".join(printed(ln) for ln in lines)
    prefix = CV_PREFIX_RE.match(shown)  # "V/v TĂNG CƯỜNG …": the prefix keeps its small v, the summary is capitals
    rest = shown[prefix.end():] if prefix else shown
    if is_upper(rest) and len(rest) > 12:
        required = (prefix.group(0) if prefix else "") + rest[:1] + rest[1:80].lower()
        report.warn("ND30-I.2.summary", element, shown[:80], required,
                    "Trích yếu viết hoa toàn bộ; mẫu của Nghị định 30 viết chữ thường, hoa chữ cái đầu (App.I §2 ô 5)",
                    "the summary is typed in capitals; the decree's samples write it in sentence case "
                    "(App.I §2 ô 5)")


def _check_rule_below(doc: Document, report: Report, element: str, lines: list[Line], vi: str, en: str) -> None:
    if lines and not _has_rule_below(doc, lines):
        report.warn("ND30-I.2.line", element, "không có / none", "solid line below",
                    f"Không thấy đường kẻ dưới {vi} (App.I §2)", f"no solid line found under the {en} (App.I §2)")


def check_header(doc: Document, el: Elements, report: Report) -> None:
    if el.national_name is None:
        _missing(report, "ND30-I.2.national_name", "national_name", nd30.NATIONAL_NAME,
                 f"Quốc hiệu “{nd30.NATIONAL_NAME}” (App.I §2 ô 1)", "national name (App.I §2 ô 1)")
    else:
        check_element(report, "ND30-I.2.national_name", "national_name", "Quốc hiệu", "national name",
                      [el.national_name], "national_name", align="center", align_severity="warning")
    if el.motto is None:
        _missing(report, "ND30-I.2.motto", "motto", nd30.MOTTO, f"Tiêu ngữ “{nd30.MOTTO}” (App.I §2 ô 1)",
                 "motto (App.I §2 ô 1)")
    else:
        shown = printed(el.motto)
        if shown != nd30.MOTTO:
            report.add("ND30-I.2.motto", "motto", shown, nd30.MOTTO,
                       f"Tiêu ngữ viết đúng “{nd30.MOTTO}”: hoa chữ cái đầu mỗi cụm, gạch nối có cách trước và sau "
                       "(App.I §2 ô 1)",
                       f"the motto reads exactly “{nd30.MOTTO}”: capitalised words, hyphens with spaces (App.I §2 ô 1)")
        check_element(report, "ND30-I.2.motto", "motto", "Tiêu ngữ", "motto", [el.motto], "motto", align="center")
        _check_rule_below(doc, report, "motto", [el.motto], "tiêu ngữ", "motto")
    if el.parent:
        check_element(report, "ND30-I.2.parent", "parent", "Tên cơ quan chủ quản", "parent agency", el.parent,
                      "parent", align="center")
    if not el.issuer:
        _missing(report, "ND30-I.2.issuer", "issuer", "SỞ …, UBND …",
                 "tên cơ quan, tổ chức ban hành (App.I §2 ô 2)", "issuing agency (App.I §2 ô 2)")
    else:
        check_element(report, "ND30-I.2.issuer", "issuer", "Tên cơ quan ban hành", "issuing agency", el.issuer,
                      "issuer", align="center")
        _check_rule_below(doc, report, "issuer", el.issuer, "tên cơ quan ban hành", "issuing agency")
    names = [printed(ln) for ln in el.issuer]
    parents = [printed(ln) for ln in el.parent]
    check_number_line(el.number, el.type_id, names + parents if names else [], report)
    if el.number is not None:
        report.elements.setdefault("number", printed(el.number))
        check_element(report, "ND30-I.2.number", "number", "Số, ký hiệu", "number and symbol", [el.number], "number",
                      case=False, align="center")
    check_date_line(el.place_date, report)
    if el.place_date is not None:
        check_element(report, "ND30-I.2.date", "place_date", "Địa danh, ngày tháng", "place and date",
                      [el.place_date], "place_date", align="center")
    if el.type_name is not None:
        check_element(report, "ND30-I.2.type_name", "type_name", "Tên loại văn bản", "type name", [el.type_name],
                      "type_name", align="center")
        if not el.summary and not summary_optional(el.type_id):
            _missing(report, "ND30-I.2.summary", "summary", "trích yếu",
                     "trích yếu nội dung dưới tên loại (App.I §2 ô 5a)", "summary under the type name (App.I §2 ô 5a)")
        elif el.summary:
            check_element(report, "ND30-I.2.summary", "summary", "Trích yếu", "summary", el.summary, "summary",
                          align="center")
            _check_not_capitals(report, "summary", el.summary)
            _check_rule_below(doc, report, "summary", el.summary, "trích yếu", "summary")
    elif el.cv_summary:
        check_element(report, "ND30-I.2.summary", "cv_summary", "Trích yếu công văn", "letter summary",
                      el.cv_summary, "cv_summary", case=False)
        _check_not_capitals(report, "cv_summary", el.cv_summary)
        first = norm(printed(el.cv_summary[0]))
        if not first.startswith(nd30.CV_SUMMARY_PREFIX):
            report.warn("ND30-I.2.summary", "cv_summary", first, "V/v …",
                        "Trích yếu công văn bắt đầu bằng “V/v” (App.I §2 ô 5b)",
                        "a letter's summary starts with “V/v” (App.I §2 ô 5b)")
    else:
        _missing(report, "ND30-I.2.type_name", "type_name", "KẾ HOẠCH, QUYẾT ĐỊNH … or V/v …",
                 "tên loại văn bản (hoặc trích yếu “V/v …” của công văn) (App.I §2 ô 5)",
                 "type name (or a letter's “V/v …” summary) (App.I §2 ô 5)")
    printed_type = next((ln for ln in list(doc.body_lines())[:HEADER_SCAN] if key(ln.text).strip() == "CÔNG VĂN"), None)
    if printed_type is not None:
        report.add("ND30-I.2.type_name", "type_name", printed(printed_type), "(không ghi)",
                   "Công văn không ghi tên loại “CÔNG VĂN”; dưới số, ký hiệu chỉ có trích yếu “V/v …” (App.I §2 ô 5b)",
                   "a letter does not print its type name “CÔNG VĂN”; only the “V/v …” summary under the number "
                   "(App.I §2 ô 5b)")
    if el.marks:
        check_element(report, "ND30-I.6.mark", "mark", "Dấu mức độ khẩn, mật", "urgency/secrecy mark", el.marks,
                      "mark")
