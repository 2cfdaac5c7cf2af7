"""Pages for documents made elsewhere: check a Word file's layout against the decree, and import a Word or text
file into the document form.

    GET/POST /kiem-tra-the-thuc   upload a .docx → service.check.check_docx → every finding, in Vietnamese
    GET/POST /nhap-tu-word        upload a .docx/.doc/.odt/.rtf/.pdf/scan/.txt → service.importer.import_document →
                                  the form, prefilled, the fields still to complete highlighted, each field's
                                  source line and the lines that could not be placed listed above it
"""
from __future__ import annotations

from pathlib import PurePath

from flask import Blueprint, current_app, render_template, request

from service.check import NotADocx, check_docx
from service.convert.errors import ConverterUnavailable
from service.importer import KINDS, UnreadableInput, import_document
from service.limits import LimitExceeded
from service.rules.types import TYPES
from service.validate import cost_problem, review
from service.web.ui import render_form, with_defaults

bp = Blueprint("tools", __name__)


def _upload() -> tuple[bytes, str]:
    f = request.files.get("file")
    if f is None or not f.filename:
        return b"", ""
    return f.read(), PurePath(f.filename).name


def _status(exc: Exception) -> int:
    return exc.status if isinstance(exc, LimitExceeded) else 422


@bp.get("/kiem-tra-the-thuc")
def check_page():
    return render_template("check.html", report=None, filename=None, error=None)


@bp.post("/kiem-tra-the-thuc")
def check_submit():
    data, name = _upload()
    if not data:
        return render_template("check.html", report=None, filename=None,
                               error="Hãy chọn tệp Word (.docx) cần kiểm tra."), 422
    try:
        report = check_docx(data)
    except (NotADocx, LimitExceeded) as exc:
        return render_template("check.html", report=None, filename=name, error=exc.vi), _status(exc)
    return render_template("check.html", report=report, filename=name, error=None)


def _import_page(error: str | None, chosen: str | None, status: int):
    return render_template("import.html", error=error, chosen=chosen, types=TYPES.values()), status


@bp.get("/nhap-tu-word")
def import_page():
    return _import_page(None, None, 200)


@bp.post("/nhap-tu-word")
def import_submit():
    data, name = _upload()
    chosen = request.form.get("type") or None
    chosen = chosen if chosen in TYPES else None
    if not data:
        return _import_page("Hãy chọn tệp cần nhập: Word (.docx, .doc), .odt, .rtf, PDF, ảnh chụp hoặc văn bản "
                            "thuần (.txt).", chosen, 422)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    kind = suffix if suffix in KINDS else None
    try:
        result = import_document(data, kind)
    except (UnreadableInput, NotADocx, LimitExceeded) as exc:
        return _import_page(f"Không đọc được tệp {name}: {exc.vi}", chosen, _status(exc))
    except ConverterUnavailable as exc:  # .doc/.odt/.rtf need LibreOffice; the file itself may be fine
        current_app.logger.warning("import conversion unavailable: %s", exc)
        return _import_page(f"Chưa chuyển được tệp {name} sang .docx: {exc.vi}. Hãy thử lại sau, hoặc lưu tệp dưới "
                            "dạng .docx rồi nhập.", chosen, 503)
    doc = result.doc
    type_id = chosen or doc.get("type")
    if type_id not in TYPES:
        return _import_page(f"Không nhận ra loại văn bản trong tệp {name}; hãy chọn loại văn bản rồi nhập lại.",
                            chosen, 422)
    doc["type"] = type_id
    over = cost_problem(doc)
    if over is not None:  # a form of that size would not load; the message names the budget
        return _import_page(f"Tệp {name} quá lớn để nhập vào biểu mẫu: {over[1].vi}", chosen, 422)
    doc = with_defaults(doc)
    errors, warnings = review(doc)
    marked = errors + warnings  # the form highlights every field still to complete or correct
    notice = f"Đã nhập {name} vào biểu mẫu {TYPES[type_id].name.lower()}."
    if marked:
        notice += f" Còn {len(marked)} chỗ cần bổ sung hoặc sửa (xem bên dưới)."
    return render_form(type_id, doc, marked, notice=("ok" if not marked else "info", notice),
                       unplaced=result.unplaced, imported_from=name, imported_found=result.found,
                       imported_notes=result.notes, imported_confidence=result.confidence)
