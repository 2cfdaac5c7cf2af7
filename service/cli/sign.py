"""`vanban sign …`, `vanban sign key …` and `vanban verify`: thin shells over service.sign.

    vanban sign IN.pdf --as signer|agency --signer ID|--agency CODE -o OUT.pdf       configured key
    vanban sign IN.pdf --as signer|agency --p12 KEY.p12 [--password-file F] [--image IMG.png] -o OUT.pdf
    vanban sign IN.pdf --as attachment --line "15/KH-LĐTBXH" --agency CODE -o OUT.pdf   top-right text signature
    vanban sign key set signer|agency ID (--p12 … | --pkcs11-module … --token-label … --key-label …) …
    vanban sign key list [--json] · vanban sign key delete signer|agency ID
    vanban verify FILE.pdf [--trust DIR] [--json]     exit 0 when every signature is intact and trusted

Exit 0 ok, 2 refused input (message in Vietnamese and English), 1 when verification fails or internal error."""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from service.cli.context import cli_actor, open_register
from service.cli.errors import EXIT_FAILED, EXIT_OK, refusals
from service.sign.errors import SignError

MAX_PDF_BYTES = 200 * 1024 * 1024


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A signing command: pyhanko's own logging silenced (the report says it, without tracebacks), refusals printed
    and exited as every command's (service.cli.errors)."""
    guarded = refusals()(fn)

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        import logging

        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
        return guarded(*args, **kwargs)

    return run


def _read_pdf(path: str) -> bytes:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_PDF_BYTES:
            raise SignError(f"Tệp {path} quá lớn.", f"The file {path} is too large.", field="file")
        data = file.read_bytes()
    except OSError as exc:
        raise SignError(f"Không đọc được {path}: {exc.strerror}.", f"Cannot read {path}: {exc.strerror}.",
                        field="file") from exc
    if not data.startswith(b"%PDF-"):
        raise SignError(f"{path} không phải tệp PDF.", f"{path} is not a PDF.", field="file")
    return data


class _SignGroup(click.Group):
    """`vanban sign IN.pdf …` signs; `vanban sign key …` configures keys (the file form is a hidden command)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["file", *args]
        return super().parse_args(ctx, args)


@click.group("sign", cls=_SignGroup)
def sign_group() -> None:
    """Ký số tệp PDF (người ký, cơ quan) và cấu hình khóa / digitally sign a PDF; configure keys.

    vanban sign IN.pdf --as signer|agency|attachment (--signer ID | --agency CODE | --p12 KEY.p12) -o OUT.pdf

    Every option of that form: vanban sign IN.pdf --help"""


def _db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--database-url", envvar="DATABASE_URL", default=None,
                        help="SQLAlchemy URL of the register (default: DATABASE_URL, else the data dir).")(fn)


@sign_group.command("file", hidden=True)
@click.argument("input_pdf", metavar="IN.pdf")
@click.option("--as", "role", type=click.Choice(["signer", "agency", "attachment"]), required=True,
              help="signer: người có thẩm quyền; agency: cơ quan (sau người ký); attachment: góc trên phải.")
@click.option("--signer", "signer_id", help="Khóa đã cấu hình của người ký (id).")
@click.option("--agency", "agency_code", help="Khóa đã cấu hình của cơ quan (mã).")
@click.option("--p12", "p12_path", type=click.Path(dir_okay=False), help="Tệp khóa PKCS#12.")
@click.option("--password-file", type=click.Path(dir_okay=False), help="Tệp chứa mật khẩu của tệp .p12.")
@click.option("--password-env", help="Tên biến môi trường chứa mật khẩu.")
@click.option("--image", "image_path", type=click.Path(dir_okay=False), help="Ảnh chữ ký (xanh) / con dấu (đỏ).")
@click.option("--name", "display_name", help="Tên hiển thị (tên cơ quan bên con dấu, tên người ký).")
@click.option("--position", help="Dòng chức vụ ngay trên chỗ ký (khi tệp có nhiều khối chữ ký).")
@click.option("--signer-name", help="Họ tên người ký in dưới chỗ ký.")
@click.option("--line", help="attachment: số, ký hiệu văn bản chính (hoặc cơ quan sao).")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False))
@_db_option
@_friendly
def sign_file(input_pdf: str, role: str, signer_id: str | None, agency_code: str | None, p12_path: str | None,
              password_file: str | None, password_env: str | None, image_path: str | None,
              display_name: str | None, position: str | None, signer_name: str | None, line: str | None,
              out: str, database_url: str | None) -> None:
    """Ký số IN.pdf / sign IN.pdf."""
    from service.store.output import write_output
    from service.sign import roles
    from service.sign.keys import KeySpec, open_signer
    from service.sign.settings import options_from_env

    data = _read_pdf(input_pdf)
    if p12_path:
        spec = KeySpec("pkcs12", p12_path=p12_path, secret_file=password_file, secret_env=password_env,
                       image_path=image_path, display_name=display_name)
    else:
        from service.sign import keystore

        owner = ("signer", signer_id) if role == "signer" else ("agency", agency_code)
        if not owner[1]:
            flag = "--signer" if role == "signer" else "--agency"
            raise SignError(f"Cần {flag} hoặc --p12.", f"{flag} or --p12 is required.", field=flag)
        spec = keystore.get_key(open_register(database_url), *owner)  # type: ignore[arg-type]
        if image_path or display_name:
            from dataclasses import replace

            spec = replace(spec, image_path=image_path or spec.image_path,
                           display_name=display_name or spec.display_name)
    where = roles.Where(position, signer_name)
    now = dt.datetime.now(dt.timezone.utc)
    options = options_from_env()
    with open_signer(spec) as signer:
        if role == "signer":
            signed = roles.sign_signer(data, signer, spec, where, signing_time=now, options=options,
                                       signer_name=signer_name)
        elif role == "agency":
            signed = roles.sign_agency(data, signer, spec, where, signing_time=now, options=options,
                                       agency_name=display_name)
        else:
            if not line:
                raise SignError("attachment cần --line (số, ký hiệu văn bản chính hoặc cơ quan sao).",
                                "attachment needs --line (the main document's number/symbol, or the copying "
                                "agency).", field="--line")
            signed = roles.sign_text(data, signer, first_line=line, signing_time=now, options=options)
    write_output(signed.data, out)
    from service.sign.electronic import record_signature, signature_detail

    owner = signer_id if role == "signer" else agency_code
    detail = signature_detail(role, owner or f"p12:{Path(p12_path or '').name}", signed)
    detail["file"] = str(Path(out).name)
    record_signature(open_register(database_url), actor=cli_actor(), detail=detail)
    click.echo(f"{signed.field_name}: {signed.level} {signed.signing_time.isoformat()} "
               f"{signed.certificate.subject} sha256={signed.certificate.sha256}")
    for note in signed.notes:
        click.echo(f"  {note}", err=True)


@sign_group.group("key")
def key_group() -> None:
    """Khóa ký số của người ký và cơ quan / signing keys of signers and agencies."""


@key_group.command("set")
@click.argument("owner_kind", type=click.Choice(["signer", "agency"]))
@click.argument("owner_id")
@click.option("--p12", "p12_path", help="PKCS#12 (.p12/.pfx) path.")
@click.option("--password-file", "secret_file", help="Secret file holding the password / PIN.")
@click.option("--password-env", "secret_env", help="Environment variable NAME holding the password / PIN.")
@click.option("--pin-file", "pin_file", help="Same as --password-file, for tokens.")
@click.option("--pin-env", "pin_env", help="Same as --password-env, for tokens.")
@click.option("--pkcs11-module", help="PKCS#11 module (.so) of the token or HSM.")
@click.option("--token-label")
@click.option("--key-label")
@click.option("--cert-label", help="Default: the key label.")
@click.option("--image", "image_path", help="Signer: blue signature PNG; agency: red seal PNG (transparent).")
@click.option("--image-width-mm", type=float, help="Seal's real width when the PNG has no resolution.")
@click.option("--name", "display_name", help="Name shown in the appearance (the agency's name).")
@_db_option
@_friendly
def key_set(owner_kind: str, owner_id: str, p12_path: str | None, secret_file: str | None,
            secret_env: str | None, pin_file: str | None, pin_env: str | None, pkcs11_module: str | None,
            token_label: str | None, key_label: str | None, cert_label: str | None, image_path: str | None,
            image_width_mm: float | None, display_name: str | None, database_url: str | None) -> None:
    """Đặt khóa ký số cho người ký / cơ quan (mật khẩu không lưu: chỉ nơi đọc nó)."""
    from service.sign import keystore
    from service.sign.keys import KeySpec

    kind = "pkcs11" if pkcs11_module else "pkcs12"
    spec = KeySpec(kind, p12_path=p12_path, secret_file=secret_file or pin_file, secret_env=secret_env or pin_env,
                   pkcs11_module=pkcs11_module, token_label=token_label, key_label=key_label, cert_label=cert_label,
                   image_path=image_path, image_width_mm=image_width_mm, display_name=display_name)
    keystore.set_key(open_register(database_url), owner_kind, owner_id, spec, actor=cli_actor())
    click.echo(f"{owner_kind} {owner_id}: {kind}")


@key_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_friendly
def key_list(as_json: bool, database_url: str | None) -> None:
    """Các khóa đã cấu hình / configured keys."""
    from service.sign import keystore

    rows = [keystore.row_dict(r) for r in keystore.list_keys(open_register(database_url))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        where = r["p12_path"] if r["kind"] == "pkcs12" else f"{r['pkcs11_module']} {r['token_label']}/{r['key_label']}"
        secret = r["secret_file"] or (f"${r['secret_env']}" if r["secret_env"] else "-")
        click.echo(f"{r['owner_kind']}\t{r['owner_id']}\t{r['kind']}\t{where}\tsecret={secret}\t"
                   f"image={r['image_path'] or '-'}")


@key_group.command("delete")
@click.argument("owner_kind", type=click.Choice(["signer", "agency"]))
@click.argument("owner_id")
@_db_option
@_friendly
def key_delete(owner_kind: str, owner_id: str, database_url: str | None) -> None:
    """Xóa cấu hình khóa / remove a key's configuration (audited)."""
    from service.sign import keystore

    if not keystore.delete_key(open_register(database_url), owner_kind, owner_id, actor=cli_actor()):
        raise SignError("Không có khóa này.", "No such key.", field="owner_id")


@click.command("verify")
@click.argument("input_pdf", metavar="FILE.pdf")
@click.option("--trust", "trust", type=click.Path(file_okay=False), envvar="VANBAN_TRUST_DIR",
              help="Folder of trusted root certificates (default VANBAN_TRUST_DIR).")
@click.option("--json", "as_json", is_flag=True)
@_friendly
def verify_cmd(input_pdf: str, trust: str | None, as_json: bool) -> None:
    """Kiểm tra chữ ký số / verify the signatures; exit 0 when every one is intact and trusted, else 1."""
    from service.sign.settings import load_trust_roots
    from service.sign.verify import verify

    report = verify(_read_pdf(input_pdf), load_trust_roots(trust))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for i, s in enumerate(report.signatures, 1):
            mark = "OK" if s.ok else "LỖI/FAIL"
            click.echo(f"#{i} {s.field}: {mark}  {s.signer}")
            click.echo(f"   thời điểm ký / signed at: {s.signing_time or '-'}"
                       + (f"  dấu thời gian / timestamp: {s.timestamp}" if s.timestamp else ""))
            click.echo(f"   toàn vẹn / intact: {s.intact}  tin cậy / trusted: {s.trusted}  "
                       f"phạm vi / coverage: {s.coverage}  sửa đổi sau ký / changes after: {s.modification}")
            for vi, en in zip(s.messages_vi, s.messages_en):
                click.echo(f"   - {vi} / {en}")
        for vi, en in zip(report.messages_vi, report.messages_en):
            click.echo(f"{vi} / {en}")
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


def register_commands(cli: click.Group) -> None:
    cli.add_command(sign_group)
    cli.add_command(verify_cmd)
