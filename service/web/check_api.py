"""`POST /api/v1/check`: upload a .docx (multipart field `file`, or the raw body) and get the conformance report."""
from __future__ import annotations

from flask import Blueprint, request

from service.check import NotADocx, check_docx
from service.web.problems import problem
from service.web.guard import require_role

bp = Blueprint("check", __name__, url_prefix="/api/v1")


def uploaded_bytes() -> bytes:
    """The uploaded file: the `file` field of a multipart form (or its only file), else the raw request body."""
    if request.files:
        upload = request.files.get("file") or next(iter(request.files.values()))
        return upload.read()
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return request.form.get("file", "").encode("utf-8", "surrogatepass")  # a part sent without a file name
    return request.get_data(cache=False)


@bp.post("/check")
@require_role("drafter", openable=True)
def check():
    data = uploaded_bytes()
    if not data:
        return problem(400, "Chưa gửi tệp .docx (trường “file” hoặc nội dung yêu cầu)",
                       "No .docx sent (multipart field “file” or the request body)")
    try:
        report = check_docx(data)
    except NotADocx as exc:
        return problem(422, exc.message)
    return report.as_dict()
