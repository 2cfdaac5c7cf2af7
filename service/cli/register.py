"""CLI commands of the register: `vanban issue`, `vanban register …`, `vanban token create`,
`vanban user create`, `vanban db upgrade`. Attach them with `register_commands(cli)`.

Database: --database-url or DATABASE_URL (default sqlite:///<VANBAN_DATA_DIR>/vanban.db, see
service.config); file store: VANBAN_STORE_DIR (default <VANBAN_DATA_DIR>/store). SQLite is migrated
automatically; PostgreSQL needs `vanban db upgrade` once. Exit 0 ok, 2 refused input, 1 internal error."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from service.cli.context import cli_actor, open_register, store_root
from service.cli.errors import EXIT_INVALID, NOT_ISSUED, fail, refusals
from service.register import auth, entries, export, gc
from service.register.db import default_url, make_engine, upgrade
from service.register.issue import issue
from service.register.models import Register
from service.register.errors import BadInput
from service.register.registers import add_register, agency_for_document
from service.register.vntime import utc_now
from service.register.agency_report import migration_report, migration_report_ids
from service.input.load import load_document


db_url_option = click.option("--database-url", envvar="DATABASE_URL", default=None,
                             help="SQLAlchemy URL (default: DATABASE_URL, else sqlite:///$VANBAN_DATA_DIR/vanban.db, "
                                  "./var/vanban.db by default).")


def _parse_date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{field}: phải có dạng YYYY-MM-DD / must be YYYY-MM-DD: {value!r}", EXIT_INVALID)


@click.command("issue")
@click.argument("input_json", metavar="INPUT.json")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Also write the issued .docx here.")
@click.option("--date", "issue_date", help="Issue date YYYY-MM-DD (default: today in Vietnam).")
@click.option("--idempotency-key", help="Retry-safe key: the same key returns the same number.")
@click.option("--sign", "do_sign", is_flag=True, help="Ký số và ban hành: the signed PDF is the issued file.")
@click.option("--signer-key", help="With --sign: the signer's configured key (default: from the document).")
@click.option("--agency-key", help="With --sign: the agency's configured key (default: the issuer's).")
@db_url_option
@refusals()
def issue_cmd(input_json: str, output: str | None, issue_date: str | None, idempotency_key: str | None,
              do_sign: bool, signer_key: str | None, agency_key: str | None, database_url: str | None) -> None:
    """Cấp số cho dự thảo, lưu và vào sổ văn bản đi / issue: number, store, register."""
    doc = load_document(input_json)
    engine = open_register(database_url)
    root = store_root()
    if do_sign:
        from service.sign.electronic import issue_signed

        with refusals(converting=NOT_ISSUED):
            result = issue_signed(engine, root, doc, actor=cli_actor(), idempotency_key=idempotency_key,
                                  issue_date=_parse_date(issue_date, "--date"), signer_key=signer_key,
                                  agency_key=agency_key)
    else:
        result = issue(engine, root, doc, actor=cli_actor(), idempotency_key=idempotency_key,
                       issue_date=_parse_date(issue_date, "--date"))
    entry = result.entry
    if output:
        _, data = entries.read_file(engine, root, entry.id)
        Path(output).write_bytes(data)
    note = " (đã cấp trước đó / replayed)" if result.replayed else ""
    signed = f"  ký số / signed {entry.signature_level}" if entry.electronic else ""
    click.echo(f"Số: {entry.number_symbol}  ngày {entry.issue_date.isoformat()}  id={entry.id}  "
               f"sha256={entry.sha256}{signed}{note}")


@click.group("register")
def register_group() -> None:
    """Sổ đăng ký văn bản đi: tra cứu, hủy số, xuất sổ / the register of issued documents."""


@register_group.command("list")
@click.option("--year", type=int)
@click.option("--type", "doc_type")
@click.option("-q", "--query", "q", help="Search number/symbol, summary, signer, recipients.")
@click.option("--register", "register_code")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_url_option
@refusals()
def list_cmd(year: int | None, doc_type: str | None, q: str | None, register_code: str | None, limit: int,
             as_json: bool, database_url: str | None) -> None:
    """Tra cứu sổ / search the register."""
    page = entries.search(open_register(database_url), year=year, doc_type=doc_type, q=q, register_code=register_code,
                          limit=limit)
    if as_json:
        click.echo(json.dumps({"total": page.total, "items": [entries.entry_dict(e) for e in page.entries]},
                              ensure_ascii=False, indent=2))
        return
    for e in page.entries:
        void = f"  [HỦY: {e.void_reason}]" if e.voided_at else ""
        click.echo(f"{e.id:>6}  {e.number_symbol:<22} {e.issue_date.isoformat()}  {e.type_summary[:60]}"
                   f"  — {e.signer}{void}")
    click.echo(f"{page.total} văn bản / documents")


@register_group.command("export")
@click.option("--year", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="so-di-2024.xlsx or .docx")
@click.option("--register", "register_code")
@db_url_option
@refusals()
def export_cmd(year: int, output: str, register_code: str | None, database_url: str | None) -> None:
    """Xuất sổ của một năm (Phụ lục IV, 10 cột) ra .xlsx hoặc .docx / export a year's register."""
    fmt = Path(output).suffix.lower().lstrip(".")
    data, rows = export.export_year(open_register(database_url), year, fmt, actor=cli_actor(),
                                    register_code=register_code)
    Path(output).write_bytes(data)
    click.echo(f"{output}: {rows} dòng / rows")


@register_group.command("void")
@click.argument("entry_id", type=int)
@click.option("--reason", required=True, help="Why the number is void (kept in the register).")
@db_url_option
@refusals()
def void_cmd(entry_id: int, reason: str, database_url: str | None) -> None:
    """Hủy số đã cấp (giữ lại, không cấp lại) / void a number (kept, never reused)."""
    entry = entries.void(open_register(database_url), entry_id, reason=reason, actor=cli_actor())
    click.echo(f"Đã hủy / voided {entry.number_symbol}: {reason}")


@register_group.command("deliver")
@click.argument("entry_id", type=int)
@click.option("--date-sent", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Ngày chuyển / the day the document was sent (YYYY-MM-DD).")
@click.option("--received-by", required=True, help="Người ký nhận / who signed for it.")
@db_url_option
@refusals()
def deliver_cmd(entry_id: int, date_sent, received_by: str, database_url: str | None) -> None:
    """Ghi ngày chuyển và người ký nhận (cột 8, 9) / record delivery (App. IV columns 8–9)."""
    entry = entries.record_delivery(open_register(database_url), entry_id, date_sent=date_sent.date(),
                                    received_by=received_by, actor=cli_actor())
    click.echo(f"{entry.number_symbol}: chuyển ngày / sent {entry.date_sent:%d/%m/%Y}, ký nhận / received by "
               f"{entry.received_by}")


@register_group.command("add")
@click.option("--agency", "agency_code", default=None, help="Agency code (vanban agency list), e.g. sldtbxh-bg.")
@click.option("--issuer-name", default=None, help="Or the issuing agency's name, e.g. 'SỞ LAO ĐỘNG - THƯƠNG BINH "
              "VÀ XÃ HỘI' (an agency is created for a name never seen).")
@click.option("--issuer-parent", default=None, help="Parent agency, e.g. 'UBND TỈNH BẮC GIANG'.")
@click.option("--code", required=True, help="Short code of the register, e.g. QD.")
@click.option("--title", default="", help="Name of the register, e.g. 'Sổ quyết định'.")
@click.option("--type", "types", multiple=True, help="Document type it numbers (repeat); none = all others.")
@db_url_option
@refusals()
def add_cmd(agency_code: str | None, issuer_name: str | None, issuer_parent: str | None, code: str, title: str,
            types: tuple[str, ...], database_url: str | None) -> None:
    """Configure a register of an agency (which document types share a numbering)."""
    if not agency_code and not issuer_name:
        raise BadInput("Cần --agency hoặc --issuer-name.", "--agency or --issuer-name is required.", field="agency")
    engine = open_register(database_url)
    doc = {"agency": agency_code} if agency_code else {"issuer": {"name": issuer_name, "parent": issuer_parent}}
    agency = agency_for_document(engine, doc, now=utc_now(), create=True)
    with Session(engine) as session, session.begin():
        reg = add_register(session, agency.id, code, title or code, list(types) or None, now=utc_now())
        click.echo(f"{reg.code}: {reg.name} — {', '.join(reg.types) if reg.types else 'mọi loại khác / all other types'}")


@register_group.command("registers")
@db_url_option
@refusals()
def registers_cmd(database_url: str | None) -> None:
    """List the configured registers."""
    with Session(open_register(database_url)) as session:
        for reg in session.scalars(select(Register).order_by(Register.agency_id, Register.id)):
            kinds = ", ".join(reg.types) if reg.types else "mọi loại khác / all other types"
            if reg.kind == "copies":
                kinds = "bản sao SY, SL, TrS / copies"
            click.echo(f"{reg.agency.code}  {reg.agency_name}  [{reg.code}] {reg.name}: {kinds}")


@register_group.command("check")
@click.option("--sweep", is_flag=True, help="Also delete orphan files older than --grace seconds.")
@click.option("--grace", type=float, default=gc.DEFAULT_GRACE_SECONDS, show_default=True)
@db_url_option
def check_cmd(sweep: bool, grace: float, database_url: str | None) -> None:
    """Check that every register row has its file; optionally remove orphan files."""
    engine = open_register(database_url)
    result = gc.check(engine, store_root())
    click.echo(f"rows without file: {len(result.missing_files)}; files without row: {len(result.orphan_files)}")
    if sweep:
        removed = gc.sweep_orphans(engine, store_root(), grace_seconds=grace)
        click.echo(f"removed {len(removed)} orphan file(s)")
    if result.missing_files:
        sys.exit(EXIT_INVALID)


agency_option = click.option("--agency", multiple=True, help="Agency code the account or token works for (admins "
                             "may repeat it; an admin without one spans every agency).")


def _agency_ids(engine: Engine, role: str, codes: tuple[str, ...]) -> list[int] | None:
    """The ids of --agency codes; drafters and clerks need one once the instance has agency profiles."""
    from service.register.agencies import ids_for_codes, list_agencies

    if not codes:
        if role != "admin" and list_agencies(engine):
            raise BadInput("Cần --agency: người soạn thảo và văn thư làm việc cho một cơ quan.",
                           "--agency is required: drafters and clerks work for one agency.", field="agency")
        return None
    return ids_for_codes(engine, codes)


@click.group("token")
def token_group() -> None:
    """Mã truy cập API (quản trị) / API tokens (admin)."""


@token_group.command("create")
@click.option("--role", type=click.Choice(auth.ROLES), required=True)
@click.option("--label", default="", help="Who or what uses the token.")
@agency_option
@db_url_option
@refusals()
def token_create_cmd(role: str, label: str, agency: tuple[str, ...], database_url: str | None) -> None:
    """Create an API token; it is printed once and stored only as its sha256. Beside it (on stderr) the key
    that signs the callbacks of its batch jobs, which the client can also derive from the token."""
    from service.batch.callback import callback_key

    engine = open_register(database_url)
    token = auth.create_token(engine, role, label or role, actor=cli_actor(),
                              agencies=_agency_ids(engine, role, agency))
    click.echo(token)
    click.echo(f"Khóa ký callback / callback signing key (X-Vanban-Signature): {callback_key(token)}", err=True)


@click.group("user")
def user_group() -> None:
    """Tài khoản cán bộ (quản trị) / staff accounts (admin)."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(auth.ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@agency_option
@db_url_option
@refusals()
def user_create_cmd(username: str, role: str, password_stdin: bool, agency: tuple[str, ...],
                    database_url: str | None) -> None:
    """Create a staff account (password hashed with argon2id)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Mật khẩu / password", hide_input=True, confirmation_prompt=True)
    engine = open_register(database_url)
    agencies = _agency_ids(engine, role, agency)
    user_id = auth.create_user(engine, username, password, role, actor=cli_actor(), agencies=agencies)
    click.echo(f"user {username} ({role}{', ' + ', '.join(agency) if agency else ''}) id={user_id}")


@user_group.command("agencies")
@click.argument("username")
@agency_option
@db_url_option
@refusals()
def user_agencies_cmd(username: str, agency: tuple[str, ...], database_url: str | None) -> None:
    """Set the agencies an existing account works for (accounts older than agency profiles span every agency)."""
    from service.register.agencies import ids_for_codes

    engine = open_register(database_url)
    auth.set_user_agencies(engine, username, ids_for_codes(engine, agency) if agency else None, actor=cli_actor())
    click.echo(f"user {username}: {', '.join(agency) if agency else 'mọi cơ quan / every agency'}")


@click.group("db")
def db_group() -> None:
    """Lược đồ cơ sở dữ liệu / database schema (Alembic)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@db_url_option
def db_upgrade_cmd(revision: str, database_url: str | None) -> None:
    """Apply Alembic migrations (migrations/) to the database."""
    url = database_url or default_url()
    engine = make_engine(url)
    try:
        seen = migration_report_ids(engine)
        upgrade(url, revision)
        for line in migration_report(engine, exclude=seen):
            click.echo(line)
    finally:
        engine.dispose()
    click.echo(f"schema at {revision}: {url.split('@')[-1]}")


def register_commands(cli: click.Group) -> None:
    """Attach the register's commands to the `vanban` click group."""
    for command in (issue_cmd, register_group, token_group, user_group, db_group):
        cli.add_command(command)
