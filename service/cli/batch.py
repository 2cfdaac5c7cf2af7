"""`vanban batch` and `vanban roll-forward`. Attach them with `register_commands(cli)`.

Exit status of `batch`: 0 every row made, 2 unusable inputs or some rows invalid (the zip is still written, the
rows are in bao-cao.csv), 1 stopped (e.g. the PDF converter is gone) — rerun the same command to resume.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from service.cli.errors import EXIT_INVALID, fail, refusals


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"Không đọc được tệp {path} / cannot read {path}: {exc.strerror}") from None


class _Bar:
    """A click progress bar created on the first row (the row count is known only once the table is read)."""

    def __init__(self, label: str) -> None:
        self.label, self.bar, self.shown = label, None, 0

    def __call__(self, done: int, total: int, _result) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="BASE.json TABLE.xlsx|.csv  hoặc  DOCS.jsonl")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tệp .zip đầu ra.")
@click.option("--pattern", default=None, help="Mẫu tên tệp, mặc định {stt:02}-{symbol}-{unit} "
              "(trường: stt, row, symbol, unit, type).")
@click.option("--pdf", "pdf", is_flag=True, help="Thêm bản .pdf của mỗi văn bản.")
@click.option("--pdf-only", is_flag=True, help="Chỉ xuất .pdf (không kèm .docx).")
@click.option("--pdfa", is_flag=True, help="PDF/A-2b để lưu trữ.")
@click.option("--pdf-workers", type=click.IntRange(1, 16), default=None,
              help="Số tiến trình LibreOffice chuyển PDF song song (mặc định VANBAN_PDF_WORKERS).")
@click.option("--issue", "do_issue", is_flag=True, help="Cấp số cho từng văn bản qua sổ đăng ký văn bản đi.")
@click.option("--date", "issue_date", default=None, help="Ngày ban hành khi --issue, YYYY-MM-DD (mặc định hôm nay).")
@click.option("--database-url", envvar="DATABASE_URL", default=None, help="CSDL của sổ đăng ký khi --issue.")
@click.option("--sign", "do_sign", is_flag=True,
              help="Với --issue: ký số và ban hành (tệp PDF đã ký của người ký và cơ quan là tệp ban hành).")
@click.option("--signer-key", default=None, help="Với --sign: khóa người ký (mặc định theo văn bản).")
@click.option("--agency-key", default=None, help="Với --sign: khóa cơ quan (mặc định theo cơ quan ban hành).")
@click.option("--agency-file", "agency_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Hồ sơ cơ quan cho văn bản gốc ghi agency/signer theo mã (mặc định: cơ sở dữ liệu).")
def batch_cmd(inputs: tuple[str, ...], output: str, pattern: str | None, pdf: bool, pdf_only: bool, pdfa: bool,
              pdf_workers: int | None, do_issue: bool, issue_date: str | None, database_url: str | None,
              do_sign: bool, signer_key: str | None, agency_key: str | None, agency_files: tuple[str, ...]) -> None:
    """Tạo hàng loạt văn bản: văn bản gốc + bảng (mỗi dòng một văn bản, mỗi cột một trường như issuer.name,
    kinh_gui, body.sections[2].items[0].title), hoặc tệp JSON Lines gồm các văn bản hoàn chỉnh. Chạy lại đúng
    lệnh sau khi bị ngắt thì làm tiếp từ chỗ dừng."""
    from service.batch import DEFAULT_PATTERN, BatchOptions, read_table, run_batch
    from service.input.load import parse_json

    if len(inputs) not in (1, 2):
        raise click.UsageError("Cần BASE.json TABLE.xlsx (hoặc .csv), hoặc một tệp DOCS.jsonl / "
                               "give BASE.json TABLE.xlsx|.csv, or one DOCS.jsonl")
    if do_sign and not do_issue:
        raise click.UsageError("--sign cần --issue / --sign needs --issue")
    formats = ("pdf",) if pdf_only or (do_sign and not pdf) else ("docx", "pdf") if pdf else ("docx",)
    bar = _Bar("Đang tạo văn bản")
    try:
        with refusals():
            try:
                table = read_table(_read(inputs[-1]), inputs[-1])
                base = parse_json(_read(inputs[0]), Path(inputs[0]).name) if len(inputs) == 2 else None
                if base is not None:  # the base's agency profile, expanded once for every row (service.agency.expand)
                    from service.agency.expand import expand as expand_profile
                    from service.register.agencies import cli_lookup

                    base = expand_profile(base, cli_lookup(agency_files, database_url))
                target = _issue_target(issue_date, database_url, do_sign, signer_key, agency_key) if do_issue else None
                options = BatchOptions(pattern=pattern or DEFAULT_PATTERN, formats=formats, pdfa=pdfa,
                                       pdf_workers=pdf_workers, issue=target)
                result = run_batch(base, table, output, options, progress=bar)
            finally:
                bar.close()  # before any message, so it does not share the progress line
    finally:
        if "pdf" in formats and pdf_workers is None:
            from service.convert import shutdown

            shutdown()
    resumed = f" (tiếp tục {result.resumed} dòng đã làm / {result.resumed} resumed)" if result.resumed else ""
    click.echo(f"Xong {result.succeeded}/{result.total} văn bản → {result.output}{resumed}")
    for r in result.failed:
        for e in r.errors:
            click.echo(f"  dòng {r.row}: {e['path'] or '(gốc)'}: {e['message_vi']} / {e['message_en']}", err=True)
    if result.failed:
        fail(f"{len(result.failed)} dòng lỗi, xem bao-cao.csv trong tệp zip / {len(result.failed)} row(s) "
             "failed, see bao-cao.csv in the zip", EXIT_INVALID)


def _issue_target(issue_date: str | None, database_url: str | None, sign: bool = False,
                  signer_key: str | None = None, agency_key: str | None = None):
    from service.batch import IssueTarget
    # The register's own CLI helpers: same database default, store folder and actor as `vanban issue`.
    from service.cli.context import cli_actor, open_register, store_root

    date = None
    if issue_date:
        try:
            date = dt.date.fromisoformat(issue_date)
        except ValueError:
            raise click.BadParameter(f"phải có dạng YYYY-MM-DD / must be YYYY-MM-DD: {issue_date!r}",
                                     param_hint="--date") from None
    return IssueTarget(engine=open_register(database_url), store_root=store_root(), actor=cli_actor(), issue_date=date,
                       sign=sign, signer_key=signer_key, agency_key=agency_key)


@click.command("roll-forward")
@click.argument("input_path", metavar="INPUT.json")
@click.option("--year", type=int, default=None, help="Năm của bản mới (mặc định: năm sau năm của văn bản).")
@click.option("--from-year", type=int, default=None, help="Năm của văn bản cũ khi nó chưa có ngày ban hành.")
@click.option("-o", "--output", default="-", help="Tệp JSON đầu ra (mặc định: stdout).")
def roll_forward_cmd(input_path: str, year: int | None, from_year: int | None, output: str) -> None:
    """Tạo bản năm sau: bỏ số và ngày, chuyển năm, thay năm của chính văn bản trong trích yếu và nội dung
    (không đụng tới trích dẫn văn bản khác, ngày tháng cụ thể, giai đoạn); liệt kê mọi chỗ đã thay."""
    from service.store.output import write_output
    from service.input.load import load_document
    from service.rollforward import roll_forward

    with refusals():
        result = roll_forward(load_document(input_path), year, from_year=from_year)
    data = (json.dumps(result.doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_output(data, output)
    echo = lambda text: click.echo(text, err=output == "-")  # noqa: E731  the review goes beside the JSON
    echo(f"Năm {result.from_year} → {result.year}: đã thay {len(result.changes)} chỗ / "
         f"{len(result.changes)} change(s):")
    for c in result.changes:
        echo(f"  {c.path}: {c.before or '(trống)'}  →  {c.after or '(trống)'}")
    if result.kept:
        echo(f"Giữ nguyên {len(result.kept)} chỗ có năm {result.from_year}, hãy kiểm tra / "
             f"{len(result.kept)} kept, please review:")
        for k in result.kept:
            echo(f"  {k.path}: {k.text}  ({k.reason_vi} / {k.reason_en})")


def register_commands(cli: click.Group) -> None:
    cli.add_command(batch_cmd)
    cli.add_command(roll_forward_cmd)
