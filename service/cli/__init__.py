"""The `vanban` command: a thin shell over the pipeline. Exit 0 ok, 2 invalid input, 1 internal error; every
command's errors are mapped to a message and exit code in service.cli.errors."""
from __future__ import annotations

import json
import sys

import click

from service.cli.errors import EXIT_INVALID, fail, internal_error, refusals
from service.store.output import write_output

@click.group()
@click.version_option(package_name="vanban")
def cli() -> None:
    """vanban — văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP."""
    from service import limits
    from service.config import limits_from_env

    try:
        limits.configure(limits_from_env())
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


agency_file_option = click.option(
    "--agency-file", "agency_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Hồ sơ cơ quan (JSON, như `vanban agency export`) cho văn bản ghi agency/signer theo mã; mặc định: cơ sở "
         "dữ liệu (DATABASE_URL). / Agency profile file for documents naming agency/signer by id; default: database.")


@cli.command()
@click.argument("input_path", metavar="INPUT.json")
@click.option("-o", "--output", "out", required=True, help="Tệp .docx/.pdf đầu ra, hoặc - (stdout).")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default=None,
              help="Định dạng; mặc định theo phần mở rộng của -o.")
@click.option("--pdfa", is_flag=True, help="PDF/A-2b để lưu trữ.")
@agency_file_option
def render(input_path: str, out: str, fmt: str | None, pdfa: bool, agency_files: tuple[str, ...]) -> None:
    """Render INPUT.json (- for stdin) to .docx or .pdf."""
    from service.convert import shutdown
    from service.input.load import load_document
    from service.parse import parse
    from service.produce import produce
    from service.register.agencies import cli_lookup

    fmt = fmt or ("pdf" if out.lower().endswith(".pdf") else "docx")
    try:
        with refusals():
            produced = produce(parse(load_document(input_path), lookup=cli_lookup(agency_files)), fmt, pdfa=pdfa)
    finally:
        if fmt == "pdf":
            shutdown()
    write_output(produced.data, out)


@cli.command()
@click.argument("input_path", metavar="INPUT.json")
@agency_file_option
def validate(input_path: str, agency_files: tuple[str, ...]) -> None:
    """Check INPUT.json against its type; print every problem."""
    from service.input.load import load_document
    from service.parse import parse
    from service.register.agencies import cli_lookup

    with refusals():
        parse(load_document(input_path), lookup=cli_lookup(agency_files))
    click.echo("Hợp lệ / valid")


@cli.command()
@click.argument("type_id", required=False)
def schema(type_id: str | None) -> None:
    """Print the JSON Schema of TYPE (all types' ids when omitted)."""
    from service.model.schema import all_type_ids, input_schema_for

    if type_id is None:
        click.echo(json.dumps({"types": all_type_ids()}, ensure_ascii=False, indent=2))
        return
    if type_id not in all_type_ids():
        fail(f"Không có loại văn bản {type_id!r} / unknown type; xem `vanban types`", EXIT_INVALID)
    click.echo(json.dumps(input_schema_for(type_id), ensure_ascii=False, indent=2))


@cli.command()
def types() -> None:
    """List the document types with their abbreviation, sample and own parts, then the parts any type may carry."""
    from service.rules.types import ATTACHABLE, PART_TITLES, TYPES

    for t in TYPES.values():
        parts = "; ".join([*(["Kính gửi (bắt buộc)"] if t.kinh_gui == "required" else []),
                           *(PART_TITLES[p].split(" (")[0] for p in t.parts)])
        click.echo(f"{t.id:<18} {t.abbr_type or '-':<5} mẫu {t.sample:<9} {t.name}" + (f" — {parts}" if parts else ""))
    for key, (sample, title) in ATTACHABLE.items():
        click.echo(f"{'+ ' + key:<18} {'':<5} mẫu {sample:<9} {title} (gắn kèm mọi loại)")


@cli.command()
@click.argument("number")
@click.option("--money", is_flag=True, help="Đọc số tiền: viết hoa chữ đầu, thêm “đồng”.")
@click.option("--le", "zero_tens", flag_value="lẻ", default="linh", help="Dùng “lẻ” thay cho “linh”.")
@click.option("--ngan", "thousand", flag_value="ngàn", default="nghìn", help="Dùng “ngàn” thay cho “nghìn”.")
@click.option("--bon", "four", flag_value="bốn", default="tư", help="Dùng “bốn” thay cho “tư” (24 → hai mươi bốn).")
def words(number: str, money: bool, zero_tens: str, thousand: str, four: str) -> None:
    """Read NUMBER in Vietnamese words (2024 → hai nghìn không trăm hai mươi tư)."""
    from service.compose.words import read_money, read_number

    try:
        reader = read_money if money else read_number
        click.echo(reader(number, zero_tens=zero_tens, thousand=thousand, four=four))
    except ValueError as exc:
        fail(str(exc), EXIT_INVALID)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", type=int, default=None, help="default: WEB_CONCURRENCY, else 2")
def serve(host: str, port: int, workers: int | None) -> None:
    """Run the web service with gunicorn and the Procfile's configuration (service/web/gunicorn_conf.py)."""
    import os

    from service.config import child_environment

    given = {"WEB_CONCURRENCY": str(workers)} if workers is not None else {}
    env = child_environment(VANBAN_BIND=f"{host}:{port}", **given)  # gunicorn_conf reads them back
    os.execvpe(sys.executable, [sys.executable, "-m", "gunicorn", "-c", "python:service.web.gunicorn_conf",
                                "service.web.app:create_app()"], env)


@cli.command()
@click.option("--days", type=click.FloatRange(min=0), default=None,
              help="Giữ những gì mới hơn số ngày này; mặc định VANBAN_RETENTION_DAYS (7).")
def gc(days: float | None) -> None:
    """Remove batch jobs (uploads, zips) and roll-forward files untouched for the retention period."""
    from service.batch.retention import sweep
    from service.config import from_env

    settings = from_env()
    result = sweep(settings["DATA_DIR"], max_age_days=settings["RETENTION_DAYS"] if days is None else days)
    click.echo(f"Đã xóa {result.jobs} lô văn bản và {result.files} tệp bản năm sau ({result.bytes} byte) / "
               f"removed {result.jobs} batch jobs and {result.files} roll-forward files ({result.bytes} bytes)")


from service.cli.check import check as _check_command  # noqa: E402  (issue [check])
cli.add_command(_check_command)
from service.cli.importer import import_ as _import_command  # noqa: E402  (issue [check])
cli.add_command(_import_command)
from service.cli.register import register_commands as _register_commands  # noqa: E402  (issue [register])
_register_commands(cli)
from service.cli.batch import register_commands as _batch_commands  # noqa: E402  (issue [batch])
_batch_commands(cli)
from service.cli.sign import register_commands as _sign_commands  # noqa: E402  (issue [sign])
_sign_commands(cli)
from service.cli.agency import agency_group as _agency_group  # noqa: E402  (issue [agency])
cli.add_command(_agency_group)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # an internal error: say so briefly, exit 1
        internal_error(exc)
