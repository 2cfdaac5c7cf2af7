"""`vanban import FILE.docx|FILE.txt -o doc.json`: the document as our JSON model, with what could not be placed
and what is still missing (the model's validation) reported on stderr."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.importer import NotADocx, UnreadableInput, import_file

EXIT_UNREADABLE = 2


@click.command("import")
@click.argument("path", metavar="FILE")
@click.option("-o", "--output", "out", default="-", show_default=True, help="Tệp JSON đầu ra, hoặc - (stdout).")
@click.option("--kind", type=click.Choice(["docx", "txt"]), default=None,
              help="Loại tệp; mặc định theo phần mở rộng / by default from the extension.")
def import_(path: str, out: str, kind: str | None) -> None:
    """Đọc văn bản có sẵn (.docx, .txt) thành dữ liệu JSON theo mô hình văn bản."""
    from service.validate import validate

    try:
        source = sys.stdin.buffer.read() if path == "-" else Path(path)
        doc, unplaced = import_file(source, kind)
    except (UnreadableInput, NotADocx) as exc:
        click.echo(f"{path}: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if out == "-":
        click.echo(text, nl=False)
    else:
        target = Path(out)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    for line in unplaced:
        click.echo(f"Chưa xếp được / not placed: {line}", err=True)
    for err in validate(doc):
        click.echo(f"Cần bổ sung / to complete: {err}", err=True)
