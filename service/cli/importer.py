"""`vanban import FILE -o doc.json`: the document as our JSON model; on stderr each field with the source line it
was read from, the lines that could not be placed, what is still to complete and what was normalised.

Exit 0 when the file was read (a draft to complete is still a result); `--strict` exits 3 when anything is left
to complete or departs from the decree's samples; 2 when the file cannot be read; 4 when a .doc/.odt/.rtf cannot
be converted because LibreOffice is unavailable (the file may be fine: try again); 1 on invalid content.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.cli.errors import EXIT_CONVERTER, EXIT_INCOMPLETE, TO_DOCX_FAILED, refusals
from service.importer import KINDS, import_document


@click.command("import")
@click.argument("path", metavar="FILE")
@click.option("-o", "--output", "out", default="-", show_default=True, help="Tệp JSON đầu ra, hoặc - (stdout).")
@click.option("--kind", type=click.Choice(list(KINDS)), default=None,
              help="Loại tệp; mặc định theo phần mở rộng / by default from the extension.")
@click.option("--strict", is_flag=True, help="Thoát mã 3 khi còn trường cần bổ sung / exit 3 when incomplete.")
def import_(path: str, out: str, kind: str | None, strict: bool) -> None:
    """Đọc văn bản có sẵn (.docx, .doc, .odt, .rtf, .pdf, ảnh chụp, .txt) thành dữ liệu JSON theo mô hình văn bản."""
    from service.validate import review

    with refusals(path=path, converting=TO_DOCX_FAILED, converter_exit=EXIT_CONVERTER):
        source = sys.stdin.buffer.read() if path == "-" else Path(path)
        result = import_document(source, kind)
    text = json.dumps(result.doc, ensure_ascii=False, indent=2) + "\n"
    if out == "-":
        click.echo(text, nl=False)
    else:
        target = Path(out)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    for field, where in result.found.items():
        click.echo(f"Đã đọc / found {field}: {where}", err=True)
    for line in result.unplaced:
        click.echo(f"Chưa xếp được / not placed: {line}", err=True)
    for note in result.notes:
        click.echo(f"Lưu ý / note {note['path']}: {note['message_vi']} / {note['message_en']}", err=True)
    errors, warnings = review(result.doc)
    for err in errors:
        click.echo(f"Lỗi / error: {err}", err=True)
    for warning in warnings:
        click.echo(f"Cần bổ sung / to complete: {warning}", err=True)
    if strict and (warnings or errors):
        sys.exit(EXIT_INCOMPLETE)
