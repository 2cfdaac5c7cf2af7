"""`vanban check FILE.docx [--json]`: print every deviation from the decree; exit 1 when there are errors."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.check import Report, check_docx
from service.cli.errors import EXIT_FAILED, EXIT_INVALID, EXIT_OK, fail, refusals


def format_report(report: Report, name: str) -> str:
    """Plain-text report for a clerk: one line per finding, then a one-line verdict."""
    lines = [f"{name}:"]
    for f in report.findings:
        mark = "LỖI/ERROR" if f.severity == "error" else "CẢNH BÁO/WARNING"
        lines.append(f"  [{mark}] {f.rule} ({f.element})")
        lines.append(f"      {f.message_vi}")
        lines.append(f"      {f.message_en}")
        lines.append(f"      thấy/found: {f.found} | cần/required: {f.required}")
    verdict = ("Đúng thể thức / conforms" if report.ok else
               f"Sai thể thức / does not conform: {len(report.errors)} lỗi/errors")
    lines.append(f"  {verdict}; {len(report.warnings)} cảnh báo/warnings")
    return "\n".join(lines)


@click.command("check")
@click.argument("path", metavar="FILE.docx")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON / print the report as JSON.")
def check(path: str, as_json: bool) -> None:
    """Kiểm tra thể thức FILE.docx theo Nghị định 30/2020/NĐ-CP (exit 1 khi có lỗi)."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        fail(f"Không đọc được tệp {path}: {exc.strerror} / cannot read {path}: {exc.strerror}", EXIT_INVALID)
    with refusals(path=path):
        report = check_docx(data)
    if as_json:
        click.echo(json.dumps({"file": path, **report.as_dict()}, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, path))
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)
